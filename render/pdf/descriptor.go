package pdf

import (
	"encoding/binary"
	"errors"
	"math"
)

// fontDesc is what a PDF font descriptor says about a face, in 1/1000 em.
type fontDesc struct {
	Ascent, Descent, CapHeight, Flags int
	FontBBox                          struct{ Xmin, Ymin, Xmax, Ymax int }
	ItalicAngle, StemV, MissingWidth  int
	// underline position and thickness
	up, ut int
}

// PDF font flags (ISO 32000-1 §9.8.2).
const (
	flagNonsymbolic = 1 << 5
	flagItalic      = 1 << 6
)

// describe reads the descriptor values from a TrueType font's head, hhea,
// OS/2 and post tables.
func describe(ttf []byte, bold, italic bool) (fontDesc, error) {
	tables := map[string][]byte{}
	if len(ttf) < 12 {
		return fontDesc{}, errors.New("short font")
	}
	n := int(binary.BigEndian.Uint16(ttf[4:]))
	for i := 0; i < n && 12+16*i+16 <= len(ttf); i++ {
		rec := ttf[12+16*i:]
		off, l := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
		if uint64(off)+uint64(l) <= uint64(len(ttf)) {
			tables[string(rec[:4])] = ttf[off : off+l]
		}
	}
	head, hhea, os2, post := tables["head"], tables["hhea"], tables["OS/2"], tables["post"]
	if len(head) < 54 || len(hhea) < 10 {
		return fontDesc{}, errors.New("font lacks head or hhea")
	}
	i16 := func(b []byte, off int) int { return int(int16(binary.BigEndian.Uint16(b[off:]))) }
	upem := float64(binary.BigEndian.Uint16(head[18:]))
	k := func(v int) int { return int(math.Round(float64(v) * 1000 / upem)) }
	var d fontDesc
	d.FontBBox.Xmin, d.FontBBox.Ymin, d.FontBBox.Xmax, d.FontBBox.Ymax = k(i16(head, 36)), k(i16(head, 38)), k(i16(head, 40)), k(i16(head, 42))
	d.Ascent, d.Descent = k(i16(hhea, 4)), k(i16(hhea, 6))
	d.CapHeight = d.Ascent
	if len(os2) >= 90 && binary.BigEndian.Uint16(os2) >= 2 {
		d.CapHeight = k(i16(os2, 88))
	}
	d.Flags = flagNonsymbolic
	if italic {
		d.Flags |= flagItalic
	}
	if len(post) >= 12 {
		d.ItalicAngle = int(math.Round(float64(int32(binary.BigEndian.Uint32(post[4:]))) / 65536))
		d.up, d.ut = k(i16(post, 8)), k(i16(post, 10))
	}
	d.StemV = 80
	if bold {
		d.StemV = 140
	}
	return d, nil
}
