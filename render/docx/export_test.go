package docx

import (
	"testing"

	"github.com/docexport/docexport/render/doc"
)

// Test hooks for the external test package (which may import render).

// EnglishDoc, MyanmarDoc and BenchDoc are the hand-built test documents.
var (
	EnglishDoc = englishDoc
	MyanmarDoc = myanmarDoc
	BenchDoc   = benchDoc
)

// WithoutEmbedding returns a copy of w that leaves fonts out of the package.
func WithoutEmbedding(w *Writer) *Writer {
	c := *w
	c.noEmbed = true
	return &c
}

// ConvertAll, LOFile and DocParagraphs expose the LibreOffice oracle.
type LOFile = loFile

func ConvertAll(t *testing.T, files []LOFile) { convertAll(t, files) }

func DocParagraphs(d *doc.Document) []string { return docParagraphs(d) }
