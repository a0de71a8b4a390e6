package doc

import "strings"

// IsMyanmar reports whether r belongs to a Myanmar block.
func IsMyanmar(r rune) bool {
	return (r >= 0x1000 && r <= 0x109F) || (r >= 0xA9E0 && r <= 0xA9FF) || (r >= 0xAA60 && r <= 0xAA7F)
}

// isNeutral reports whether r takes the script of the text around it:
// spaces and the zero-width joiners and separators.
func isNeutral(r rune) bool {
	switch r {
	case ' ', '\t', 0x00A0, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
		return true
	}
	return false
}

// IsNeutralText reports whether s consists only of spaces and zero-width
// characters, which take the script of the text around them.
func IsNeutralText(s string) bool {
	for _, r := range s {
		if !isNeutral(r) {
			return false
		}
	}
	return true
}

// LangOf returns the language tag of a script's runs.
func LangOf(s Script) string {
	if s == Myanmar {
		return "my"
	}
	return "en"
}

// SplitScripts splits text into runs of one script each, copying the style
// of tmpl (Bold, Italic, Link). Spaces and zero-width characters join the
// run before them (or the one after them at the start), so a Myanmar phrase
// keeps its spaces in the Myanmar face.
func SplitScripts(text string, tmpl Run) []Run {
	if text == "" {
		return nil
	}
	var runs []Run
	var b strings.Builder
	cur := Latin
	// Script of the first non-neutral rune, for leading neutrals.
	for _, r := range text {
		if !isNeutral(r) {
			if IsMyanmar(r) {
				cur = Myanmar
			}
			break
		}
	}
	flush := func() {
		if b.Len() == 0 {
			return
		}
		r := tmpl
		r.Text, r.Script, r.Lang, r.Break = b.String(), cur, LangOf(cur), false
		runs = append(runs, r)
		b.Reset()
	}
	for _, r := range text {
		if !isNeutral(r) {
			s := Latin
			if IsMyanmar(r) {
				s = Myanmar
			}
			if s != cur {
				flush()
				cur = s
			}
		}
		b.WriteRune(r)
	}
	flush()
	return runs
}

// PlainText joins the text of runs, writing hard breaks as newlines.
func PlainText(runs []Run) string {
	var b strings.Builder
	for _, r := range runs {
		if r.Break {
			b.WriteByte('\n')
			continue
		}
		b.WriteString(r.Text)
	}
	return b.String()
}
