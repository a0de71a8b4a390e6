package myanmar

import "unicode"

// Encoding is the encoding Detect decided a text is in.
type Encoding int

// Encodings Detect can decide.
const (
	// None: the text holds no Myanmar letters.
	None Encoding = iota
	// Unicode: Myanmar text in Unicode storage order, or text that reads
	// the same in both encodings.
	Unicode
	// Zawgyi: legacy Zawgyi-encoded text; convert it with ZawgyiToUnicode.
	Zawgyi
	// Unsure: the evidence is weak or mixed; leave the text alone.
	Unsure
)

// String returns the lower-case name of the encoding.
func (e Encoding) String() string {
	switch e {
	case None:
		return "none"
	case Unicode:
		return "unicode"
	case Zawgyi:
		return "zawgyi"
	}
	return "unsure"
}

// Verdict is the result of Detect.
type Verdict struct {
	Encoding Encoding
	// Score is the share of the evidence found that points to Zawgyi, from
	// 0 (all of it says Unicode, or there is none) to 1 (all says Zawgyi).
	Score float64
}

// Thresholds of Detect: Zawgyi needs at least minZawgyi points of
// Zawgyi-only evidence making up zawgyiShare of all evidence; Unicode is
// decided when Zawgyi evidence is at most unicodeShare of it.
const (
	minZawgyi    = 1.0
	zawgyiShare  = 0.9
	unicodeShare = 0.2
)

// Detect decides whether s (one paragraph) is Unicode or Zawgyi Myanmar
// text. It weighs sequences that are only valid in one encoding: Zawgyi
// stores the e-vowel and medial ra before the consonant, uses U+1039 as
// asat and U+103A as medial ya, and has its own code points for stacked
// consonants; Unicode has kinzi, medial ha U+103E, and marks after their
// consonant in a fixed order. Text with no distinguishing sequence is
// Unicode when converting it would not change it, and Unsure otherwise.
func Detect(s string) Verdict {
	rs := []rune(s)
	letters := 0
	var z, u float64
	for i, r := range rs {
		if !isMyanmar(r) {
			continue
		}
		if isConsonant(r) || isIndependentVowel(r) || isDigit(r) || (r >= 0x102B && r <= 0x103F) || (r >= 0x1050 && r <= 0x109F) {
			letters++
		}
		prev, next := rune(-1), rune(-1)
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		dz, du := evidence(rs, i, prev, r, next)
		z += dz
		u += du
	}
	if letters == 0 {
		return Verdict{Encoding: None}
	}
	if z+u == 0 {
		if ZawgyiToUnicode(s) == s {
			return Verdict{Encoding: Unicode}
		}
		return Verdict{Encoding: Unsure}
	}
	score := z / (z + u)
	switch {
	case z >= minZawgyi && score >= zawgyiShare:
		return Verdict{Encoding: Zawgyi, Score: score}
	case score <= unicodeShare:
		return Verdict{Encoding: Unicode, Score: score}
	}
	return Verdict{Encoding: Unsure, Score: score}
}

// burmeseConsonant reports the consonants of the Burmese alphabet.
func burmeseConsonant(r rune) bool { return r >= 0x1000 && r <= 0x1021 }

// precedesE reports what may stand before U+1031 in Unicode order.
func precedesE(r rune) bool {
	return isConsonant(r) || isIndependentVowel(r) || (r >= 0x103B && r <= 0x103E) ||
		r == 0x1040 || r == 0x1044 || r == 0x200C || r == 0x200D || (r >= 0xFE00 && r <= 0xFE0F) ||
		r == 0x1031 // a doubled e-vowel is judged at the first
}

// evidence weighs the sequence around rs[i] = r: points for Zawgyi and
// points for Unicode. Only sequences that are invalid (or never written)
// in the other encoding count.
func evidence(rs []rune, i int, prev, r, next rune) (z, u float64) {
	switch {
	case r == 0x1031:
		// Zawgyi stores the e-vowel first; in Unicode it follows its
		// consonant and medials, and is followed by a vowel, a final or a
		// space, never by a medial.
		if !precedesE(prev) && (burmeseConsonant(next) || next == 0x103B || (next >= 0x107E && next <= 0x1084)) {
			z++
		}
		if next >= 0x103B && next <= 0x103E {
			z++
		}
		if next == -1 || next == 0x102B || next == 0x102C || next == 0x1036 || next == 0x1037 ||
			next == 0x1038 || next == 0x103A || unicode.IsSpace(next) || next == sectionMark || next == sentenceMark {
			u++
		}
	case r == 0x103B:
		// Zawgyi medial ra stands before its consonant; Unicode medial ya
		// after one. Medial ya then e-vowel is a common Unicode pair.
		if !burmeseConsonant(prev) && prev != 0x1031 && burmeseConsonant(next) {
			z++
		}
		if prev == 0x1031 && burmeseConsonant(next) {
			z++
		}
		// Unicode medial ya is followed by marks; Zawgyi medial ra by
		// its consonant.
		if burmeseConsonant(prev) && next >= 0x102B && next <= 0x103E && next != virama {
			u++
		}
	case r >= 0x107E && r <= 0x1084:
		// Zawgyi medial ra variants, before their consonant.
		if burmeseConsonant(next) && !burmeseConsonant(prev) {
			z++
		}
	case r == virama:
		// Zawgyi's asat; a Unicode virama always stacks a consonant, of
		// the same row (Zawgyi has its own code points for stacks, so
		// there U+1039 is a final followed by the next syllable).
		switch {
		case next == -1 || !isConsonant(next):
			z++
		case prev == asat && i >= 2 && rs[i-2] == 0x1004:
			u++ // kinzi
		case burmeseConsonant(prev) && burmeseConsonant(next) && !stackable(prev, next):
			z++
		}
	case r == asat:
		// Zawgyi's medial ya, followed by vowels and medials; Unicode's
		// asat ends the syllable (only visarga may follow).
		if (next >= 0x102B && next <= 0x1032) || next == 0x1036 || (next >= 0x103C && next <= 0x103E) {
			if !(next == 0x102B || next == 0x102C) || prev != 0x1031 {
				z++
			}
		}
		if next == 0x1038 {
			u++
		}
		// Consonants that are finals but never take medial ya, and the
		// reverse.
		switch prev {
		case 0x1004, 0x1005, 0x1009, 0x100A, 0x100B, 0x100C, 0x100D, 0x100E, 0x100F,
			0x1010, 0x1011, 0x1012, 0x1013, 0x1014, 0x101A, 0x101B, 0x101D, 0x101E:
			u++
		case 0x1001, 0x1002, 0x1016, 0x1017, 0x1018:
			z++
		}
		if prev == dotBelow {
			u++
		}
	case r >= 0x103B && r <= 0x103E && ((prev >= 0x102B && prev <= 0x1030) || prev == 0x1032 || prev == 0x1036):
		// A medial after a vowel sign: Zawgyi typing order.
		z++
	case r >= 0x1087 && r <= 0x108A && burmeseOnly(prev):
		// Zawgyi medial ha forms; in Unicode Shan tones, which never
		// follow letters Shan does not use.
		z++
	case r == 0x108F || r == 0x1090:
		// Zawgyi short na and ra take vowel signs and medials.
		if (next >= 0x102B && next <= 0x1032) || next == 0x1036 || (next >= 0x103A && next <= 0x103D) {
			z++
		}
	case r == 0x103E || r == 0x103F:
		// Medial ha and great sa have other code points in Zawgyi.
		u++
	case r == 0x1033 || r == 0x1034 || r == 0x105A:
		if isMyanmar(prev) {
			z++
		}
	case (r >= 0x1060 && r <= 0x107C) || r == 0x1085 || r == 0x1093 || r == 0x1096:
		// Zawgyi stacked consonants, below the consonant before them. (In
		// Unicode, U+1075–U+107C are Shan letters, which rarely follow a
		// consonant directly: Shan marks its vowels and finals.)
		if burmeseConsonant(prev) {
			z++
		}
	case r == 0x1094 || r == 0x1095 || r == 0x1086:
		// Zawgyi dot below, short na, short ra and great sa; in Unicode
		// these are Shan digits and signs, never after Burmese letters.
		if prev >= 0x1000 && prev <= 0x103E && !isDigit(prev) {
			z++
		}
	case r == 0x1064 || (r >= 0x108B && r <= 0x108E):
		// Zawgyi kinzi ligatures after the consonant.
		if burmeseConsonant(prev) {
			z++
		}
	}
	return z, u
}

// row returns the row (varga) of a Burmese consonant, or -1 for the
// consonants outside the five rows.
func row(r rune) int {
	switch {
	case r >= 0x1000 && r <= 0x1004:
		return 0
	case r >= 0x1005 && r <= 0x100A:
		return 1
	case r >= 0x100B && r <= 0x100F:
		return 2
	case r >= 0x1010 && r <= 0x1014:
		return 3
	case r >= 0x1015 && r <= 0x1019:
		return 4
	}
	return -1
}

// stackable reports whether lower may be stacked under upper in Unicode
// Burmese: consonants of one row, doubled letters, and ha above a
// nasal or semivowel.
func stackable(upper, lower rune) bool {
	if upper == lower || upper == 0x101F {
		return true
	}
	ru := row(upper)
	return ru >= 0 && ru == row(lower)
}

// burmeseOnly reports Burmese consonants that Shan does not use.
func burmeseOnly(r rune) bool {
	switch {
	case r >= 0x1000 && r <= 0x1003, r >= 0x1005 && r <= 0x100F, r >= 0x1012 && r <= 0x1014,
		r >= 0x1016 && r <= 0x1018, r >= 0x101F && r <= 0x1021:
		return true
	}
	return false
}
