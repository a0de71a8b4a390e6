package myanmar

import "strings"

// zawgyiPasses is the compiled zawgyiRules (immutable after init).
var zawgyiPasses = compileRules(zawgyiRules)

// ZawgyiToUnicode converts Zawgyi-encoded text to Unicode with the CLDR
// transform (code point mapping, reordering of the e-vowel, medials and
// marks into Unicode storage order, clean-up of duplicated marks). Text
// outside the Myanmar block passes through, except spaces directly before
// Myanmar marks and spaces around U+200B, which the transform removes.
// Like ICU's uconv, it treats each line (with its line feed) as a text of
// its own. Call it only on text Detect decided is Zawgyi: on Unicode text
// it reorders valid sequences.
func ZawgyiToUnicode(s string) string {
	if !strings.ContainsFunc(s, isMyanmar) && !strings.ContainsRune(s, 0x200B) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for line := range strings.Lines(s) {
		rs := []rune(line)
		for _, p := range zawgyiPasses {
			rs = p.run(rs)
		}
		b.WriteString(string(rs))
	}
	return b.String()
}
