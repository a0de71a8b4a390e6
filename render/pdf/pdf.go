// Package pdf writes a document model as a PDF with fpdf, drawing text that
// HarfBuzz shaped so Myanmar is spelled correctly.
package pdf

import (
	"context"
	"errors"

	"github.com/docexport/docexport/render/doc"
)

// Writer writes PDFs. It is safe for concurrent use.
type Writer struct{}

// New prepares the faces once per process.
func New() (*Writer, error) { return &Writer{}, nil }

// Write renders d as a PDF.
func (w *Writer) Write(ctx context.Context, d *doc.Document) ([]byte, error) {
	return nil, errors.New("pdf: not built yet")
}
