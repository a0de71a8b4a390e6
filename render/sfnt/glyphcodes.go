package sfnt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// Private Use Area of the BMP, where glyphs without a code point get one.
const (
	puaFirst rune = 0xE000
	puaLast  rune = 0xF8FF
)

// maxCmapEntries bounds the mappings read from a hostile cmap (overlapping
// format 12 groups could otherwise enumerate billions of code points).
const maxCmapEntries = 2 * 0x110000

// ErrUnsupported is wrapped by errors about valid fonts WithGlyphCodes
// cannot handle (symbol-encoded cmaps, no Unicode cmap, PUA exhausted).
var ErrUnsupported = errors.New("unsupported font")

// WithGlyphCodes returns a copy of the TrueType font ttf whose cmap has a
// (3,1) format-4 subtable mapping a BMP code point to every glyph: glyphs
// that already have a BMP code point keep one (the lowest), the others get
// Private Use Area code points from U+E000 up (skipping PUA code points
// the font already maps). codeOf[g] is the code point that reaches glyph g
// (0 for .notdef / unreachable). Other tables are kept byte for byte;
// table directory, offsets, padding and checksums (incl.
// head.checkSumAdjustment) are recomputed.
//
// Every Unicode cmap subtable ((0,*) but variation sequences, (3,1),
// (3,10)) is replaced by the new mapping: the font's own Unicode mapping
// (the subtable HarfBuzz would choose) plus the added PUA code points, in
// format 4 for BMP subtables and format 12 for full-repertoire ones. Other
// subtables (Macintosh, variation sequences) are kept.
func WithGlyphCodes(ttf []byte) (out []byte, codeOf []rune, err error) {
	f, err := parse(ttf)
	if err != nil {
		return nil, nil, fmt.Errorf("sfnt: glyph codes: %w", err)
	}
	maxp := f.get("maxp")
	if len(maxp) < 6 {
		return nil, nil, fmt.Errorf("sfnt: glyph codes: %w: no maxp table", ErrMalformed)
	}
	numGlyphs := int(binary.BigEndian.Uint16(maxp[4:]))
	if f.get("head") == nil {
		return nil, nil, fmt.Errorf("sfnt: glyph codes: %w: no head table", ErrMalformed)
	}
	cmapData := f.get("cmap")
	if cmapData == nil {
		return nil, nil, fmt.Errorf("sfnt: glyph codes: %w: no cmap table", ErrMalformed)
	}
	recs, err := parseCmapRecords(cmapData)
	if err != nil {
		return nil, nil, fmt.Errorf("sfnt: glyph codes: %w", err)
	}
	m, err := unicodeMapping(cmapData, recs, numGlyphs)
	if err != nil {
		return nil, nil, fmt.Errorf("sfnt: glyph codes: %w", err)
	}
	m, codeOf, err = addPUA(m, numGlyphs)
	if err != nil {
		return nil, nil, fmt.Errorf("sfnt: glyph codes: %w", err)
	}
	newCmap, err := buildCmap(recs, m)
	if err != nil {
		return nil, nil, fmt.Errorf("sfnt: glyph codes: %w", err)
	}
	f.set("cmap", newCmap)
	return f.serialize(), codeOf, nil
}

// unicodeMapping returns the font's Unicode mapping as HarfBuzz (go-text)
// sees it, sorted by code point, without mappings to .notdef or to glyphs
// past numGlyphs, and without U+FFFF (which format 4 reserves).
func unicodeMapping(cmapData []byte, recs []encodingRecord, numGlyphs int) ([]mapping, error) {
	hasUnicode := false
	for _, r := range recs {
		if r.platform == platformMicrosoft && r.encoding == encMSSymbol {
			return nil, fmt.Errorf("%w: symbol-encoded cmap (3,0)", ErrUnsupported)
		}
		if isUnicodeRecord(r.platform, r.encoding) {
			hasUnicode = true
		}
	}
	if !hasUnicode {
		return nil, fmt.Errorf("%w: no Unicode cmap subtable", ErrUnsupported)
	}
	table, _, err := tables.ParseCmap(cmapData)
	if err != nil {
		return nil, fmt.Errorf("%w: cmap: %w", ErrMalformed, err)
	}
	cm, _, err := font.ProcessCmap(table, tables.FPNone)
	if err != nil {
		return nil, fmt.Errorf("%w: cmap: %w", ErrMalformed, err)
	}
	seen := make(map[rune]bool)
	var m []mapping
	it := cm.Iter()
	for n := 0; it.Next(); n++ {
		if n >= maxCmapEntries {
			return nil, fmt.Errorf("%w: cmap enumerates over %d code points", ErrMalformed, maxCmapEntries)
		}
		r, g := it.Char()
		if g == 0 || int(g) >= numGlyphs || r < 0 || r > 0x10FFFF || r == 0xFFFF || seen[r] {
			continue
		}
		seen[r] = true
		m = append(m, mapping{code: r, glyph: uint16(g)})
	}
	slices.SortFunc(m, func(a, b mapping) int { return int(a.code - b.code) })
	return m, nil
}

// addPUA gives every glyph 1..numGlyphs-1 without a BMP code point in m the
// next free Private Use Area code point, and returns the merged mapping
// (sorted) and each glyph's code point.
func addPUA(m []mapping, numGlyphs int) ([]mapping, []rune, error) {
	codeOf := make([]rune, numGlyphs)
	used := make(map[rune]bool, len(m))
	for _, p := range m {
		used[p.code] = true
		if p.code <= 0xFFFF && (codeOf[p.glyph] == 0 || p.code < codeOf[p.glyph]) {
			codeOf[p.glyph] = p.code
		}
	}
	next := puaFirst
	added := 0
	for g := 1; g < numGlyphs; g++ {
		if codeOf[g] != 0 {
			continue
		}
		for next <= puaLast && used[next] {
			next++
		}
		if next > puaLast {
			return nil, nil, fmt.Errorf("%w: Private Use Area exhausted at glyph %d", ErrUnsupported, g)
		}
		codeOf[g] = next
		used[next] = true
		m = append(m, mapping{code: next, glyph: uint16(g)})
		next++
		added++
	}
	if added > 0 {
		slices.SortFunc(m, func(a, b mapping) int { return int(a.code - b.code) })
	}
	return m, codeOf, nil
}
