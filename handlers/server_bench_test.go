package handlers

import (
	"net/http"
	"testing"

	"github.com/docexport/docexport/render"
)

// BenchmarkRenderHTTP measures one render request through the whole
// handler (decode, limiter, render, headers) over loopback.
func BenchmarkRenderHTTP(b *testing.B) {
	ts := newTestServer(b, DefaultConfig(), nil)
	for _, c := range []struct {
		name string
		f    render.Format
		st   render.Statement
	}{
		{"pdf/en", render.PDF, statement()},
		{"pdf/my", render.PDF, myanmarStatement()},
		{"docx/en", render.DOCX, statement()},
		{"docx/my", render.DOCX, myanmarStatement()},
	} {
		b.Run(c.name, func(b *testing.B) {
			needWriter(b, c.f)
			body := mustJSON(b, c.st)
			for b.Loop() {
				resp, _ := ts.do(b, http.MethodPost, "/v1/render/"+string(c.f), "application/json", body, nil)
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
		})
	}
}
