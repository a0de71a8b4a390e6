package handlers

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestContentDisposition(t *testing.T) {
	for _, c := range []struct {
		name, title, lang, ext string
		ascii, unicode         string
	}{
		{"English", "Myanmar’s Resistance-Led Nation-Building Has Begun: Support It", "en", "pdf",
			"Myanmars-Resistance-Led-Nation-Building-Has-Begun-Support-It.pdf", "Myanmar’s Resistance-Led Nation-Building Has Begun Support It.pdf"},
		{"accents stripped", "Café São Paulo", "en", "docx", "Cafe-Sao-Paulo.docx", "Café São Paulo.docx"},
		{"Myanmar", "မြန်မာ ထုတ်ပြန်ချက်", "my", "pdf", "statement-my.pdf", "မြန်မာ ထုတ်ပြန်ချက်.pdf"},
		{"mixed", "SAC-M ထုတ်ပြန်ချက် 2025", "my", "pdf", "SAC-M-2025.pdf", "SAC-M ထုတ်ပြန်ချက် 2025.pdf"},
		{"path and quotes", `a/b\c "d" <e>`, "en", "pdf", "a-b-c-d-e.pdf", "a b c d e.pdf"},
		{"only punctuation", "?!…", "en", "pdf", "statement-en.pdf", "!….pdf"},
		{"empty", "", "en", "pdf", "statement-en.pdf", "statement-en.pdf"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cd := contentDisposition(c.title, c.lang, c.ext)
			checkDisposition(t, cd)
			want := `attachment; filename="` + c.ascii + `"; filename*=UTF-8''`
			if !strings.HasPrefix(cd, want) {
				t.Fatalf("%q, want prefix %q", cd, want)
			}
			name, err := url.PathUnescape(strings.TrimPrefix(cd, want))
			if err != nil || name != c.unicode {
				t.Fatalf("filename* is %q (%v), want %q", name, err, c.unicode)
			}
		})
	}
}

// TestContentDispositionCutsLongTitles checks long Myanmar titles are cut
// between grapheme clusters and within the file name limit.
func TestContentDispositionCutsLongTitles(t *testing.T) {
	title := strings.Repeat("နိုင်ငံတကာ ", 60)
	cd := contentDisposition(title, "my", "pdf")
	checkDisposition(t, cd)
	_, enc, _ := strings.Cut(cd, "filename*=UTF-8''")
	name, _ := url.PathUnescape(enc)
	if len(name) > maxUnicodeName+len(".pdf") {
		t.Fatalf("name is %d bytes", len(name))
	}
	if !strings.HasSuffix(name, "နိုင်ငံတကာ.pdf") {
		t.Fatalf("cut inside a cluster or word: %q", name[len(name)-30:])
	}
}

// checkDisposition asserts the header is ASCII, has a non-empty quoted
// fallback without quotes or backslashes inside and valid RFC 8187 value.
func checkDisposition(t testing.TB, cd string) {
	t.Helper()
	for i := 0; i < len(cd); i++ {
		if cd[i] < 0x20 || cd[i] >= 0x7f {
			t.Fatalf("non-ASCII or control byte in %q", cd)
		}
	}
	rest, ok := strings.CutPrefix(cd, `attachment; filename="`)
	if !ok {
		t.Fatalf("bad prefix: %q", cd)
	}
	fallback, enc, ok := strings.Cut(rest, `"; filename*=UTF-8''`)
	if !ok || strings.ContainsAny(fallback, `"\`) || strings.HasPrefix(fallback, ".") {
		t.Fatalf("bad fallback in %q", cd)
	}
	name, err := url.PathUnescape(enc)
	if err != nil || !utf8.ValidString(name) || strings.ContainsAny(name, "/\\\x00") || strings.HasPrefix(name, ".") {
		t.Fatalf("bad filename* %q in %q (%v)", name, cd, err)
	}
}

func FuzzContentDisposition(f *testing.F) {
	for _, s := range []string{"", "Title", "မြန်မာ", "a/b", "\x00\xff", "..", strings.Repeat("ကို", 300)} {
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, title, lang string) {
		checkDisposition(t, contentDisposition(title, lang, "pdf"))
	})
}
