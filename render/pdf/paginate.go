package pdf

import (
	"context"
	"fmt"

	"github.com/docexport/docexport/render/doc"
)

// placedLine is a line at its position: x of the line start, y of the baseline.
type placedLine struct {
	l    *line
	x, y float64
}

// stroke is a straight line segment drawn on a page.
type stroke struct {
	x1, y1, x2, y2, width float64
	color                 rgb
}

// page is everything drawn on one page except the footer.
type page struct {
	lines   []placedLine
	strokes []stroke
}

// pager places lines top to bottom and opens pages as they fill.
type pager struct {
	ctx   context.Context
	pages []*page
	y     float64 // top of the next line
}

func newPager(ctx context.Context) *pager {
	pg := &pager{ctx: ctx}
	pg.newPage()
	return pg
}

func (pg *pager) newPage() {
	pg.pages = append(pg.pages, &page{})
	pg.y = margin
}

func (pg *pager) cur() *page { return pg.pages[len(pg.pages)-1] }

// room reports whether h more points fit on the current page.
func (pg *pager) room(h float64) bool { return pg.y+h <= pageH-bottom }

// place puts a line at x, opening a page first when it does not fit, and
// returns the baseline.
func (pg *pager) place(l *line, x float64) float64 {
	if !pg.room(l.height()) && pg.y > margin {
		pg.newPage()
	}
	base := pg.y + l.ascent
	pg.cur().lines = append(pg.cur().lines, placedLine{l: l, x: x, y: base})
	pg.y += l.height()
	return base
}

// placeAll sets each paragraph's lines at x within measure.
func (pg *pager) placeAll(paras []*paragraph, x, measure float64, each func(l *line, base float64)) {
	for _, p := range paras {
		for _, l := range p.breakLines(measure) {
			base := pg.place(l, x)
			if each != nil {
				each(l, base)
			}
		}
	}
}

// rule draws a horizontal rule with gap points above and below.
func (pg *pager) rule(x1, x2, gap, width float64, c rgb) {
	if !pg.room(2*gap + width) {
		pg.newPage()
	}
	y := pg.y + gap
	pg.cur().strokes = append(pg.cur().strokes, stroke{x1: x1, y1: y, x2: x2, y2: y, width: width, color: c})
	pg.y = y + gap
}

// layout places the whole document on pages.
func (w *docWriter) layout(ctx context.Context) ([]*page, error) {
	pg := newPager(ctx)
	d := w.d
	left, right := margin, pageW-margin
	measure := right - left

	// Letterhead: the author, small and muted, above a hairline.
	if len(d.Author) > 0 {
		pg.placeAll(w.s.paragraphs(d.Author, runStyle{size: metaSize, color: colMuted, bold: true}), left, measure, nil)
		pg.rule(left, right, 5, 0.4, colRule)
		pg.y += 8
	}
	pg.placeAll(w.s.paragraphs(d.Label, runStyle{size: labelSize, color: colAccent, bold: true}), left, measure, nil)
	pg.y += 4
	pg.placeAll(w.s.paragraphs(d.Title, runStyle{size: titleSize, color: colText, bold: true}), left, measure, nil)
	pg.y += 6
	pg.placeAll(w.s.paragraphs(d.Meta, runStyle{size: metaSize, color: colMuted}), left, measure, nil)
	pg.rule(left, right, 9, 0.8, colRule)
	pg.y += 4

	for i := range d.Blocks {
		if err := doc.ContextErr(ctx); err != nil {
			return nil, fmt.Errorf("layout: %w", err)
		}
		var next *doc.Block
		if i+1 < len(d.Blocks) {
			next = &d.Blocks[i+1]
		}
		w.block(pg, &d.Blocks[i], next)
	}
	return pg.pages, nil
}

func indent(depth int, step float64) float64 {
	return float64(min(depth, maxIndentLvl)) * step
}

// block places one body block.
func (w *docWriter) block(pg *pager, b, next *doc.Block) {
	left := margin + indent(b.QuoteDepth, quoteIndent) + indent(b.ListDepth, listIndent)
	measure := pageW - margin - left
	st := runStyle{size: bodySize, color: colText}
	if b.QuoteDepth > 0 {
		st.color, st.italic = colQuote, true
	}
	switch b.Kind {
	case doc.Rule:
		pg.rule(margin+indent(b.QuoteDepth, quoteIndent), pageW-margin, 8, 0.6, colRule)
		return
	case doc.Heading:
		st.size, st.bold = h3Size, true
		if b.Level <= 2 {
			st.size = h2Size
		}
		pg.y += headingGap
		paras := w.s.paragraphs(b.Runs, st)
		// Keep the heading with the first line of what follows.
		need := 0.0
		for _, p := range paras {
			for _, l := range p.breakLines(measure) {
				need += l.height()
			}
		}
		if next != nil {
			need += 2 * bodySize * 1.6
		}
		if !pg.room(need) && pg.y > margin+headingGap {
			pg.newPage()
		}
		pg.placeAll(paras, left, measure, nil)
		pg.y += paraGap / 2
		return
	}
	paras := w.s.paragraphs(b.Runs, st)
	first := true
	pg.placeAll(paras, left, measure, func(l *line, base float64) {
		if first && b.Marker != "" {
			w.marker(pg, b, st, l, left, base)
		}
		if b.QuoteDepth > 0 {
			w.quoteBars(pg, b.QuoteDepth, base-l.ascent, base+l.descent+l.gap)
		}
		first = false
	})
	if b.Marker != "" && first {
		// An empty list item still shows its marker.
		l := emptyLine(w.s.faces.latin[0], st.size)
		base := pg.place(l, left)
		w.marker(pg, b, st, l, left, base)
	}
	pg.y += paraGap
}

// marker places a list marker to the left of the item's first line.
func (w *docWriter) marker(pg *pager, b *doc.Block, st runStyle, l *line, left, base float64) {
	runs := doc.SplitScripts(b.Marker, doc.Run{})
	for _, p := range w.s.paragraphs(runs, st) {
		ml := p.breakLines(listIndent * 4)[0]
		pg.cur().lines = append(pg.cur().lines, placedLine{l: ml, x: left - markerGap - ml.width, y: base})
	}
}

// quoteBars draws the vertical bars of nested quotes beside a line.
func (w *docWriter) quoteBars(pg *pager, depth int, top, bottom float64) {
	for d := 1; d <= min(depth, maxIndentLvl); d++ {
		x := margin + float64(d-1)*quoteIndent + 3
		pg.cur().strokes = append(pg.cur().strokes, stroke{x1: x, y1: top, x2: x, y2: bottom, width: 1.6, color: colRule})
	}
}
