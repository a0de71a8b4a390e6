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
	r, err := render.New(render.DefaultConfig())
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
	r := newRenderer(b)
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
