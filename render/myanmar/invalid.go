package myanmar

import (
	"regexp"
	"slices"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Categories of HarfBuzz's Myanmar shaper (its Indic syllabic categories),
// one letter each so that its syllable grammar can run as a regexp.
const (
	catOther = 'z'
	catC     = 'a' // consonant
	catIV    = 'b' // independent vowel
	catDB    = 'c' // dot below
	catH     = 'd' // virama
	catZWNJ  = 'e'
	catZWJ   = 'f'
	catSM    = 'g' // visarga, tones
	catA     = 'h' // anusvara
	catGB    = 'i' // placeholder: digits, some punctuation
	catDC    = 'j' // dotted circle
	catRa    = 'k' // nga (kinzi)
	catSMPst = 'm' // superscript digits
	catVAbv  = 'n'
	catVBlw  = 'o'
	catVPre  = 'p'
	catVPst  = 'q'
	catAs    = 'r' // asat
	catMH    = 's'
	catMR    = 't'
	catMW    = 'u'
	catMY    = 'v'
	catPT    = 'w' // Pwo tones
	catVS    = 'x' // variation selectors
	catML    = 'y' // Mon medial la
)

// myanmarCats maps U+1000..U+109F to categories.
var myanmarCats = [0xA0]byte{}

func init() {
	set := func(lo, hi rune, c byte) {
		for r := lo; r <= hi; r++ {
			myanmarCats[r-0x1000] = c
		}
	}
	set(0x1000, 0x109F, catOther)
	set(0x1000, 0x1021, catC)
	set(0x1004, 0x1004, catRa)
	set(0x101B, 0x101B, catRa)
	set(0x1022, 0x102A, catIV)
	set(0x102B, 0x102C, catVPst)
	set(0x102D, 0x102E, catVAbv)
	set(0x102F, 0x1030, catVBlw)
	set(0x1031, 0x1031, catVPre)
	set(0x1032, 0x1032, catA)
	set(0x1033, 0x1035, catVAbv)
	set(0x1036, 0x1036, catA)
	set(0x1037, 0x1037, catDB)
	set(0x1038, 0x1038, catSM)
	set(0x1039, 0x1039, catH)
	set(0x103A, 0x103A, catAs)
	set(0x103B, 0x103B, catMY)
	set(0x103C, 0x103C, catMR)
	set(0x103D, 0x103D, catMW)
	set(0x103E, 0x103E, catMH)
	set(0x103F, 0x103F, catC)
	set(0x1040, 0x104B, catGB)
	set(0x104E, 0x104E, catC)
	set(0x1050, 0x1051, catC)
	set(0x1052, 0x1055, catIV)
	set(0x1056, 0x1057, catVPst)
	set(0x1058, 0x1059, catVBlw)
	set(0x105A, 0x105A, catRa)
	set(0x105B, 0x105D, catC)
	set(0x105E, 0x105F, catMY)
	set(0x1060, 0x1060, catML)
	set(0x1061, 0x1061, catC)
	set(0x1062, 0x1062, catVPst)
	set(0x1063, 0x1064, catPT)
	set(0x1065, 0x1066, catC)
	set(0x1067, 0x1068, catVPst)
	set(0x1069, 0x106D, catPT)
	set(0x106E, 0x1070, catC)
	set(0x1071, 0x1074, catVAbv)
	set(0x1075, 0x1081, catC)
	set(0x1082, 0x1082, catMW)
	set(0x1083, 0x1083, catVPst)
	set(0x1084, 0x1084, catVPre)
	set(0x1085, 0x1086, catVAbv)
	set(0x1087, 0x108D, catSM)
	set(0x108E, 0x108E, catC)
	set(0x108F, 0x108F, catSM)
	set(0x1090, 0x1099, catGB)
	set(0x109A, 0x109C, catSM)
	set(0x109D, 0x109D, catVAbv)
}

// category returns the shaper category of r.
func category(r rune) byte {
	switch {
	case r >= 0x1000 && r <= 0x109F:
		return myanmarCats[r-0x1000]
	case r >= 0xA9E0 && r <= 0xA9FF:
		switch {
		case r == 0xA9E5:
			return catVAbv
		case r == 0xA9E6 || r == 0xA9FF:
			return catOther
		case r >= 0xA9F0 && r <= 0xA9F9:
			return catGB
		}
		return catC
	case r >= 0xAA60 && r <= 0xAA7F:
		switch {
		case r == 0xAA70 || (r >= 0xAA77 && r <= 0xAA79):
			return catOther
		case r >= 0xAA74 && r <= 0xAA76:
			return catGB
		case r == 0xAA7B:
			return catPT
		case r == 0xAA7C || r == 0xAA7D:
			return catDB
		}
		return catC
	case r >= 0xFE00 && r <= 0xFE0F:
		return catVS
	case r == 0x200C:
		return catZWNJ
	case r == 0x200D:
		return catZWJ
	case r == 0x25CC:
		return catDC
	case r == 0x00A0, r == 0x00D7, r >= '0' && r <= '9', r == '-',
		r >= 0x2010 && r <= 0x2015, r == 0x2022, r >= 0x25FB && r <= 0x25FE:
		return catGB
	case r == 0x00B2 || r == 0x00B3 || r == 0x2074 || (r >= 0x2082 && r <= 0x2084):
		return catSMPst
	}
	return catOther
}

// The syllable grammar of HarfBuzz's Myanmar shaper (as in HarfBuzz 6,
// where visarga and tones follow Pwo tones; newer releases also accept
// them interleaved), over the category letters above.
const (
	gJ          = `[ef]`
	gK          = `(?:kr d)`
	gC          = `[ak]`
	gSM         = `[gm]`
	gMedial     = `v?r?t?(?:(?:us?y?|sy?|y)r?)?`
	gMainVowel  = `(?:px?)*n*o*h*(?:cr?)?`
	gPostVowel  = `qs?y?r*n*h*(?:cr?)?`
	gPwoTone    = `(?:wh*c?r?)`
	gComplex    = `r*` + gMedial + gMainVowel + `(?:` + gPostVowel + `)*` + gPwoTone + `*` + gSM + `*` + gJ + `?`
	gTail       = `(?:d[ab]x?)*(?:d|` + gComplex + `)`
	gConsonant  = `(?:` + gK + `|l)?[akbij]x?` + gTail
	gBroken     = gK + `?x?` + gTail
	gNonMyanmar = gJ + `|m`
)

var (
	reConsonant = longest(`^(?:` + gConsonant + `)`)
	reBroken    = longest(`^(?:` + gBroken + `)`)
	reJoiner    = longest(`^(?:` + gNonMyanmar + `)`)
)

func longest(expr string) *regexp.Regexp {
	re := regexp.MustCompile(removeSpaces(expr))
	re.Longest()
	return re
}

func removeSpaces(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			b = append(b, s[i])
		}
	}
	return string(b)
}

// InvalidClusters returns the code point offsets in s where HarfBuzz's
// Myanmar shaper finds a broken cluster and inserts a dotted circle
// (U+25CC): a mark with no base, an e-vowel typed before its consonant, a
// medial after a vowel sign, and so on. Only runs of Myanmar text (with
// the characters the shaper treats alongside it) are checked.
func InvalidClusters(s string) []int {
	rs := []rune(s)
	var out []int
	for start := 0; start < len(rs); {
		if !isMyanmar(rs[start]) {
			start++
			continue
		}
		// A run the shaper sees as one Myanmar item: Myanmar characters
		// and the neutral ones between them.
		end := start
		for end < len(rs) && (isMyanmar(rs[end]) || category(rs[end]) != catOther) {
			end++
		}
		for _, o := range brokenIn(rs[start:end]) {
			out = append(out, start+o)
		}
		start = end
	}
	return out
}

// brokenIn runs the syllable machine over one run.
func brokenIn(rs []rune) []int {
	order, cluster := canonicalOrder(rs)
	cats := make([]byte, len(rs))
	for i, j := range order {
		cats[i] = category(rs[j])
	}
	var out []int
	for p := 0; p < len(cats); {
		rest := cats[p:]
		n, broken := 1, false
		if loc := reConsonant.FindIndex(rest); loc != nil && loc[1] > 0 {
			n = loc[1]
		}
		if loc := reJoiner.FindIndex(rest); loc != nil && loc[1] > n {
			n = loc[1]
		}
		if loc := reBroken.FindIndex(rest); loc != nil && loc[1] > n {
			n, broken = loc[1], true
		} else if loc != nil && loc[1] == n && n > 0 && !matchesConsonantOrJoiner(rest, n) {
			broken = true
		}
		if broken && (len(out) == 0 || out[len(out)-1] != cluster[p]) {
			out = append(out, cluster[p])
		}
		p += n
	}
	return out
}

// matchesConsonantOrJoiner reports whether a consonant syllable or a
// joiner token of length n starts rest (they win ties over broken
// clusters).
func matchesConsonantOrJoiner(rest []byte, n int) bool {
	if loc := reConsonant.FindIndex(rest); loc != nil && loc[1] == n {
		return true
	}
	if loc := reJoiner.FindIndex(rest); loc != nil && loc[1] == n {
		return true
	}
	return false
}

// canonicalOrder returns the positions of rs in the order HarfBuzz's
// normalizer leaves them: runs of marks sorted (stably) by canonical
// combining class. cluster[i] is the input offset HarfBuzz reports for
// the i-th reordered character: a run whose order changed is merged into
// one cluster starting at the run.
func canonicalOrder(rs []rune) (order, cluster []int) {
	order = make([]int, len(rs))
	cluster = make([]int, len(rs))
	for i := range order {
		order[i] = i
		cluster[i] = i
	}
	ccc := combiningClass
	for i := 0; i < len(rs); {
		if ccc(rs[i]) == 0 {
			i++
			continue
		}
		j := i
		for j < len(rs) && ccc(rs[j]) != 0 {
			j++
		}
		run := order[i:j]
		slices.SortStableFunc(run, func(a, b int) int { return int(ccc(rs[a])) - int(ccc(rs[b])) })
		for k, o := range run {
			if o != i+k {
				for m := i; m < j; m++ {
					cluster[m] = i
				}
				break
			}
		}
		i = j
	}
	return order, cluster
}

// combiningClass returns the canonical combining class of r, with the
// Myanmar values built in.
func combiningClass(r rune) uint8 {
	switch {
	case r < 0x300:
		return 0
	case r == dotBelow:
		return 7
	case r == virama || r == asat:
		return 9
	case r == 0x108D:
		return 220
	case isMyanmar(r):
		return 0
	}
	var buf [utf8.UTFMax]byte
	return norm.NFD.Properties(buf[:utf8.EncodeRune(buf[:], r)]).CCC()
}
