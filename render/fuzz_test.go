package render_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docexport/docexport/render"
)

// fuzzStatementMaxInput caps the total size of one fuzzed statement.
const fuzzStatementMaxInput = 64 << 10

var (
	fuzzOnce     sync.Once
	fuzzRenderer *render.Renderer
	fuzzErr      error
)

func fuzzRendererFor(t testing.TB) *render.Renderer {
	t.Helper()
	fuzzOnce.Do(func() { fuzzRenderer, fuzzErr = render.New(render.DefaultConfig()) })
	if fuzzErr != nil {
		t.Fatalf("render.New: %v", fuzzErr)
	}
	return fuzzRenderer
}

// inputCodes are the codes that reject a statement before any writer runs:
// they depend on the statement alone, so both formats must agree on them.
var inputCodes = map[render.Code]bool{
	render.CodeInvalidField:          true,
	render.CodeUnsupportedCharacters: true,
	render.CodeZawgyiDetected:        true,
}

// FuzzStatement renders whole statements (every field fuzzed) in both
// formats. Each format yields a valid document (a PDF framed by %PDF- and
// %%EOF; a .docx zip whose word/document.xml is well-formed XML) or a
// non-internal *render.Error, and an input rejected for its content is
// rejected the same way by both formats.
func FuzzStatement(f *testing.F) {
	f.Add("en", "Statement", "Press release", "2025-01-29", "Office", "https://example.org/s", "A paragraph.\n\n- one\n", "", "")
	f.Add("my", "ထုတ်ပြန်ချက်", "", "2025-01-29", "ရုံး", "", "မင်္ဂလာပါ။\n", "pyidaungsu", "convert")
	f.Add("my", "ျမန္မာ", "", "", "", "", "ျမန္မာ စာ\n", "noto", "reject")
	f.Fuzz(func(t *testing.T, lang, title, kind, date, author, url, body, font, zawgyi string) {
		if len(lang)+len(title)+len(kind)+len(date)+len(author)+len(url)+len(body)+len(font)+len(zawgyi) > fuzzStatementMaxInput {
			t.Skip("input over the fuzz size cap")
		}
		st := render.Statement{Lang: lang, Title: title, Kind: kind, Date: date, Author: author, URL: url, Body: body, Font: font, Zawgyi: zawgyi}
		r := fuzzRendererFor(t)
		codes := map[render.Format]render.Code{}
		for _, format := range render.Formats() {
			codes[format] = renderChecked(t, r, st, format)
		}
		pdfCode, docxCode := codes[render.PDF], codes[render.DOCX]
		if (inputCodes[pdfCode] || inputCodes[docxCode]) && pdfCode != docxCode {
			t.Fatalf("formats disagree on the input: pdf %q, docx %q", pdfCode, docxCode)
		}
	})
}

// renderChecked renders st in format and checks the document or the error;
// it returns the error code ("" on success).
func renderChecked(t *testing.T, r *render.Renderer, st render.Statement, format render.Format) render.Code {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := r.Render(ctx, st, format)
	if err != nil {
		var e *render.Error
		if !errors.As(err, &e) {
			t.Fatalf("%s: error is %T, not *render.Error: %v", format, err, err)
		}
		if e.Code == render.CodeInternal || e.Code == render.CodeTimeout || e.Code == render.CodeCanceled {
			t.Fatalf("%s: render failed with %s: %v", format, e.Code, err)
		}
		return e.Code
	}
	switch format {
	case render.PDF:
		if !bytes.HasPrefix(res.Data, []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(res.Data, "\r\n"), []byte("%%EOF")) {
			t.Fatalf("pdf: not a complete PDF (%d bytes)", len(res.Data))
		}
	case render.DOCX:
		checkDocx(t, res.Data)
	}
	return ""
}

// checkDocx asserts data is a zip holding a well-formed word/document.xml.
func checkDocx(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("docx: not a zip: %v", err)
	}
	found := false
	for _, zf := range zr.File {
		if !strings.HasSuffix(zf.Name, ".xml") && !strings.HasSuffix(zf.Name, ".rels") {
			continue
		}
		if zf.Name == "word/document.xml" {
			found = true
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatalf("docx: open %s: %v", zf.Name, err)
		}
		dec := xml.NewDecoder(rc)
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				rc.Close()
				t.Fatalf("docx: %s is not well-formed XML: %v", zf.Name, err)
			}
		}
		rc.Close()
	}
	if !found {
		t.Fatal("docx: no word/document.xml")
	}
}
