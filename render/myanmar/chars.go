package myanmar

import "unicode"

// Character classes used by the segmenter and the cluster checker.
const (
	asat         = 0x103A
	virama       = 0x1039
	dotBelow     = 0x1037
	sectionMark  = 0x104A // ၊ little section
	sentenceMark = 0x104B // ။ section
)

// isMyanmar reports whether r belongs to one of the Myanmar blocks.
func isMyanmar(r rune) bool {
	return (r >= 0x1000 && r <= 0x109F) || (r >= 0xA9E0 && r <= 0xA9FF) || (r >= 0xAA60 && r <= 0xAA7F)
}

// isConsonant reports Myanmar consonants (including the extended ones of
// Mon, Shan, Karen and other languages written in the script).
func isConsonant(r rune) bool {
	switch {
	case r >= 0x1000 && r <= 0x1021, r == 0x103F, r == 0x104E,
		r >= 0x1050 && r <= 0x1051, r >= 0x105A && r <= 0x105D, r == 0x1061,
		r >= 0x1065 && r <= 0x1066, r >= 0x106E && r <= 0x1070,
		r >= 0x1075 && r <= 0x1081, r == 0x108E,
		r >= 0xA9E0 && r <= 0xA9E4, r >= 0xA9E7 && r <= 0xA9EF, r >= 0xA9FA && r <= 0xA9FE,
		r >= 0xAA60 && r <= 0xAA6F, r >= 0xAA71 && r <= 0xAA76, r == 0xAA7A, r >= 0xAA7E && r <= 0xAA7F:
		return true
	}
	return false
}

// isIndependentVowel reports the independent vowel letters.
func isIndependentVowel(r rune) bool {
	return (r >= 0x1022 && r <= 0x102A) || (r >= 0x1052 && r <= 0x1055)
}

// isDigit reports Myanmar and Shan digits.
func isDigit(r rune) bool {
	return (r >= 0x1040 && r <= 0x1049) || (r >= 0x1090 && r <= 0x1099) || (r >= 0xA9F0 && r <= 0xA9F9)
}

// isMark reports characters that attach to the character before them and
// so can never begin a line or a syllable: combining marks of any script,
// joiners and variation selectors.
func isMark(r rune) bool {
	switch {
	case r < 0x300: // no combining marks below the combining diacritics block
		return false
	case r >= 0x1000 && r < 0x10A0:
		return myanmarMarks[r-0x1000]
	case r == 0x200C || r == 0x200D || (r >= 0xFE00 && r <= 0xFE0F):
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me)
}

// myanmarMarks caches the general category test for the main Myanmar
// block, where line breaking asks it for every character.
var myanmarMarks = func() (t [0xA0]bool) {
	for i := range t {
		t[i] = unicode.In(rune(0x1000+i), unicode.Mn, unicode.Mc, unicode.Me)
	}
	return t
}()

// isBase reports characters that start a Myanmar syllable.
func isBase(r rune) bool {
	return isConsonant(r) || isIndependentVowel(r)
}
