package pdf

import (
	"encoding/hex"
	"strings"
	"unicode/utf16"

	"github.com/go-pdf/fpdf"
)

// canvas draws placed lines through fpdf.
type canvas struct {
	pdf   *fpdf.Fpdf
	used  map[*face]bool
	font  *face
	size  float64
	color rgb
	buf   []rune
	sb    strings.Builder
}

func (c *canvas) setFont(f *face, size float64) {
	if c.font == f && c.size == size {
		return
	}
	if !c.used[f] {
		c.pdf.AddUTF8FontFromBytes(f.family, "", f.data)
		c.used[f] = true
	}
	c.pdf.SetFont(f.family, "", size)
	c.font, c.size = f, size
}

func (c *canvas) setColor(col rgb) {
	if c.color == col {
		return
	}
	c.pdf.SetTextColor(col.r, col.g, col.b)
	c.color = col
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
}

// drawWord draws glyphs [j,k) of p starting at pen and returns the new pen.
func (c *canvas) drawWord(p *paragraph, j, k int, pen, base float64, l *line) float64 {
	sp := &p.spans[p.glyphs[j].span]
	f := sp.face
	c.setFont(f, sp.size)
	c.setColor(sp.color)
	end := len(p.text)
	if k < len(p.glyphs) {
		end = p.glyphs[k].cluster
	}
	c.pdf.RawWriteStr("/Span <</ActualText <" + actualText(p.text[p.glyphs[j].cluster:end]) + ">>> BDC")
	start := pen
	scale := sp.size / f.upem
	for g := j; g < k; {
		gl := p.glyphs[g]
		if !c.simple(f, gl, scale) {
			if code := f.code(gl.id); code != 0 {
				c.pdf.Text(pen+gl.xoff, base-gl.yoff, string(code))
			}
			pen += gl.adv
			g++
			continue
		}
		// A run of glyphs HarfBuzz left at their default advance is one
		// text string: the viewer advances by the same widths.
		c.buf = c.buf[:0]
		x := pen
		for g < k && c.simple(f, p.glyphs[g], scale) {
			c.buf = append(c.buf, f.code(p.glyphs[g].id))
			pen += p.glyphs[g].adv
			g++
		}
		c.pdf.Text(x, base, string(c.buf))
	}
	c.pdf.RawWriteStr("EMC")
	if sp.link != "" {
		c.pdf.LinkString(start, base-l.ascent, pen-start, l.ascent+l.descent, sp.link)
	}
	return pen
}

// simple reports whether a glyph sits at its default position and advance.
func (c *canvas) simple(f *face, g pglyph, scale float64) bool {
	if g.xoff != 0 || g.yoff != 0 || f.code(g.id) == 0 {
		return false
	}
	d := g.adv - float64(f.adv[g.id])*scale
	return d < 0.0005 && d > -0.0005
}

// code returns the code point that reaches glyph g in the embedded font (0 if none).
func (f *face) code(g uint16) rune {
	if int(g) < len(f.codeOf) {
		return f.codeOf[g]
	}
	return 0
}

// actualText encodes text as a PDF text string in UTF-16BE hex with a BOM.
func actualText(text []rune) string {
	units := utf16.Encode(text)
	b := make([]byte, 2+2*len(units))
	b[0], b[1] = 0xFE, 0xFF
	for i, u := range units {
		b[2+2*i], b[3+2*i] = byte(u>>8), byte(u)
	}
	return strings.ToUpper(hex.EncodeToString(b))
}

func (c *canvas) stroke(s stroke) {
	c.pdf.SetDrawColor(s.color.r, s.color.g, s.color.b)
	c.pdf.SetLineWidth(s.width)
	c.pdf.Line(s.x1, s.y1, s.x2, s.y2)
}
