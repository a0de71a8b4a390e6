package docx

import (
	"bytes"
	"compress/flate"
	"context"
	"testing"
)

// BenchmarkWrite measures Write on hand-built documents of the samples'
// size (ten paragraphs of ~600 characters); BenchmarkRenderSample in
// render_test.go measures the corpus samples through render.
func BenchmarkWrite(b *testing.B) {
	w := newTestWriter(b)
	for _, lang := range []string{"en", "my"} {
		d := benchDoc(lang)
		b.Run(lang, func(b *testing.B) {
			var size int
			for b.Loop() {
				out, err := w.Write(context.Background(), d)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size), "bytes/file")
		})
	}
}

// BenchmarkFontDeflate is what godocx would spend per Myanmar document if
// the fonts went through its writer (it deflates every part on every
// Write): the reason addFontParts copies precompressed font parts instead.
func BenchmarkFontDeflate(b *testing.B) {
	w := newTestWriter(b)
	fam := w.families["noto"]
	for b.Loop() {
		var buf bytes.Buffer
		for _, f := range []*embeddedFace{fam.regular, fam.bold} {
			zw, _ := flate.NewWriter(&buf, flate.DefaultCompression)
			zw.Write(f.odttf)
			zw.Close()
		}
	}
}

// BenchmarkNew is the per-process work: template parsing, fsType checks,
// obfuscating and compressing the four Myanmar faces.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}
