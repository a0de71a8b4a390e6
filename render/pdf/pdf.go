// Package pdf writes a document model as an A4 PDF with fpdf. Text is
// shaped with HarfBuzz (render/shape) and drawn glyph by glyph at the
// positions HarfBuzz gives, so Myanmar is spelled correctly; fpdf can only
// reach glyphs through code points, so each face gets Private Use Area code
// points for its unmapped glyphs (render/sfnt), and every word carries its
// original Unicode as /ActualText for copy, search and extraction.
package pdf

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render/doc"
)

// Writer writes PDFs. Faces are parsed and prepared once in New; Write is
// safe for concurrent use.
type Writer struct {
	faces *faceSet
	cache *shapeCache
}

// New prepares every embedded face once per process.
func New() (*Writer, error) {
	fs, err := prepareFaces()
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return &Writer{faces: fs, cache: newShapeCache()}, nil
}

// docWriter is the state of one document being written.
type docWriter struct {
	d *doc.Document
	s *setter
}

// fallbackDate is the creation date of documents without a date, so output
// never depends on the clock.
var fallbackDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Write renders d. It checks ctx between blocks and pages.
func (w *Writer) Write(ctx context.Context, d *doc.Document) ([]byte, error) {
	family := d.MyanmarFamily
	if family == "" {
		family = fonts.DefaultMyanmar
	}
	my, ok := w.faces.myanmar[family]
	if !ok {
		return nil, fmt.Errorf("pdf: unknown Myanmar family %q", family)
	}
	dw := &docWriter{d: d, s: &setter{faces: w.faces, myanmar: my, cache: w.cache}}
	pages, err := dw.layout(ctx)
	if err != nil {
		return nil, err
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", Size: fpdf.SizeType{Wd: pageW, Ht: pageH}})
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	date := d.Date
	if date.IsZero() {
		date = fallbackDate
	}
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetTitle(d.TitleText, true)
	if d.AuthorText != "" {
		pdf.SetAuthor(d.AuthorText, true)
	}
	pdf.SetCreator("docexport", true)
	pdf.SetProducer("docexport", true)
	pdf.SetLang(d.Lang)
	c := &canvas{pdf: pdf, used: map[*face]bool{}}
	for i, pg := range pages {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("pdf: page %d: %w", i+1, err)
		}
		pdf.AddPage()
		c.font, c.color = nil, rgb{-1, -1, -1}
		for _, s := range pg.strokes {
			c.stroke(s)
		}
		for _, pl := range pg.lines {
			c.drawLine(pl)
		}
		dw.footer(c, i+1, len(pages))
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: output: %w", err)
	}
	return renameFonts(buf.Bytes(), c.used), nil
}

// footer draws the canonical URL on the left and the page label on the right.
func (dw *docWriter) footer(c *canvas, n, total int) {
	st := runStyle{size: footerSize, color: colMuted}
	var label []doc.Run
	for _, part := range dw.d.PageLabel {
		text := part.Text
		switch part.Field {
		case doc.PageField:
			text = dw.digits(n)
		case doc.PagesField:
			text = dw.digits(total)
		}
		label = append(label, doc.SplitScripts(text, doc.Run{})...)
	}
	labelW := 0.0
	for _, p := range dw.s.paragraphs(label, st) {
		for _, l := range p.breakLines(pageW) {
			labelW = l.width
			c.drawLine(placedLine{l: l, x: pageW - margin - l.width, y: footerY})
		}
	}
	if dw.d.URL == "" {
		return
	}
	room := pageW - 2*margin - labelW - 24
	text := dw.d.URL
	for {
		ps := dw.s.paragraphs([]doc.Run{{Text: text, Link: dw.d.URL}}, st)
		l := ps[0].breakLines(1e9)
		if len(l) == 0 {
			return
		}
		if l[0].width <= room || len(text) < 8 {
			ps[0].spans[0].color = colMuted
			c.drawLine(placedLine{l: l[0], x: margin, y: footerY})
			return
		}
		r := []rune(text)
		text = string(r[:len(r)*3/4]) + "…"
	}
}

func (dw *docWriter) digits(n int) string {
	if dw.d.Digits != nil {
		return dw.d.Digits(n)
	}
	return fmt.Sprint(n)
}
