package pdf_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/docexport/docexport/render"
	"github.com/docexport/docexport/render/testtool"
)

// sample loads a corpus statement as a render.Statement.
func sample(tb testing.TB, name string) render.Statement {
	tb.Helper()
	var st render.Statement
	if err := json.Unmarshal(testtool.ReadCorpus(tb, name), &st); err != nil {
		tb.Fatal(err)
	}
	return st
}

func newRenderer(tb testing.TB) *render.Renderer {
	tb.Helper()
	return newRendererWith(tb, render.DefaultConfig())
}

func newRendererWith(tb testing.TB, cfg render.Config) *render.Renderer {
	tb.Helper()
	r, err := render.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// long repeats the sample body until the document runs to about n pages.
func long(st render.Statement, times int) render.Statement {
	st.Body = strings.Repeat(st.Body+"\n\n", times)
	return st
}

func benchPDF(b *testing.B, st render.Statement) {
	benchPDFWith(b, render.DefaultConfig(), st)
}

func benchPDFWith(b *testing.B, cfg render.Config, st render.Statement) {
	r := newRendererWith(b, cfg)
	ctx := context.Background()
	res, err := r.Render(ctx, st, render.PDF)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(res.Data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := r.Render(ctx, st, render.PDF); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPDFEnglish(b *testing.B) { benchPDF(b, sample(b, "statement-en.json")) }
func BenchmarkPDFMyanmar(b *testing.B) { benchPDF(b, sample(b, "statement-my.json")) }

// BenchmarkPDFMyanmar15Pages renders the Myanmar sample body five times over: 15 pages.
func BenchmarkPDFMyanmar15Pages(b *testing.B) { benchPDF(b, long(sample(b, "statement-my.json"), 5)) }

// The benchmarks above render one statement again and again, so after the
// first render every word comes from the shared shaped-word cache, as it
// does when a statement's download button is clicked again (and its font
// subsets from the subset cache). These measure the first render of a
// statement: without the shared caches, every distinct word of the
// document is shaped by HarfBuzz and every subset cut and compressed.
func noShapeCache() render.Config {
	cfg := render.DefaultConfig()
	cfg.ShapeCacheWords, cfg.SubsetCacheFonts = 0, 0
	return cfg
}

func BenchmarkPDFEnglishFirstRender(b *testing.B) {
	benchPDFWith(b, noShapeCache(), sample(b, "statement-en.json"))
}

func BenchmarkPDFMyanmarFirstRender(b *testing.B) {
	benchPDFWith(b, noShapeCache(), sample(b, "statement-my.json"))
}

func BenchmarkPDFMyanmar15PagesFirstRender(b *testing.B) {
	benchPDFWith(b, noShapeCache(), long(sample(b, "statement-my.json"), 5))
}
