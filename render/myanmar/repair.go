package myanmar

import "fmt"

// Fix is one change Repair made.
type Fix struct {
	// Offset is the position of the change in the input, in code points.
	Offset int
	// Kind names the repair: "wa", "locative", "mark_order" or
	// "duplicate_mark".
	Kind string
	// Message describes the change.
	Message string
}

// Kinds of Fix.
const (
	FixWa            = "wa"
	FixLocative      = "locative"
	FixMarkOrder     = "mark_order"
	FixDuplicateMark = "duplicate_mark"
)

// Repair makes the safe repairs of common Unicode typing mistakes and
// reports each one:
//
//   - digit zero ၀ (U+1040) between Myanmar letters or before a mark is
//     the letter wa ဝ (U+101D);
//   - digit four ၄ (U+1044) before "င်း" is the locative sign ၎ (U+104E);
//   - asat U+103A before dot below U+1037 is put in the canonical order,
//     dot below first (the order of NFC, UTN #11 and the CLDR converter);
//   - a Myanmar mark repeated directly after itself is removed.
//
// Nothing else is changed (when a repair is made, invalid UTF-8 in s
// becomes U+FFFD).
func Repair(s string) (string, []Fix) {
	rs := []rune(s)
	if !needsRepair(rs) {
		return s, nil
	}
	out := make([]rune, 0, len(rs))
	var fixes []Fix
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		prev, next := rune(-1), rune(-1)
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case r == 0x1040 && zeroIsWa(prev, next):
			out = append(out, 0x101D)
			fixes = append(fixes, Fix{i, FixWa, "digit zero ၀ (U+1040) used as the letter wa: replaced by ဝ (U+101D)"})
			continue
		case r == 0x1044 && !isDigit(prev) && followedByNgaAsatVisarga(rs, i+1):
			out = append(out, 0x104E)
			fixes = append(fixes, Fix{i, FixLocative, "digit four ၄ (U+1044) before င်း used as the locative sign: replaced by ၎ (U+104E)"})
			continue
		case r == asat && next == dotBelow:
			// Skip any further copies of either mark; they are duplicates.
			out = append(out, dotBelow, asat)
			fixes = append(fixes, Fix{i, FixMarkOrder, "asat (U+103A) before dot below (U+1037): put in the canonical order, dot below first"})
			i++
			continue
		case isMyanmarMark(r) && len(out) > 0 && out[len(out)-1] == r:
			fixes = append(fixes, Fix{i, FixDuplicateMark, fmt.Sprintf("mark U+%04X repeated: duplicate removed", r)})
			continue
		}
		out = append(out, r)
	}
	if len(fixes) == 0 {
		return s, nil
	}
	return string(out), fixes
}

// needsRepair is a fast check that s has something Repair changes.
func needsRepair(rs []rune) bool {
	for i, r := range rs {
		if r == 0x1040 || r == 0x1044 || (r == asat && i+1 < len(rs) && rs[i+1] == dotBelow) ||
			(i > 0 && isMyanmarMark(r) && rs[i-1] == r) {
			return true
		}
	}
	return false
}

// zeroIsWa reports whether a digit zero between prev and next stands for
// the letter wa: it is not next to a digit, it is preceded by a Myanmar
// letter or mark, and followed by a Myanmar letter or mark.
func zeroIsWa(prev, next rune) bool {
	if isDigit(prev) || isDigit(next) {
		return false
	}
	letterOrMark := func(r rune) bool { return isConsonant(r) || isIndependentVowel(r) || isMyanmarMark(r) }
	// Before a mark (a vowel sign, medial or final), zero is a letter
	// wherever it stands: digits take no marks.
	if isMyanmarMark(next) {
		return true
	}
	return letterOrMark(prev) && letterOrMark(next)
}

// isMyanmarMark reports the combining marks of the Myanmar blocks.
func isMyanmarMark(r rune) bool {
	return isMyanmar(r) && isMark(r)
}

// followedByNgaAsatVisarga reports whether rs[j:] starts with "င်း", each
// mark possibly repeated (the duplicates are removed by the same pass, so
// the locative repair must not depend on the order the fixes run in).
func followedByNgaAsatVisarga(rs []rune, j int) bool {
	for k, want := range []rune{0x1004, asat, 0x1038} {
		if j >= len(rs) || rs[j] != want {
			return false
		}
		j++
		for k > 0 && j < len(rs) && rs[j] == want {
			j++
		}
	}
	return true
}
