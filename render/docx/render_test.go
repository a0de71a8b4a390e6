package docx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/docexport/docexport/render"
	"github.com/docexport/docexport/render/docx"
	"github.com/docexport/docexport/render/testtool"
)

// sample is a corpus statement rendered through render, with its document.
type sample struct {
	name string
	st   render.Statement
}

func loadSample(t testing.TB, name string) render.Statement {
	t.Helper()
	var st render.Statement
	if err := json.Unmarshal(testtool.ReadCorpus(t, name), &st); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return st
}

func newRenderer(t testing.TB) *render.Renderer {
	t.Helper()
	r, err := render.New(render.DefaultConfig())
	if err != nil {
		t.Fatalf("render.New: %v", err)
	}
	return r
}

// Myanmar face names as pdffonts prints them.
var myanmarFaces = []string{"NotoSansMyanmar", "Pyidaungsu", "Padauk", "Myanmar"}

// TestLibreOffice converts the hand-built documents and the corpus samples
// (rendered through render) in one soffice call: the files open, their
// text comes back in order, and the Myanmar faces come from the files.
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow")
	}
	w, err := docx.New()
	if err != nil {
		t.Fatal(err)
	}
	noEmbed := docx.WithoutEmbedding(w)
	ctx := context.Background()

	var files []docx.LOFile
	en := docx.EnglishDoc()
	enData, err := w.Write(ctx, en)
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, docx.LOFile{Name: "english", Data: enData, Paragraphs: docx.DocParagraphs(en), Footer: docx.FooterPattern(en), FontWant: []string{"NotoSans-Regular", "NotoSans-Bold"}, FontBanned: myanmarFaces})
	for _, c := range []struct{ family, face, bold string }{{"noto", "NotoSansMyanmar-Regular", "NotoSansMyanmar-Bold"}, {"pyidaungsu", "Pyidaungsu", "Pyidaungsu-Bold"}} {
		d := docx.MyanmarDoc(c.family)
		with, err := w.Write(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		without, err := noEmbed.Write(ctx, d)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files,
			docx.LOFile{Name: "myanmar-" + c.family, Data: with, Paragraphs: docx.DocParagraphs(d), Footer: docx.FooterPattern(d), FontWant: []string{c.face, c.bold}},
			docx.LOFile{Name: "myanmar-" + c.family + "-not-embedded", Data: without, FontBanned: myanmarFaces})
	}

	r := newRenderer(t)
	for _, s := range []struct{ file, font, face string }{
		{"statement-en.json", "", ""},
		{"statement-my.json", "noto", "NotoSansMyanmar-Regular"},
		{"statement-my.json", "pyidaungsu", "Pyidaungsu"},
	} {
		st := loadSample(t, s.file)
		st.Font = s.font
		d, _, err := r.Prepare(ctx, st)
		if err != nil {
			t.Fatalf("%s: Prepare: %v", s.file, err)
		}
		res, err := r.Render(ctx, st, render.DOCX)
		if err != nil {
			t.Fatalf("%s: Render: %v", s.file, err)
		}
		f := docx.LOFile{Name: "sample-" + st.Lang + "-" + s.font, Data: res.Data, Paragraphs: docx.DocParagraphs(d), Footer: docx.FooterPattern(d)}
		if s.face != "" {
			f.FontWant = []string{s.face}
		} else {
			f.FontBanned = myanmarFaces
		}
		files = append(files, f)
	}
	docx.ConvertAll(t, files)
}

// TestSamplesThroughRender renders the corpus samples through render: the
// same statement gives the same bytes, the Myanmar file stays under 600 KB
// and the English one carries no font.
func TestSamplesThroughRender(t *testing.T) {
	r := newRenderer(t)
	ctx := context.Background()
	tests := []struct {
		name, file, font string
		maxSize          int
		fonts            bool
	}{
		{"english", "statement-en.json", "", 20 << 10, false},
		{"myanmar noto", "statement-my.json", "noto", 600 << 10, true},
		{"myanmar pyidaungsu", "statement-my.json", "pyidaungsu", 600 << 10, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := loadSample(t, tc.file)
			st.Font = tc.font
			a, err := r.Render(ctx, st, render.DOCX)
			if err != nil {
				t.Fatal(err)
			}
			b, err := r.Render(ctx, st, render.DOCX)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Data, b.Data) {
				t.Error("two renders of one statement differ")
			}
			if len(a.Data) > tc.maxSize {
				t.Errorf("file is %d bytes, want at most %d", len(a.Data), tc.maxSize)
			}
			if got := bytes.Contains(a.Data, []byte("word/fonts/font1.odttf")); got != tc.fonts {
				t.Errorf("embedded font part present = %v, want %v", got, tc.fonts)
			}
			t.Logf("%s: %d bytes", tc.name, len(a.Data))
		})
	}
}

// BenchmarkRenderSample measures the corpus samples through render: the
// Word writer alone on the prepared document ("write"), and the whole
// Render call ("render", which adds validation and the Markdown build).
func BenchmarkRenderSample(b *testing.B) {
	r := newRenderer(b)
	w, err := docx.New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, name := range []string{"en", "my"} {
		st := loadSample(b, "statement-"+name+".json")
		d, _, err := r.Prepare(ctx, st)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("write-"+name, func(b *testing.B) {
			var size int
			for b.Loop() {
				out, err := w.Write(ctx, d)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "bytes/file")
		})
		b.Run("render-"+name, func(b *testing.B) {
			for b.Loop() {
				if _, err := r.Render(ctx, st, render.DOCX); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
