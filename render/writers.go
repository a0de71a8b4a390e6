package render

import (
	"fmt"

	"github.com/docexport/docexport/render/docx"
	"github.com/docexport/docexport/render/pdf"
)

// newWriters prepares one writer per format; the per-process work (font
// parsing, template packing) happens here, once.
func newWriters(cfg Config) (map[Format]Writer, error) {
	p, err := pdf.New(pdf.Options{ShapeCacheWords: cfg.ShapeCacheWords, SubsetCacheFonts: cfg.SubsetCacheFonts})
	if err != nil {
		return nil, fmt.Errorf("render: pdf writer: %w", err)
	}
	d, err := docx.New()
	if err != nil {
		return nil, fmt.Errorf("render: docx writer: %w", err)
	}
	return map[Format]Writer{PDF: p, DOCX: d}, nil
}
