package render

import (
	"fmt"
	"sort"
	"strings"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render/doc"
	"github.com/docexport/docexport/render/shape"
)

// coverage knows which characters the bundled faces can draw, so text no
// font covers is refused up front instead of being drawn as boxes.
type coverage struct {
	latin   *shape.Font
	myanmar map[string]*shape.Font
}

func newCoverage() (coverage, error) {
	c := coverage{myanmar: map[string]*shape.Font{}}
	var err error
	if c.latin, err = shape.Load(fonts.LatinSet().Regular.Data()); err != nil {
		return c, fmt.Errorf("latin face: %w", err)
	}
	for _, name := range fonts.MyanmarFamilies() {
		set, _ := fonts.MyanmarSet(name)
		f, err := shape.Load(set.Regular.Data())
		if err != nil {
			return c, fmt.Errorf("myanmar face %s: %w", name, err)
		}
		c.myanmar[name] = f
	}
	return c, nil
}

// ignorable reports characters that draw nothing and need no glyph.
func ignorable(r rune) bool {
	switch r {
	case '\n', '\t', 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0xFE00, 0xFE01:
		return true
	}
	return false
}

// maxListed bounds how many code points an unsupported_characters error names.
const maxListed = 20

// check refuses characters that no bundled face covers: Myanmar characters
// need the statement's Myanmar family, everything else the Latin family.
func (c coverage) check(st Statement) error {
	my := c.myanmar[st.Font]
	if my == nil {
		my = c.myanmar[fonts.DefaultMyanmar]
	}
	for _, f := range []struct{ name, v string }{
		{"title", st.Title}, {"kind", st.Kind}, {"author", st.Author}, {"body", st.Body},
	} {
		missing := map[rune]bool{}
		for _, r := range f.v {
			if ignorable(r) {
				continue
			}
			face := c.latin
			if doc.IsMyanmar(r) {
				face = my
			}
			if !face.Covers(r) {
				missing[r] = true
			}
		}
		if len(missing) == 0 {
			continue
		}
		list := make([]rune, 0, len(missing))
		for r := range missing {
			list = append(list, r)
		}
		sort.Slice(list, func(i, j int) bool { return list[i] < list[j] })
		names := make([]string, 0, maxListed)
		for i, r := range list {
			if i == maxListed {
				names = append(names, fmt.Sprintf("and %d more", len(list)-maxListed))
				break
			}
			names = append(names, fmt.Sprintf("U+%04X", r))
		}
		return &Error{Code: CodeUnsupportedCharacters, Field: f.name,
			Message: fmt.Sprintf("%s has characters no bundled font covers: %s", f.name, strings.Join(names, ", "))}
	}
	return nil
}
