// Package docx writes a document model as a Word (.docx) file with godocx,
// embedding the Myanmar faces it uses.
package docx

import (
	"context"
	"errors"

	"github.com/docexport/docexport/render/doc"
)

// Writer writes Word files. It is safe for concurrent use.
type Writer struct{}

// New does the per-process work once.
func New() (*Writer, error) { return &Writer{}, nil }

// Write renders d as a .docx file.
func (w *Writer) Write(ctx context.Context, d *doc.Document) ([]byte, error) {
	return nil, errors.New("docx: not built yet")
}
