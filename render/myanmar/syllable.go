package myanmar

// startsUnit reports whether a Myanmar line-breaking unit (a syllable, or
// several held together by stacking) may begin at rs[i], given that
// rs[i-1] and rs[i] are both Myanmar characters with nothing between them.
func startsUnit(rs []rune, i int) bool {
	r, prev := rs[i], rs[i-1]
	switch {
	case r == sectionMark || r == sentenceMark:
		return false
	case isMark(r):
		return false
	case prev == virama:
		// A stacked consonant stays with the one above it.
		return false
	case isDigit(r):
		// Digit runs stay whole.
		return !isDigit(prev)
	case isBase(r):
		// A consonant killed by asat (directly or after dot below), or
		// stacking the next one with virama, closes the syllable before.
		j := i + 1
		if j < len(rs) && rs[j] == dotBelow {
			j++
		}
		if j < len(rs) && (rs[j] == asat || (j == i+1 && rs[j] == virama)) {
			return false
		}
		return true
	}
	// Other Myanmar symbols and punctuation stand alone.
	return true
}

// Syllables splits s into Myanmar syllables, the units inside which a line
// never breaks: a consonant with its medials, vowels, tones and killed or
// stacked final consonants (a stack such as "ကမ္ဘာ" stays one unit), a run
// of digits, or a sign. Text between Myanmar units (spaces, Latin words,
// other punctuation) is returned as its own pieces, each run of it whole,
// so that joining the result gives s back.
func Syllables(s string) []string {
	rs := []rune(s)
	var out []string
	start := 0
	for i := 1; i <= len(rs); i++ {
		if i < len(rs) && !syllableBoundary(rs, i) {
			continue
		}
		out = append(out, string(rs[start:i]))
		start = i
	}
	return out
}

// CountSyllables returns how many of s's Syllables pieces are Myanmar
// units, without building them.
func CountSyllables(s string) int {
	rs := []rune(s)
	n := 0
	for i := range rs {
		if isMyanmar(rs[i]) && (i == 0 || syllableBoundary(rs, i)) {
			n++
		}
	}
	return n
}

// syllableBoundary reports whether a Syllables piece ends before rs[i].
func syllableBoundary(rs []rune, i int) bool {
	a, b := isMyanmar(rs[i-1]), isMyanmar(rs[i])
	switch {
	case a && b:
		return startsUnit(rs, i)
	case !a && !b:
		return false
	case b && isMark(rs[i]):
		return false
	case !b && isMark(rs[i]):
		// A combining mark (or joiner) after Myanmar text belongs to it.
		return false
	}
	return true
}
