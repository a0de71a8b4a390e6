package pdf

import (
	"strconv"
	"unicode/utf16"

	"github.com/go-pdf/fpdf"
)

// canvas draws placed lines through fpdf, writing the text operators
// itself: one text object per line (split only where the font changes),
// relative moves, literal strings.
type canvas struct {
	pdf   *fpdf.Fpdf
	fonts *docFonts
	// family and size are the font fpdf last selected.
	family string
	size   float64
	buf    []byte
	// inText is true between BT and ET; tx, ty is the text line origin
	// (for relative Td moves) and col the fill colour set in this object.
	inText bool
	tx, ty float64
	col    rgb
}

// assign gives every glyph a line draws a slot, before any font is embedded.
func (df *docFonts) assign(pl placedLine) {
	l, p := pl.l, pl.l.p
	for j := l.g0; j < l.g1; j++ {
		if !p.spaceGlyph(j) && p.glyphs[j].id != 0 {
			df.use(p.spans[p.glyphs[j].span].face, p.glyphs[j].id)
		}
	}
}

func (c *canvas) setFont(family string, size float64) {
	if c.family == family && c.size == size {
		return
	}
	c.endText()
	c.flush()
	c.pdf.SetFont(family, "", size)
	c.family, c.size = family, size
}

func (c *canvas) beginText() {
	if !c.inText {
		c.buf = append(c.buf, "BT\n"...)
		c.inText, c.tx, c.ty, c.col = true, 0, 0, rgb{-1, -1, -1}
	}
}

func (c *canvas) endText() {
	if c.inText {
		c.buf = append(c.buf, "ET\n"...)
		c.inText = false
	}
}

// flush hands the operators written so far to fpdf.
func (c *canvas) flush() {
	if len(c.buf) > 0 {
		c.pdf.RawWriteStr(string(c.buf))
		c.buf = c.buf[:0]
	}
}

func (c *canvas) num(v float64) {
	c.buf = strconv.AppendFloat(c.buf, v, 'f', 2, 64)
	c.buf = append(c.buf, ' ')
}

// moveTo moves the text line origin to x, y (top-down page coordinates).
func (c *canvas) moveTo(x, y float64) {
	y = pageH - y
	c.num(x - c.tx)
	c.num(y - c.ty)
	c.buf = append(c.buf, "Td "...)
	c.tx, c.ty = x, y
}

// drawLine draws a line whose start is at x and baseline at y. Each word
// (a run of glyphs of one span between spaces) is a marked-content span
// whose /ActualText is the text as typed, so copy, search and pdftotext
// return Unicode text even where glyphs were reordered or substituted.
func (c *canvas) drawLine(pl placedLine) {
	l, p := pl.l, pl.l.p
	pen := pl.x
	for j := l.g0; j < l.g1; {
		if p.spaceGlyph(j) {
			pen += p.glyphs[j].adv
			j++
			continue
		}
		k := j + 1
		for k < l.g1 && p.glyphs[k].span == p.glyphs[j].span && !p.spaceGlyph(k) {
			k++
		}
		pen = c.drawWord(p, j, k, pen, pl.y, l)
		j = k
	}
	c.endText()
	c.flush()
}

// drawWord draws glyphs [j,k) of p starting at pen and returns the new pen.
func (c *canvas) drawWord(p *paragraph, j, k int, pen, base float64, l *line) float64 {
	sp := &p.spans[p.glyphs[j].span]
	f := sp.face
	end := len(p.text)
	if k < len(p.glyphs) {
		end = p.glyphs[k].cluster
	}
	start := pen
	scale := sp.size / f.upem
	slots := c.fonts.slots[f]
	open := false
	for g := j; g < k; {
		gl := p.glyphs[g]
		s, ok := slots[gl.id]
		if !ok || gl.id == 0 {
			pen += gl.adv
			g++
			continue
		}
		c.setFont(c.fonts.family(f, s.chunk), sp.size)
		c.beginText()
		if !open {
			c.buf = append(c.buf, "/Span <</ActualText "...)
			c.buf = appendTextString(c.buf, p.text[p.glyphs[j].cluster:end])
			c.buf = append(c.buf, ">> BDC "...)
			open = true
		}
		if c.col != sp.color {
			c.color(sp.color)
		}
		c.moveTo(pen+gl.xoff, base-gl.yoff)
		c.buf = append(c.buf, '(')
		// Glyphs HarfBuzz left at their default place and advance, from
		// the same subset, go in one string: the viewer advances by the
		// same widths.
		c.buf = appendCode(c.buf, s.code)
		pen += gl.adv
		g++
		if simple(f, gl, scale) {
			for g < k {
				next := p.glyphs[g]
				ns, ok := slots[next.id]
				if !ok || ns.chunk != s.chunk || !simple(f, next, scale) {
					break
				}
				c.buf = appendCode(c.buf, ns.code)
				pen += next.adv
				g++
			}
		}
		c.buf = append(c.buf, ") Tj\n"...)
	}
	if open {
		c.buf = append(c.buf, "EMC\n"...)
	}
	if sp.link != "" {
		c.endText()
		c.flush()
		c.pdf.LinkString(start, base-l.ascent, pen-start, l.ascent+l.descent, sp.link)
	}
	return pen
}

// appendCode appends a one-byte code to a literal string.
func appendCode(b []byte, code byte) []byte {
	switch code {
	case '(', ')', '\\':
		return append(b, '\\', code)
	}
	return append(b, code)
}

// appendTextString appends text as a PDF literal text string in UTF-16BE
// with a byte-order mark.
func appendTextString(b []byte, text []rune) []byte {
	b = append(b, '(', 0xFE, 0xFF)
	put := func(x byte) {
		switch x {
		case '(', ')', '\\':
			b = append(b, '\\', x)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, x)
		}
	}
	for _, r := range text {
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			put(byte(r1 >> 8))
			put(byte(r1))
			r = r2
		}
		put(byte(r >> 8))
		put(byte(r))
	}
	return append(b, ')')
}

func (c *canvas) color(col rgb) {
	for _, v := range []int{col.r, col.g, col.b} {
		c.buf = strconv.AppendFloat(c.buf, float64(v)/255, 'f', 3, 64)
		c.buf = append(c.buf, ' ')
	}
	c.buf = append(c.buf, "rg "...)
	c.col = col
}

// simple reports whether a glyph sits at its default position and advance.
func simple(f *face, g pglyph, scale float64) bool {
	if g.xoff != 0 || g.yoff != 0 {
		return false
	}
	d := g.adv - float64(f.adv[g.id])*scale
	return d < 0.0005 && d > -0.0005
}

func (c *canvas) stroke(s stroke) {
	c.flush()
	c.pdf.SetDrawColor(s.color.r, s.color.g, s.color.b)
	c.pdf.SetLineWidth(s.width)
	c.pdf.Line(s.x1, s.y1, s.x2, s.y2)
}
