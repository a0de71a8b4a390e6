package pdf

import (
	"sync"

	"github.com/docexport/docexport/render/doc"
	"github.com/docexport/docexport/render/shape"
)

// shapeCache memoises shaped words per face. HarfBuzz's Myanmar shaping is
// the dominant cost of a render, and statements repeat words within a
// document and across renders of the same statement (every download button
// click renders again). Words are space-delimited pieces: shaping never
// reorders across a space, so a word shapes the same alone as in its line.
// The cache is bounded: when it holds max words it is emptied. With a max
// of 0 there is no shared cache: each document gets one of its own.
type shapeCache struct {
	mu      sync.Mutex
	max     int
	entries map[shapeKey][]shape.Glyph
}

type shapeKey struct {
	face   *face
	script doc.Script
	lang   string
	text   string
}

func newShapeCache(max int) *shapeCache {
	return &shapeCache{max: max, entries: make(map[shapeKey][]shape.Glyph)}
}

// shape returns the glyphs of text[a:b] with clusters relative to a. The
// returned slice is shared and must not be modified.
func (c *shapeCache) shape(f *face, text []rune, a, b int, script doc.Script, lang string) []shape.Glyph {
	k := shapeKey{face: f, script: script, lang: lang, text: string(text[a:b])}
	c.mu.Lock()
	g, ok := c.entries[k]
	c.mu.Unlock()
	if ok {
		return g
	}
	word := text[a:b]
	g = f.shaper.Shape(nil, word, 0, len(word), script, lang)
	c.mu.Lock()
	if len(c.entries) >= c.max {
		clear(c.entries)
	}
	c.entries[k] = g
	c.mu.Unlock()
	return g
}
