package sfnt

import (
	"encoding/binary"
	"fmt"
)

// Platform and encoding of the Microsoft Unicode BMP cmap subtable, the
// one subsets carry (and the one PDF readers look for first).
const (
	platformMicrosoft = 3
	encMSUnicodeBMP   = 1
)

// mapping is one code point to glyph pair.
type mapping struct {
	code  rune
	glyph uint16
}

// segment is one format 4 segment: code points [start, end] map either by
// delta (glyphs == nil) or through the glyph id array.
type segment struct {
	start, end uint16
	delta      uint16
	glyphs     []uint16
}

// minDeltaRun is the shortest run of equal deltas worth a segment of its
// own: a segment costs 8 bytes, an array entry 2.
const minDeltaRun = 4

// format4 encodes the BMP mappings of m (sorted by code; 0xFFFF excluded)
// as a cmap format 4 subtable.
func format4(m []mapping) ([]byte, error) {
	var segs []segment
	var pending []mapping // consecutive short pieces, to go to one array segment
	flush := func() {
		switch len(pending) {
		case 0:
		default:
			s := segment{start: uint16(pending[0].code), end: uint16(pending[len(pending)-1].code)}
			if isDeltaRun(pending) {
				s.delta = pending[0].glyph - uint16(pending[0].code)
			} else {
				s.glyphs = make([]uint16, len(pending))
				for i, p := range pending {
					s.glyphs[i] = p.glyph
				}
			}
			segs = append(segs, s)
		}
		pending = pending[:0]
	}
	for i := 0; i < len(m); {
		if m[i].code >= 0xFFFF {
			break
		}
		// A piece: consecutive codes with consecutive glyphs.
		j := i + 1
		for j < len(m) && m[j].code < 0xFFFF && m[j].code == m[j-1].code+1 && m[j].glyph == m[j-1].glyph+1 {
			j++
		}
		if len(pending) > 0 && m[i].code != pending[len(pending)-1].code+1 {
			flush()
		}
		if j-i >= minDeltaRun {
			flush()
			pending = append(pending, m[i:j]...)
			flush()
		} else {
			pending = append(pending, m[i:j]...)
		}
		i = j
	}
	flush()
	segs = append(segs, segment{start: 0xFFFF, end: 0xFFFF, delta: 1})

	n := len(segs)
	arrayLen := 0
	for _, s := range segs {
		arrayLen += len(s.glyphs)
	}
	size := 16 + 8*n + 2*arrayLen
	if size > 0xFFFF {
		return nil, fmt.Errorf("sfnt: cmap format 4 would be %d bytes, over the 65535 limit", size)
	}
	b := make([]byte, size)
	be := binary.BigEndian
	be.PutUint16(b, 4)
	be.PutUint16(b[2:], uint16(size))
	be.PutUint16(b[4:], 0) // language
	be.PutUint16(b[6:], uint16(2*n))
	es := 0
	for 1<<(es+1) <= n {
		es++
	}
	sr := 2 * (1 << es)
	be.PutUint16(b[8:], uint16(sr))
	be.PutUint16(b[10:], uint16(es))
	be.PutUint16(b[12:], uint16(2*n-sr))
	ends := b[14:]
	starts := b[16+2*n:]
	deltas := b[16+4*n:]
	ranges := b[16+6*n:]
	array := b[16+8*n:]
	idx := 0 // next free glyph id array entry
	for i, s := range segs {
		be.PutUint16(ends[2*i:], s.end)
		be.PutUint16(starts[2*i:], s.start)
		be.PutUint16(deltas[2*i:], s.delta)
		if s.glyphs != nil {
			// Offset from this idRangeOffset entry to the segment's first glyph.
			be.PutUint16(ranges[2*i:], uint16(2*(n-i)+2*idx))
			for _, g := range s.glyphs {
				be.PutUint16(array[2*idx:], g)
				idx++
			}
		}
	}
	return b, nil
}

// isDeltaRun reports whether codes and glyphs of ms both increase by one.
func isDeltaRun(ms []mapping) bool {
	for i := 1; i < len(ms); i++ {
		if ms[i].glyph != ms[i-1].glyph+1 {
			return false
		}
	}
	return true
}
