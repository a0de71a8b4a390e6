package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"sync"

	"github.com/go-pdf/fpdf"
)

// How glyphs reach the page. fpdf's Unicode font path parses the whole face,
// builds 64K-entry tables and compresses a 128 KB CIDToGIDMap for every font
// of every document, which costs more than the rest of a render together.
// Its TrueType path takes a ready font program and embeds it as given. So
// each document's glyphs are cut into simple TrueType subsets of at most
// len(slotCodes) glyphs (render/sfnt.Subsetter): each glyph gets a one-byte
// code, the subset's (3,1) cmap maps the WinAnsi character of that code to
// the glyph, and the text is written as those codes. Extraction does not
// depend on the codes: every word carries its Unicode text as /ActualText.

// slotCodes are the one-byte codes used for glyphs: every WinAnsi code that
// names a character, except space, no-break space and soft hyphen, which
// readers treat specially.
var slotCodes = func() []byte {
	var c []byte
	for b := 0x21; b <= 0xFF; b++ {
		if b == 0x7F || b == 0xA0 || b == 0xAD || (b >= 0x80 && b <= 0x9F && winAnsiHigh[b-0x80] == 0) {
			continue
		}
		c = append(c, byte(b))
	}
	return c
}()

// winAnsiHigh is the Unicode character of WinAnsi codes 0x80–0x9F (0: none).
var winAnsiHigh = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// winAnsiRune is the character a WinAnsi code stands for.
func winAnsiRune(b byte) rune {
	if b >= 0x80 && b <= 0x9F {
		return winAnsiHigh[b-0x80]
	}
	return rune(b)
}

// slot is where a glyph lives in a document: which subset, which code.
type slot struct {
	chunk int
	code  byte
}

// docFonts assigns the glyphs of one document to subsets, in first-use order.
type docFonts struct {
	slots  map[*face]map[uint16]slot
	chunks map[*face][][]uint16
	faces  []*face // in first-use order
	names  map[*face][]string
}

func newDocFonts() *docFonts {
	return &docFonts{slots: map[*face]map[uint16]slot{}, chunks: map[*face][][]uint16{}, names: map[*face][]string{}}
}

// use assigns glyph g of face f a slot if it has none.
func (df *docFonts) use(f *face, g uint16) {
	m := df.slots[f]
	if m == nil {
		m = map[uint16]slot{}
		df.slots[f] = m
		df.faces = append(df.faces, f)
	}
	if _, ok := m[g]; ok {
		return
	}
	cs := df.chunks[f]
	if len(cs) == 0 || len(cs[len(cs)-1]) == len(slotCodes) {
		cs = append(cs, nil)
	}
	last := len(cs) - 1
	m[g] = slot{chunk: last, code: slotCodes[len(cs[last])]}
	cs[last] = append(cs[last], g)
	df.chunks[f] = cs
}

// family is the fpdf family name of a face's subset (kept per face, as
// drawing asks for it for every run of glyphs).
func (df *docFonts) family(f *face, chunk int) string {
	names := df.names[f]
	for len(names) <= chunk {
		names = append(names, fmt.Sprintf("%sc%d", f.family, len(names)))
	}
	df.names[f] = names
	return names[chunk]
}

// fontDef mirrors the JSON font definition fpdf's AddFontFromBytes reads.
type fontDef struct {
	Tp           string
	Name         string
	Desc         fontDesc
	Up, Ut       int
	Cw           []int
	Enc, Diff    string
	File         string
	OriginalSize int
}

// zpool recycles zlib writers: each costs hundreds of kilobytes to create.
// It is a bounded free list rather than a sync.Pool, whose contents every
// garbage collection drops (and renders allocate enough to collect often).
type zpool struct{ free chan *zlib.Writer }

func newZpool(n int) *zpool { return &zpool{free: make(chan *zlib.Writer, n)} }

func (z *zpool) compress(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(data) / 2)
	var w *zlib.Writer
	select {
	case w = <-z.free:
		w.Reset(&buf)
	default:
		var err error
		if w, err = zlib.NewWriterLevel(&buf, zlib.BestSpeed); err != nil {
			return nil, err
		}
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	select {
	case z.free <- w:
	default:
	}
	return buf.Bytes(), nil
}

// subsetCache keeps compressed subsets by name (the name's tag is a hash
// of the face and its glyphs), so rendering a statement again reuses them.
// It is bounded: when it holds max subsets it is emptied.
type subsetCache struct {
	mu      sync.Mutex
	max     int
	entries map[string]cutSubset
}

// cutSubset is a compressed font program and its uncompressed size.
type cutSubset struct {
	z    []byte
	size int
}

func newSubsetCache(max int) *subsetCache {
	return &subsetCache{max: max, entries: map[string]cutSubset{}}
}

// get returns the subset called name, cutting and compressing it with cut
// when it is not cached.
func (c *subsetCache) get(name string, cut func() (cutSubset, error)) (cutSubset, error) {
	c.mu.Lock()
	e, ok := c.entries[name]
	c.mu.Unlock()
	if ok {
		return e, nil
	}
	e, err := cut()
	if err != nil || c.max <= 0 {
		return e, err
	}
	c.mu.Lock()
	if len(c.entries) >= c.max {
		clear(c.entries)
	}
	c.entries[name] = e
	c.mu.Unlock()
	return e, nil
}

// embed cuts every subset (or takes it from the cache) and registers it
// with fpdf.
func (df *docFonts) embed(pdf *fpdf.Fpdf, z *zpool, cache *subsetCache) error {
	for _, f := range df.faces {
		for ci, glyphs := range df.chunks[f] {
			codes := make([]rune, len(glyphs))
			cw := make([]int, 256)
			for i, g := range glyphs {
				b := slotCodes[i]
				codes[i] = winAnsiRune(b)
				cw[b] = int(math.Round(float64(f.adv[g]) * 1000 / f.upem))
			}
			name := baseFont(f, glyphs)
			sub, err := cache.get(name, func() (cutSubset, error) {
				prog, err := f.sub.Subset(glyphs, codes)
				if err != nil {
					return cutSubset{}, fmt.Errorf("subset %s: %w", f.src.ID, err)
				}
				zprog, err := z.compress(prog)
				if err != nil {
					return cutSubset{}, fmt.Errorf("compress %s: %w", f.src.ID, err)
				}
				return cutSubset{z: zprog, size: len(prog)}, nil
			})
			if err != nil {
				return err
			}
			desc := f.desc
			desc.MissingWidth = cw[slotCodes[0]]
			def := fontDef{Tp: "TrueType", Name: name, Desc: desc,
				Up: f.desc.up, Ut: f.desc.ut, Cw: cw, File: df.family(f, ci) + ".z", OriginalSize: sub.size}
			js, err := json.Marshal(def)
			if err != nil {
				return fmt.Errorf("font definition: %w", err)
			}
			pdf.AddFontFromBytes(df.family(f, ci), "", js, sub.z)
		}
	}
	return pdf.Error()
}

// baseFont is the name a subset carries in the PDF: tag + "+" + PostScript name.
func baseFont(f *face, glyphs []uint16) string {
	return subsetTag(f, glyphs) + "+" + f.src.PostScript
}

// subsetTag is the six-letter tag that marks a subset (ISO 32000-1
// §9.6.4), derived from the face and the glyphs it holds.
func subsetTag(f *face, glyphs []uint16) string {
	h := sha256.New()
	h.Write([]byte(f.src.ID))
	for _, g := range glyphs {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}
