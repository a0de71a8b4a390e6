// Package pdf lays out a document model and writes it as an A4 PDF with
// fpdf. Text is shaped with HarfBuzz (render/shape) and drawn at the
// positions HarfBuzz gives, so Myanmar is spelled correctly. Lines break at
// spaces and Myanmar syllable boundaries (render/myanmar). The glyphs each
// face draws are embedded as small TrueType subsets cut per document
// (render/sfnt; see fontset.go for why), every word carries its original
// Unicode as /ActualText, and every subset a ToUnicode map, so copy, search
// and extraction return the text as typed.
package pdf

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"runtime"

	"github.com/go-pdf/fpdf"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render/doc"
)

// Writer writes PDFs. Faces are parsed and prepared once in New; Write is
// safe for concurrent use.
type Writer struct {
	faces   *faceSet
	cache   *shapeCache
	subsets *subsetCache
	zlib    *zpool
}

// Default cache bounds.
const (
	DefaultShapeCacheWords  = 50000
	DefaultSubsetCacheFonts = 512
)

// Options configure a Writer.
type Options struct {
	// ShapeCacheWords bounds the cache of shaped words shared by all
	// documents (0: no shared cache, each document caches its own words).
	ShapeCacheWords int
	// SubsetCacheFonts bounds the cache of compressed font subsets, which
	// repeat renders of a statement reuse (0 disables it).
	SubsetCacheFonts int
}

// New prepares every embedded face once per process.
func New(opt Options) (*Writer, error) {
	fs, err := prepareFaces()
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return &Writer{faces: fs, cache: newShapeCache(opt.ShapeCacheWords), subsets: newSubsetCache(opt.SubsetCacheFonts),
		zlib: newZpool(runtime.GOMAXPROCS(0) * 2)}, nil
}

// docWriter is the state of one document being written.
type docWriter struct {
	d *doc.Document
	s *setter
}

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
	cache := w.cache
	if cache.max <= 0 {
		cache = newShapeCache(math.MaxInt)
	}
	dw := &docWriter{d: d, s: &setter{faces: w.faces, myanmar: my, cache: cache}}
	pages, err := dw.layout(ctx)
	if err != nil {
		return nil, err
	}
	pdf := fpdf.NewCustom(&fpdf.InitType{OrientationStr: "P", UnitStr: "pt", Size: fpdf.SizeType{Wd: pageW, Ht: pageH}})
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	date := d.CreationDate()
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetTitle(d.TitleText, true)
	if d.AuthorText != "" {
		pdf.SetAuthor(d.AuthorText, true)
	}
	pdf.SetCreator("docexport", true)
	pdf.SetProducer("docexport", true)
	pdf.SetLang(d.Lang)
	for i, pg := range pages {
		pg.lines = append(pg.lines, dw.footer(i+1, len(pages))...)
	}
	df := newDocFonts()
	for _, pg := range pages {
		for _, pl := range pg.lines {
			df.assign(pl)
		}
	}
	if err := doc.ContextErr(ctx); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	if err := df.embed(pdf, w.zlib, w.subsets); err != nil {
		return nil, fmt.Errorf("pdf: fonts: %w", err)
	}
	c := &canvas{pdf: pdf, fonts: df}
	for i, pg := range pages {
		if err := doc.ContextErr(ctx); err != nil {
			return nil, fmt.Errorf("pdf: page %d: %w", i+1, err)
		}
		pdf.AddPage()
		c.family = ""
		for _, s := range pg.strokes {
			c.stroke(s)
		}
		for _, pl := range pg.lines {
			c.drawLine(pl)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: output: %w", err)
	}
	out, err := addToUnicodeWith(buf.Bytes(), df.unicodeMaps(func(f *face) []rune { return f.runes }), w.zlib)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return out, nil
}

// footer lays out the page label on the right and the canonical URL on
// the left of page n's footer.
func (dw *docWriter) footer(n, total int) []placedLine {
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
	var out []placedLine
	labelW := 0.0
	for _, p := range dw.s.paragraphs(label, st) {
		for _, l := range p.breakLines(pageW) {
			labelW = l.width
			out = append(out, placedLine{l: l, x: pageW - margin - l.width, y: footerY})
		}
	}
	if dw.d.URL == "" {
		return out
	}
	room := pageW - 2*margin - labelW - 24
	text := []rune(dw.d.URL)
	for {
		ps := dw.s.paragraphs([]doc.Run{{Text: string(text), Link: dw.d.URL}}, st)
		ps[0].spans[0].color = colMuted
		l := ps[0].breakLines(1e9)
		if len(l) == 0 {
			return out
		}
		if l[0].width <= room || len(text) < 8 {
			return append(out, placedLine{l: l[0], x: margin, y: footerY})
		}
		// Shorten a URL too long for the footer; the link keeps it whole.
		text = append(text[:len(text)*3/4:len(text)*3/4], '…')
	}
}

func (dw *docWriter) digits(n int) string {
	if dw.d.Digits != nil {
		return dw.d.Digits(n)
	}
	return fmt.Sprint(n)
}
