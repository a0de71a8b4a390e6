package sfnt

import (
	"encoding/binary"
	"fmt"
	"sort"
)

// Subsetter cuts small TrueType fonts out of one glyf-based face. It parses
// the face once (NewSubsetter) so that each document's subsets cost only the
// copying of the glyphs they hold. It is safe for concurrent use.
type Subsetter struct {
	head, hhea, maxp, os2, name, post, cvt, fpgm, prep []byte
	glyf                                               []byte
	loca                                               []uint32 // numGlyphs+1 offsets into glyf
	adv                                                []uint16
	lsb                                                []int16
}

// NewSubsetter parses the tables of ttf that subsets need.
func NewSubsetter(ttf []byte) (*Subsetter, error) {
	f, err := parse(ttf)
	if err != nil {
		return nil, err
	}
	s := &Subsetter{head: f.get("head"), hhea: f.get("hhea"), maxp: f.get("maxp"), os2: f.get("OS/2"),
		name: f.get("name"), post: f.get("post"), cvt: f.get("cvt "), fpgm: f.get("fpgm"), prep: f.get("prep"), glyf: f.get("glyf")}
	if len(s.head) < 54 || len(s.hhea) < 36 || len(s.maxp) < 6 || s.glyf == nil {
		return nil, fmt.Errorf("%w: a glyf-based font needs head, hhea, maxp, loca and glyf", ErrUnsupported)
	}
	n := int(binary.BigEndian.Uint16(s.maxp[4:]))
	long := binary.BigEndian.Uint16(s.head[50:]) == 1
	loca := f.get("loca")
	s.loca = make([]uint32, n+1)
	for i := range s.loca {
		switch {
		case long && len(loca) >= 4*(i+1):
			s.loca[i] = binary.BigEndian.Uint32(loca[4*i:])
		case !long && len(loca) >= 2*(i+1):
			s.loca[i] = 2 * uint32(binary.BigEndian.Uint16(loca[2*i:]))
		default:
			return nil, fmt.Errorf("%w: loca shorter than %d glyphs", ErrMalformed, n)
		}
		if s.loca[i] > uint32(len(s.glyf)) || (i > 0 && s.loca[i] < s.loca[i-1]) {
			return nil, fmt.Errorf("%w: loca entry %d out of order or range", ErrMalformed, i)
		}
	}
	hmtx := f.get("hmtx")
	nh := int(binary.BigEndian.Uint16(s.hhea[34:]))
	if nh == 0 || nh > n || len(hmtx) < 4*nh+2*(n-nh) {
		return nil, fmt.Errorf("%w: hmtx too short", ErrMalformed)
	}
	s.adv, s.lsb = make([]uint16, n), make([]int16, n)
	for g := range n {
		if g < nh {
			s.adv[g] = binary.BigEndian.Uint16(hmtx[4*g:])
			s.lsb[g] = int16(binary.BigEndian.Uint16(hmtx[4*g+2:]))
		} else {
			s.adv[g] = s.adv[nh-1]
			s.lsb[g] = int16(binary.BigEndian.Uint16(hmtx[4*nh+2*(g-nh):]))
		}
	}
	return s, nil
}

// NumGlyphs returns the number of glyphs in the face.
func (s *Subsetter) NumGlyphs() int { return len(s.adv) }

// Advance returns a glyph's advance width in font units.
func (s *Subsetter) Advance(g uint16) uint16 {
	if int(g) < len(s.adv) {
		return s.adv[g]
	}
	return 0
}

// Composite glyph flags (OpenType glyf table).
const (
	argsAreWords    = 0x0001
	haveScale       = 0x0008
	moreComponents  = 0x0020
	haveXYScale     = 0x0040
	haveTwoByTwo    = 0x0080
	maxSubsetGlyphs = 0xFFFF
)

func (s *Subsetter) glyph(g uint16) []byte {
	return s.glyf[s.loca[g]:s.loca[g+1]]
}

// components calls fn with the offset of every component glyph index in a
// composite glyph's data; it returns an error for truncated data.
func components(data []byte, fn func(off int)) error {
	if len(data) < 10 || int16(binary.BigEndian.Uint16(data)) >= 0 {
		return nil
	}
	p := 10
	for {
		if p+4 > len(data) {
			return fmt.Errorf("%w: truncated composite glyph", ErrMalformed)
		}
		flags := binary.BigEndian.Uint16(data[p:])
		fn(p + 2)
		p += 4
		if flags&argsAreWords != 0 {
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&haveScale != 0:
			p += 2
		case flags&haveXYScale != 0:
			p += 4
		case flags&haveTwoByTwo != 0:
			p += 8
		}
		if flags&moreComponents == 0 {
			return nil
		}
	}
}

// Subset returns a TrueType font holding .notdef, the given glyphs (and the
// components composite glyphs need), whose (3,1) cmap maps codes[i] to the
// subset's copy of glyphs[i]. Codes must be distinct BMP code points. Only
// the tables a PDF renderer reads are kept (no layout tables).
func (s *Subsetter) Subset(glyphs []uint16, codes []rune) ([]byte, error) {
	if len(glyphs) != len(codes) {
		return nil, fmt.Errorf("sfnt: subset: %d glyphs but %d codes", len(glyphs), len(codes))
	}
	// newID[g] is glyph g's id in the subset; 0 means not (yet) in it,
	// except for .notdef, which is always glyph 0.
	newID := make([]uint16, len(s.adv))
	order := []uint16{0}
	add := func(g uint16) error {
		if int(g) >= len(s.adv) {
			return fmt.Errorf("%w: component glyph %d out of range", ErrMalformed, g)
		}
		if g != 0 && newID[g] == 0 {
			if len(order) == maxSubsetGlyphs {
				return fmt.Errorf("sfnt: subset: too many glyphs")
			}
			newID[g] = uint16(len(order))
			order = append(order, g)
		}
		return nil
	}
	for _, g := range glyphs {
		if int(g) >= len(s.adv) {
			return nil, fmt.Errorf("sfnt: subset: glyph %d out of range (%d glyphs)", g, len(s.adv))
		}
		if err := add(g); err != nil {
			return nil, err
		}
	}
	// Component closure: composite glyphs draw other glyphs.
	for i := 0; i < len(order); i++ {
		var err error
		cerr := components(s.glyph(order[i]), func(off int) {
			if err == nil {
				err = add(binary.BigEndian.Uint16(s.glyph(order[i])[off:]))
			}
		})
		if cerr != nil {
			return nil, cerr
		}
		if err != nil {
			return nil, err
		}
	}
	// glyf is never nil, so that a subset of empty glyphs keeps its (empty)
	// glyf table.
	size := 0
	for _, g := range order {
		size += (len(s.glyph(g)) + 3) &^ 3
	}
	glyf := make([]byte, 0, size)
	loca := make([]byte, 4*(len(order)+1))
	hmtx := make([]byte, 4*len(order))
	for i, g := range order {
		binary.BigEndian.PutUint32(loca[4*i:], uint32(len(glyf)))
		start := len(glyf)
		glyf = append(glyf, s.glyph(g)...)
		data := glyf[start:]
		_ = components(data, func(off int) {
			binary.BigEndian.PutUint16(data[off:], newID[binary.BigEndian.Uint16(data[off:])])
		})
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		binary.BigEndian.PutUint16(hmtx[4*i:], s.adv[g])
		binary.BigEndian.PutUint16(hmtx[4*i+2:], uint16(s.lsb[g]))
	}
	binary.BigEndian.PutUint32(loca[4*len(order):], uint32(len(glyf)))

	m := make([]mapping, len(codes))
	for i, c := range codes {
		if c <= 0 || c >= 0xFFFF {
			return nil, fmt.Errorf("sfnt: subset: code %U outside the BMP", c)
		}
		m[i] = mapping{code: c, glyph: newID[glyphs[i]]}
	}
	sort.Slice(m, func(i, j int) bool { return m[i].code < m[j].code })
	for i := 1; i < len(m); i++ {
		if m[i].code == m[i-1].code {
			return nil, fmt.Errorf("sfnt: subset: code %U used twice", m[i].code)
		}
	}
	f4, err := format4(m)
	if err != nil {
		return nil, err
	}
	cmap := make([]byte, 12, 12+len(f4))
	binary.BigEndian.PutUint16(cmap[2:], 1)
	binary.BigEndian.PutUint16(cmap[4:], platformMicrosoft)
	binary.BigEndian.PutUint16(cmap[6:], encMSUnicodeBMP)
	binary.BigEndian.PutUint32(cmap[8:], 12)
	cmap = append(cmap, f4...)

	head := append([]byte(nil), s.head...)
	binary.BigEndian.PutUint16(head[50:], 1) // long loca
	hhea := append([]byte(nil), s.hhea...)
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(order)))
	maxp := append([]byte(nil), s.maxp...)
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(order)))
	post := make([]byte, 32)
	if len(s.post) >= 16 {
		copy(post[4:16], s.post[4:16]) // italic angle, underline, fixed pitch
	}
	binary.BigEndian.PutUint32(post, 0x00030000)

	out := &sfntFont{version: 0x00010000}
	for _, t := range []table{{"head", head}, {"hhea", hhea}, {"maxp", maxp}, {"hmtx", hmtx}, {"loca", loca},
		{"glyf", glyf}, {"cmap", cmap}, {"post", post}, {"OS/2", s.os2}, {"name", s.name},
		{"cvt ", s.cvt}, {"fpgm", s.fpgm}, {"prep", s.prep}} {
		if t.data != nil {
			out.tables = append(out.tables, t)
		}
	}
	return out.serialize(), nil
}
