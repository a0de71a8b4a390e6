package handlers

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/docexport/docexport/render"
)

// findingsRenderer adds findings to real results, as the Myanmar hygiene
// reports them, including hostile text that must not reach a header raw.
type findingsRenderer struct{ next Renderer }

func (f findingsRenderer) Render(ctx context.Context, st render.Statement, fm render.Format) (*render.Result, error) {
	res, err := f.next.Render(ctx, st, fm)
	if err != nil {
		return nil, err
	}
	res.Warnings = append(res.Warnings,
		render.Warning{Code: "invalid_sequence", Field: "body", Offset: 123, Message: "မ"},
		render.Warning{Code: "repaired", Field: "title", Offset: 4},
		render.Warning{Code: "evil\r\nX-Injected: 1", Field: "ဘ", Offset: 0})
	res.Converted = []string{"title", "body"}
	return res, nil
}

func TestFindingHeaders(t *testing.T) {
	needWriter(t, render.PDF)
	ts := newTestServer(t, DefaultConfig(), func(r Renderer) Renderer { return findingsRenderer{r} })
	resp, body := ts.postJSON(t, "/v1/render/pdf", statement())
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if got, want := resp.Header.Get(HeaderWarnings), "invalid_sequence body@123, repaired title@4, evilX-Injected1 -@0"; got != want {
		t.Errorf("%s: %q, want %q", HeaderWarnings, got, want)
	}
	if resp.Header.Get("X-Injected") != "" {
		t.Error("a warning injected a header")
	}
	if got := resp.Header.Get(HeaderConverted); got != "zawgyi" {
		t.Errorf("%s: %q", HeaderConverted, got)
	}
	if got := resp.Header.Get(HeaderConvertedFields); got != "title, body" {
		t.Errorf("%s: %q", HeaderConvertedFields, got)
	}
}

func TestWarningsHeaderIsBounded(t *testing.T) {
	ws := make([]render.Warning, 100)
	for i := range ws {
		ws[i] = render.Warning{Code: "repaired", Field: "body", Offset: i}
	}
	h := warningsHeader(ws)
	if !strings.HasSuffix(h, ", and 80 more") || strings.Count(h, "repaired") != maxWarningsListed {
		t.Fatalf("%q", h)
	}
}

func TestStatusMapping(t *testing.T) {
	for code, want := range map[render.Code]int{
		CodeInvalidJSON: 400, CodeBodyTooLarge: 413, CodeUnsupportedMediaType: 415,
		render.CodeInvalidField: 422, render.CodeUnsupportedCharacters: 422, render.CodeZawgyiDetected: 422,
		CodeNotFound: 404, CodeMethodNotAllowed: 405, CodeOverloaded: 429, render.CodeTimeout: 503,
		render.CodeCanceled: 499, render.CodeInternal: 500, "something_new": 500,
	} {
		if got := Status(code); got != want {
			t.Errorf("Status(%s) = %d, want %d", code, got, want)
		}
	}
}
