package pdf

import (
	"fmt"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render/sfnt"
	"github.com/docexport/docexport/render/shape"
)

// face is an embedded face prepared once per process: parsed for shaping
// and for cutting per-document subsets.
type face struct {
	src *fonts.Face
	// family is the name the face is registered under in fpdf.
	family string
	shaper *shape.Font
	// sub cuts the per-document subsets that get embedded.
	sub *sfnt.Subsetter
	// desc is the PDF font descriptor data, in 1/1000 em.
	desc fontDesc
	// adv is each glyph's default advance in font units: glyphs that
	// HarfBuzz did not move can be drawn in one text string, because the
	// PDF viewer advances by these same widths.
	adv []int32
	// runes is the character each glyph stands for (-1 for none), for the
	// subsets' ToUnicode maps.
	runes []rune
	upem  float64
	// ascent and descent are the line extents in em (descent positive),
	// the larger of hhea metrics and the glyph bounding box.
	ascent, descent float64
}

func prepareFace(f *fonts.Face, family string) (*face, error) {
	sh, err := shape.Load(f.Data())
	if err != nil {
		return nil, fmt.Errorf("face %s: %w", f.ID, err)
	}
	sub, err := sfnt.NewSubsetter(f.Data())
	if err != nil {
		return nil, fmt.Errorf("face %s: %w", f.ID, err)
	}
	fc := &face{src: f, family: family, shaper: sh, sub: sub, upem: float64(sh.UnitsPerEm())}
	fc.adv = make([]int32, sub.NumGlyphs())
	for g := range fc.adv {
		fc.adv[g] = int32(sub.Advance(uint16(g)))
	}
	fc.runes = glyphRunes(sh, len(fc.adv))
	if fc.desc, err = describe(f.Data(), f.Bold, f.Italic); err != nil {
		return nil, fmt.Errorf("face %s: %w", f.ID, err)
	}
	m := sh.Metrics()
	asc, desc := float64(max(m.Ascender, m.MaxAscent)), float64(max(-m.Descender, m.MaxDescent))
	fc.ascent, fc.descent = asc/fc.upem, desc/fc.upem
	return fc, nil
}

// faceSet is every prepared face, indexed by script family and style.
type faceSet struct {
	latin   [4]*face
	myanmar map[string][2]*face // family name -> regular, bold
}

func styleIndex(bold, italic bool) int {
	i := 0
	if bold {
		i |= 1
	}
	if italic {
		i |= 2
	}
	return i
}

func prepareFaces() (*faceSet, error) {
	fs := &faceSet{myanmar: map[string][2]*face{}}
	latin := fonts.LatinSet()
	n := 0
	next := func(*fonts.Face) string { n++; return fmt.Sprintf("f%d", n) }
	for i, f := range []*fonts.Face{latin.Regular, latin.Bold, latin.Italic, latin.BoldItalic} {
		fc, err := prepareFace(f, next(f))
		if err != nil {
			return nil, err
		}
		fs.latin[i] = fc
	}
	for _, name := range fonts.MyanmarFamilies() {
		set, _ := fonts.MyanmarSet(name)
		reg, err := prepareFace(set.Regular, next(set.Regular))
		if err != nil {
			return nil, err
		}
		bold, err := prepareFace(set.Bold, next(set.Bold))
		if err != nil {
			return nil, err
		}
		fs.myanmar[name] = [2]*face{reg, bold}
	}
	return fs, nil
}
