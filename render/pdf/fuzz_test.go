package pdf_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/docexport/docexport/render"
)

// fuzzPDFMaxInput caps title+body per fuzz input so one render stays short.
const fuzzPDFMaxInput = 64 << 10

var (
	fuzzPDFOnce     sync.Once
	fuzzPDFRenderer *render.Renderer
	fuzzPDFErr      error
)

// fuzzPDFRendererFor prepares the faces once per fuzz worker process.
func fuzzPDFRendererFor(t testing.TB) *render.Renderer {
	t.Helper()
	fuzzPDFOnce.Do(func() { fuzzPDFRenderer, fuzzPDFErr = render.New(render.DefaultConfig()) })
	if fuzzPDFErr != nil {
		t.Fatalf("render.New: %v", fuzzPDFErr)
	}
	return fuzzPDFRenderer
}

// FuzzPDF renders arbitrary titles and bodies in either language through
// Renderer.Render as PDF. The result must be a complete PDF (%PDF- ...
// %%EOF) or a *render.Error whose code is not internal: an internal error
// is a defect in the writer, reported with its cause.
func FuzzPDF(f *testing.F) {
	f.Add("en", "Statement", "A paragraph.\n\n- one\n- two\n")
	f.Add("my", "ထုတ်ပြန်ချက်", "မင်္ဂလာပါ။ ဤသည် စမ်းသပ်ချက် ဖြစ်သည်။\n")
	f.Add("en", "Mixed မြန်မာ", "English and မြန်မာ in **one** [link](https://example.org).\n")
	f.Fuzz(func(t *testing.T, lang, title, body string) {
		if len(title)+len(body) > fuzzPDFMaxInput {
			t.Skip("input over the fuzz size cap")
		}
		r := fuzzPDFRendererFor(t)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		st := render.Statement{Lang: lang, Title: title, Body: body}
		res, err := r.Render(ctx, st, render.PDF)
		if err != nil {
			var e *render.Error
			if !errors.As(err, &e) {
				t.Fatalf("error is %T, not *render.Error: %v", err, err)
			}
			if e.Code == render.CodeInternal || e.Code == render.CodeTimeout || e.Code == render.CodeCanceled {
				t.Fatalf("render failed with %s: %v", e.Code, err)
			}
			if e.Message == "" {
				t.Fatalf("error %s has no client message", e.Code)
			}
			return
		}
		if !bytes.HasPrefix(res.Data, []byte("%PDF-")) {
			t.Fatalf("output does not start with %%PDF-: %.20q", res.Data)
		}
		if !bytes.HasSuffix(bytes.TrimRight(res.Data, "\r\n"), []byte("%%EOF")) {
			t.Fatalf("output does not end with %%%%EOF: %q", fuzzTail(res.Data))
		}
		if res.Format != render.PDF {
			t.Fatalf("result format %q", res.Format)
		}
	})
}

func fuzzTail(b []byte) []byte {
	if len(b) > 32 {
		return b[len(b)-32:]
	}
	return b
}
