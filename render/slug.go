package render

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	mm "github.com/docexport/docexport/render/myanmar"
)

// MaxSlugBytes bounds the length of a slug in bytes (UTF-8).
const MaxSlugBytes = 80

// DefaultSlug is the slug of a title that leaves nothing after slugging.
const DefaultSlug = "statement"

// Slug returns a file-name-safe slug of a statement title: Myanmar
// characters are kept as they are, Latin letters lose their accents and
// are lowercased, apostrophes vanish, and every other run of characters
// (spaces, punctuation, path separators, dots, symbols, emoji, control and
// bidirectional marks, invalid UTF-8) becomes one "-". The result never
// starts or ends with "-", holds no "/", "\" or ".", is at most
// MaxSlugBytes long (cut between Myanmar syllables and at word ends where
// possible), is not a Windows reserved device name (those get a "_"
// prefix) and is DefaultSlug when nothing is left.
func Slug(title string) string {
	var b strings.Builder
	sep := false
	keep := func(r rune) {
		if sep && b.Len() > 0 {
			b.WriteByte('-')
		}
		sep = false
		b.WriteRune(r)
	}
	for _, r := range title {
		switch {
		case r < utf8.RuneSelf:
			switch {
			case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
				keep(r)
			case r >= 'A' && r <= 'Z':
				keep(r + ('a' - 'A'))
			case r == '\'':
			default:
				sep = true
			}
		case r == '’' || r == 'ʼ':
			// Apostrophes join the word: "Myanmar’s" is "myanmars".
		case isMyanmarSlugRune(r):
			keep(r)
		default:
			for _, d := range norm.NFKD.String(string(r)) {
				switch {
				case d >= 'a' && d <= 'z', d >= '0' && d <= '9':
					keep(d)
				case d >= 'A' && d <= 'Z':
					keep(d + ('a' - 'A'))
				case unicode.Is(unicode.Mn, d):
					// Accents stripped by the decomposition.
				default:
					sep = true
				}
			}
		}
	}
	s := truncateSlug(b.String(), MaxSlugBytes)
	if s == "" {
		return DefaultSlug
	}
	if windowsReserved(s) {
		s = "_" + s
	}
	return s
}

// isMyanmarSlugRune reports Myanmar characters kept in slugs: the Myanmar
// blocks except the section and sentence marks (punctuation).
func isMyanmarSlugRune(r rune) bool {
	if r == 0x104A || r == 0x104B {
		return false
	}
	return (r >= 0x1000 && r <= 0x109F) || (r >= 0xA9E0 && r <= 0xA9FF) || (r >= 0xAA60 && r <= 0xAA7F)
}

// truncateSlug cuts s to at most max bytes. Myanmar syllables are never
// split (unless one alone is longer than max), a cut at a hyphen in the
// last third is preferred to one inside a word, and hyphens at the ends
// are trimmed.
func truncateSlug(s string, max int) string {
	if len(s) <= max {
		return strings.Trim(s, "-")
	}
	cut, lastHyphen := 0, -1
	pos := 0
pieces:
	for _, piece := range mm.Syllables(s) {
		first, _ := utf8.DecodeRuneInString(piece)
		if isMyanmarSlugRune(first) {
			if pos+len(piece) > max {
				break
			}
			pos += len(piece)
			cut = pos
			continue
		}
		for _, r := range piece {
			n := utf8.RuneLen(r)
			if pos+n > max {
				break pieces
			}
			if r == '-' {
				lastHyphen = pos
			}
			pos += n
			cut = pos
		}
	}
	if cut == 0 {
		// One Myanmar syllable longer than max: cut at a rune boundary.
		for i := range s {
			if i > max {
				break
			}
			cut = i
		}
	}
	if lastHyphen >= max*2/3 && lastHyphen < cut {
		cut = lastHyphen
	}
	return strings.Trim(s[:cut], "-")
}

// windowsReserved reports the device names Windows refuses as file names
// (whatever the extension): CON, PRN, AUX, NUL, COM0-9 and LPT0-9.
func windowsReserved(s string) bool {
	switch s {
	case "con", "prn", "aux", "nul":
		return true
	}
	if len(s) == 4 && (strings.HasPrefix(s, "com") || strings.HasPrefix(s, "lpt")) && s[3] >= '0' && s[3] <= '9' {
		return true
	}
	return false
}
