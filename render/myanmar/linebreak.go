package myanmar

import "github.com/go-text/typesetting/segmenter"

// LineBreaks returns a slice of len(rs)+1; allowed[i] reports whether a line may break
// between rs[i-1] and rs[i]. allowed[0] and allowed[len(rs)] are false.
//
// rs is a whole paragraph that may mix Latin and Myanmar. Outside Myanmar
// text the Unicode line breaking algorithm (UAX #14) decides: after spaces
// and U+200B, after hyphens, never before closing or after opening
// punctuation. Between two Myanmar characters a break is allowed at
// syllable boundaries only (see Syllables). A line never begins with a
// combining mark, and never with ၊ or ။, not even after spaces.
func LineBreaks(rs []rune) []bool {
	allowed := make([]bool, len(rs)+1)
	if len(rs) < 2 {
		return allowed
	}
	var seg segmenter.Segmenter
	seg.Init(rs)
	it := seg.LineIterator()
	for it.Next() {
		l := it.Line()
		if end := l.Offset + len(l.Text); end > 0 && end < len(rs) {
			allowed[end] = true
		}
	}
	for i := 1; i < len(rs); i++ {
		r := rs[i]
		switch {
		case isMark(r) || r == sectionMark || r == sentenceMark:
			allowed[i] = false
		case isMyanmar(rs[i-1]) && isMyanmar(r):
			allowed[i] = startsUnit(rs, i)
		}
	}
	return allowed
}
