package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strings"

	"github.com/docexport/docexport/fonts"
)

// fpdf names an embedded TrueType font "utf8" + its lower-cased family key,
// which is neither the face's PostScript name nor marked as a subset. PDF
// readers (and pdffonts) recognise a subset by a six-letter upper-case tag
// and "+" before the name (ISO 32000-1 §9.6.4). fpdfFamily picks a family
// key exactly as long as "TAG+PostScriptName" minus the "utf8" prefix, so
// renameFonts can swap the names in the finished file byte for byte without
// moving any object offset.

// fpdfFamily returns the fpdf family name of the n-th prepared face.
func fpdfFamily(n int, f *fonts.Face) string {
	key := fmt.Sprintf("f%dx", n)
	want := len(subsetName(f)) - len("utf8")
	if len(key) < want {
		key += strings.Repeat("x", want-len(key))
	}
	return key
}

// subsetName is the name the face carries in PDFs: tag + "+" + PostScript name.
func subsetName(f *fonts.Face) string {
	sum := sha256.Sum256([]byte(f.ID))
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag) + "+" + f.PostScript
}

// renameFonts replaces fpdf's font names with subset names in out.
func renameFonts(out []byte, used map[*face]bool) []byte {
	for f := range used {
		from := []byte("/utf8" + f.family)
		to := []byte("/" + subsetName(f.src))
		if len(from) != len(to) {
			continue // cannot happen: fpdfFamily pads the key (checked by tests)
		}
		out = bytes.ReplaceAll(out, from, to)
	}
	return out
}
