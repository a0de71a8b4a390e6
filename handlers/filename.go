package handlers

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivo/uniseg"
	"golang.org/x/text/unicode/norm"
)

// File name limits in bytes, well under the 255 bytes most file systems
// allow. The UTF-8 name is cut between grapheme clusters, so a Myanmar
// syllable is never cut in half.
const (
	maxASCIIName   = 80
	maxUnicodeName = 200
)

// contentDisposition returns an attachment header naming the file after
// the title: an ASCII fallback in filename= (accents stripped, other
// characters dropped, "statement-<lang>" when nothing is left) and the
// full UTF-8 name in filename*= (RFC 6266, RFC 8187 encoding).
func contentDisposition(title, lang, ext string) string {
	ascii := asciiName(title)
	if ascii == "" {
		ascii = "statement"
		if l := asciiName(lang); l != "" {
			ascii += "-" + l
		}
	}
	uni := unicodeName(title)
	if uni == "" {
		uni = ascii
	}
	return `attachment; filename="` + ascii + "." + ext + `"; filename*=UTF-8''` + encodeRFC8187(uni+"."+ext)
}

// asciiName keeps ASCII letters and digits, turning every other run of
// characters into one hyphen; accented Latin letters lose their accents.
func asciiName(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’':
			// Combining marks (stripped accents) and apostrophes vanish.
		default:
			hyphen = true
		}
		if b.Len() >= maxASCIIName {
			break
		}
	}
	out := b.String()
	if len(out) > maxASCIIName {
		out = out[:maxASCIIName]
	}
	return strings.Trim(out, "-")
}

// unicodeName is the title with the characters file systems refuse
// replaced by spaces, runs of space collapsed, cut at a grapheme boundary.
func unicodeName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r < 0x20, r == 0x7f, strings.ContainsRune(`/\:*?"<>|`, r), unicode.IsSpace(r):
			space = true
		case unicode.In(r, unicode.Cc, unicode.Cf) && r != 0x200C && r != 0x200D:
			// Invisible format characters other than the joiners Myanmar needs.
		default:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		}
	}
	out := strings.Trim(b.String(), " .")
	g := uniseg.NewGraphemes(out)
	end := 0
	for g.Next() {
		_, e := g.Positions()
		if e > maxUnicodeName {
			break
		}
		end = e
	}
	// When cut, prefer ending at a word (a space in the second half).
	if end < len(out) {
		if sp := strings.LastIndexByte(out[:end], ' '); sp > end/2 {
			end = sp
		}
	}
	return strings.TrimRight(out[:end], " .")
}

// encodeRFC8187 percent-encodes every byte outside RFC 8187's attr-char.
func encodeRFC8187(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
