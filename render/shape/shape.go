// Package shape shapes text with HarfBuzz (go-text/typesetting's port) and
// reports glyphs in font units, exactly as hb-shape does. A Font is parsed
// once per process and is safe for concurrent use; shaping state (buffers,
// plan caches) is pooled per font.
package shape

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/harfbuzz"
	"github.com/go-text/typesetting/language"

	"github.com/docexport/docexport/render/doc"
)

// Glyph is one shaped glyph. Positions are in font units (see Font.UnitsPerEm).
type Glyph struct {
	// ID is the glyph index in the font.
	ID uint16
	// Cluster is the index (into the shaped rune slice) of the first rune of
	// the cluster this glyph belongs to.
	Cluster int
	// XAdvance is the pen advance after the glyph; XOffset and YOffset move
	// the glyph from the pen position (Y up) without moving the pen.
	XAdvance, XOffset, YOffset int32
}

// Metrics are a face's vertical metrics in font units (Y up).
type Metrics struct {
	Ascender, Descender, LineGap int32
	// MaxAscent and MaxDescent are the extremes of the glyph boxes (head
	// table yMax and -yMin), which stacked Myanmar marks reach.
	MaxAscent, MaxDescent int32
}

// Font is a parsed face.
type Font struct {
	ft      *font.Font
	upem    int
	metrics Metrics
	pool    sync.Pool // of *shaper
	// dottedCircle is the glyph HarfBuzz inserts for broken clusters (0 if none).
	dottedCircle uint16
}

type shaper struct {
	face *font.Face
	hb   *harfbuzz.Font
	buf  *harfbuzz.Buffer
}

// Load parses a TrueType/OpenType font.
func Load(data []byte) (*Font, error) {
	face, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("shape: parse font: %w", err)
	}
	f := &Font{ft: face.Font, upem: int(face.Upem())}
	ext, ok := face.FontHExtents()
	if !ok {
		return nil, fmt.Errorf("shape: font has no horizontal extents")
	}
	f.metrics = Metrics{Ascender: int32(ext.Ascender), Descender: int32(ext.Descender), LineGap: int32(ext.LineGap)}
	if bb, err := headBBox(data); err == nil {
		f.metrics.MaxAscent, f.metrics.MaxDescent = bb[1], -bb[0]
	}
	if g, ok := face.NominalGlyph(0x25CC); ok {
		f.dottedCircle = uint16(g)
	}
	f.pool.New = func() any {
		fc := font.NewFace(f.ft)
		return &shaper{face: fc, hb: harfbuzz.NewFont(fc), buf: harfbuzz.NewBuffer()}
	}
	return f, nil
}

// UnitsPerEm returns the font's design units per em.
func (f *Font) UnitsPerEm() int { return f.upem }

// Metrics returns the font's vertical metrics.
func (f *Font) Metrics() Metrics { return f.metrics }

// DottedCircle returns the glyph of U+25CC, which HarfBuzz inserts before a
// mark that has no base (0 when the font has none).
func (f *Font) DottedCircle() uint16 { return f.dottedCircle }

// Covers reports whether the font maps r to a glyph.
func (f *Font) Covers(r rune) bool {
	_, ok := f.ft.Cmap.Lookup(r)
	return ok
}

// Cmap calls fn for every (rune, glyph) pair of the font's Unicode cmap.
func (f *Font) Cmap(fn func(r rune, g uint16)) {
	it := f.ft.Cmap.Iter()
	for it.Next() {
		r, g := it.Char()
		fn(r, uint16(g))
	}
}

// Advance returns the default horizontal advance of a glyph, in font units.
func (f *Font) Advance(g uint16) int32 {
	s := f.pool.Get().(*shaper)
	defer f.pool.Put(s)
	return int32(s.face.HorizontalAdvance(font.GID(g)))
}

// Shape shapes text[start:end] (the rest is context) in the given script and
// language, left to right, and appends the glyphs to dst. Clusters index text.
func (f *Font) Shape(dst []Glyph, text []rune, start, end int, script doc.Script, lang string) []Glyph {
	s := f.pool.Get().(*shaper)
	defer f.pool.Put(s)
	b := s.buf
	b.Clear()
	b.AddRunes(text, start, end-start)
	b.Props.Direction = harfbuzz.LeftToRight
	b.Props.Language = language.NewLanguage(lang)
	b.Props.Script = language.Latin
	if script == doc.Myanmar {
		b.Props.Script = language.Myanmar
	}
	b.Shape(s.hb, nil)
	for i, info := range b.Info {
		p := b.Pos[i]
		dst = append(dst, Glyph{ID: uint16(info.Glyph), Cluster: info.Cluster,
			XAdvance: int32(p.XAdvance), XOffset: int32(p.XOffset), YOffset: int32(p.YOffset)})
	}
	return dst
}
