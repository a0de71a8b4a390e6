package pdf

import (
	"github.com/docexport/docexport/render/doc"
	"github.com/docexport/docexport/render/myanmar"
)

// span is a stretch of a paragraph set in one face, size and colour.
type span struct {
	start, end int // rune range in paragraph.text
	face       *face
	size       float64
	color      rgb
	link       string
	script     doc.Script
	lang       string
}

// pglyph is a shaped glyph positioned in points relative to the pen.
type pglyph struct {
	id         uint16
	cluster    int // index into paragraph.text of the cluster's first rune
	adv        float64
	xoff, yoff float64 // yoff is up
	span       int32
}

// paragraph is one hard line of a block: text, its spans and shaped glyphs.
type paragraph struct {
	text   []rune
	spans  []span
	glyphs []pglyph
}

// line is a range of a paragraph's glyphs that fits the measure.
type line struct {
	p               *paragraph
	g0, g1          int // glyph range, trailing spaces excluded
	width           float64
	ascent, descent float64
	gap             float64 // leading below the descent
}

// height is the vertical space the line takes.
func (l *line) height() float64 { return l.ascent + l.descent + l.gap }

// runStyle is how a block sets its runs.
type runStyle struct {
	size   float64
	color  rgb
	bold   bool
	italic bool
}

// setter shapes and breaks text for one document.
type setter struct {
	faces   *faceSet
	myanmar [2]*face
	cache   *shapeCache
}

func (s *setter) faceFor(r doc.Run, st runStyle) *face {
	bold, italic := r.Bold || st.bold, r.Italic || st.italic
	if r.Script == doc.Myanmar {
		if bold {
			return s.myanmar[1]
		}
		return s.myanmar[0]
	}
	return s.faces.latin[styleIndex(bold, italic)]
}

// paragraphs splits runs at hard breaks and shapes each part.
func (s *setter) paragraphs(runs []doc.Run, st runStyle) []*paragraph {
	var out []*paragraph
	start := 0
	for i := 0; i <= len(runs); i++ {
		if i == len(runs) || runs[i].Break {
			out = append(out, s.shapeParagraph(runs[start:i], st))
			start = i + 1
		}
	}
	return out
}

func (s *setter) shapeParagraph(runs []doc.Run, st runStyle) *paragraph {
	n := 0
	for _, r := range runs {
		n += len(r.Text) // bytes: at least the rune count
	}
	p := &paragraph{text: make([]rune, 0, n), spans: make([]span, 0, len(runs))}
	for _, r := range runs {
		if r.Break || r.Text == "" {
			continue
		}
		sp := span{start: len(p.text), face: s.faceFor(r, st), size: st.size, color: st.color,
			link: r.Link, script: r.Script, lang: r.Lang}
		if r.Link != "" {
			sp.color = colLink
		}
		for _, c := range r.Text {
			if c == '\t' {
				c = ' '
			}
			p.text = append(p.text, c)
		}
		sp.end = len(p.text)
		p.spans = append(p.spans, sp)
	}
	p.glyphs = make([]pglyph, 0, len(p.text)+len(p.text)/4)
	for i, sp := range p.spans {
		scale := sp.size / sp.face.upem
		// Shape word by word (a word keeps its trailing spaces), through the cache.
		for a := sp.start; a < sp.end; {
			b := a
			for b < sp.end && !isSpace(p.text[b]) {
				b++
			}
			for b < sp.end && isSpace(p.text[b]) {
				b++
			}
			for _, g := range s.cache.shape(sp.face, p.text, a, b, sp.script, sp.lang) {
				p.glyphs = append(p.glyphs, pglyph{id: g.ID, cluster: a + g.Cluster, adv: float64(g.XAdvance) * scale,
					xoff: float64(g.XOffset) * scale, yoff: float64(g.YOffset) * scale, span: int32(i)})
			}
			a = b
		}
	}
	return p
}

func isSpace(r rune) bool { return r == ' ' }

// spaceGlyph reports whether glyph j draws a breaking space.
func (p *paragraph) spaceGlyph(j int) bool { return isSpace(p.text[p.glyphs[j].cluster]) }

// clusterEnd is the rune index where glyph j's cluster ends.
func (p *paragraph) clusterEnd(j int) int {
	c := p.glyphs[j].cluster
	for k := j + 1; k < len(p.glyphs); k++ {
		if p.glyphs[k].cluster != c {
			return p.glyphs[k].cluster
		}
	}
	return len(p.text)
}

// segment is a glyph range between two break opportunities.
type segment struct {
	a, b           int
	width, trimmed float64 // trimmed leaves out trailing spaces
}

func (p *paragraph) segments() []segment {
	n := len(p.glyphs)
	if n == 0 {
		return nil
	}
	allowed := myanmar.LineBreaks(p.text)
	var segs []segment
	a := 0
	for j := 1; j <= n; j++ {
		if j < n && !(p.glyphs[j].cluster != p.glyphs[j-1].cluster && allowed[p.glyphs[j].cluster]) {
			continue
		}
		seg := segment{a: a, b: j}
		for k := a; k < j; k++ {
			seg.width += p.glyphs[k].adv
		}
		t := j
		for t > a && p.spaceGlyph(t-1) {
			t--
		}
		for k := a; k < t; k++ {
			seg.trimmed += p.glyphs[k].adv
		}
		segs = append(segs, seg)
		a = j
	}
	return segs
}

// breakLines fills lines of at most measure points, greedily, breaking only
// at allowed opportunities; a segment wider than the measure on its own is
// split between clusters so nothing ever overflows.
func (p *paragraph) breakLines(measure float64) []*line {
	segs := p.segments()
	var lines []*line
	start, full, trim := -1, 0.0, 0.0
	emit := func(end int, width float64) {
		lines = append(lines, p.newLine(start, end, width))
	}
	for _, sg := range segs {
		if start >= 0 && full+sg.trimmed > measure {
			emit(sg.a, trim)
			start, full, trim = -1, 0, 0
		}
		if start < 0 {
			// Leading spaces of a line (after a forced split) are dropped.
			for sg.a < sg.b && p.spaceGlyph(sg.a) {
				sg.width -= p.glyphs[sg.a].adv
				sg.trimmed -= p.glyphs[sg.a].adv
				sg.a++
			}
			if sg.a == sg.b {
				continue
			}
			start = sg.a
		}
		if sg.trimmed > measure && start == sg.a {
			start, full = p.splitLong(sg, measure, &lines)
			trim = full
			continue
		}
		trim = full + sg.trimmed
		full += sg.width
	}
	if start >= 0 {
		lines = append(lines, p.newLine(start, len(p.glyphs), trim))
	}
	return lines
}

// splitLong breaks one over-wide segment between clusters, emitting full
// lines and returning the start and width of the unfinished last line.
func (p *paragraph) splitLong(sg segment, measure float64, lines *[]*line) (int, float64) {
	start, w := sg.a, 0.0
	for j := sg.a; j < sg.b; {
		k := j + 1
		cw := p.glyphs[j].adv
		for k < sg.b && p.glyphs[k].cluster == p.glyphs[j].cluster {
			cw += p.glyphs[k].adv
			k++
		}
		if w+cw > measure && j > start {
			*lines = append(*lines, p.newLine(start, j, w))
			start, w = j, 0
		}
		w += cw
		j = k
	}
	// Trailing spaces of the remainder do not count.
	for t := sg.b; t > start && p.spaceGlyph(t-1); t-- {
		w -= p.glyphs[t-1].adv
	}
	return start, w
}

func (p *paragraph) newLine(g0, g1 int, width float64) *line {
	for g1 > g0 && p.spaceGlyph(g1-1) {
		g1--
	}
	l := &line{p: p, g0: g0, g1: g1, width: width}
	seen := map[int32]bool{}
	for j := g0; j < g1; j++ {
		si := p.glyphs[j].span
		if seen[si] {
			continue
		}
		seen[si] = true
		p.extend(l, &p.spans[si])
	}
	return l
}

func (p *paragraph) extend(l *line, sp *span) {
	l.ascent = max(l.ascent, sp.face.ascent*sp.size)
	l.descent = max(l.descent, sp.face.descent*sp.size)
	l.gap = max(l.gap, leading*sp.size)
}

// emptyLine is the height of a line in the given face and size (for blank paragraphs).
func emptyLine(f *face, size float64) *line {
	return &line{p: &paragraph{}, ascent: f.ascent * size, descent: f.descent * size, gap: leading * size}
}
