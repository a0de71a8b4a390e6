package render

import (
	"strings"
	"testing"
	"unicode/utf8"

	mm "github.com/docexport/docexport/render/myanmar"
)

func TestSlug(t *testing.T) {
	long := strings.Repeat("abcdefghij ", 30) // 330 characters
	tests := []struct {
		name, title, want string
	}{
		{"english title", "Myanmar’s Resistance-Led Nation-Building Has Begun", "myanmars-resistance-led-nation-building-has-begun"},
		{"accents stripped", "Café Crème à Paris", "cafe-creme-a-paris"},
		{"ligature decomposed", "ﬁnal Statement", "final-statement"},
		{"path traversal", "../../etc/passwd", "etc-passwd"},
		{"backslashes", `..\..\windows\system32`, "windows-system32"},
		{"leading dots", "...hidden", "hidden"},
		{"reserved con", "CON", "_con"},
		{"reserved with extension", "nul.txt", "nul-txt"},
		{"reserved com1", "COM1", "_com1"},
		{"reserved lpt9 punctuated", " lpt9 ", "_lpt9"},
		{"not reserved", "console", "console"},
		{"only punctuation", "?!*<>|:\"/.,;", DefaultSlug},
		{"empty", "", DefaultSlug},
		{"emoji only", "🎉🔥", DefaultSlug},
		{"emoji between words", "Big 🎉 news", "big-news"},
		{"rtl marks", "\u202Eevil\u202C\u200Ftxt.exe", "evil-txt-exe"},
		{"control characters", "a\x00b\tc\nd", "a-b-c-d"},
		{"invalid utf8", "ab\xffcd", "ab-cd"},
		{"myanmar kept", "မြန်မာ့ တော်လှန်ရေး", "မြန်မာ့-တော်လှန်ရေး"},
		{"myanmar punctuation", "ထုတ်ပြန်ချက်။ ၂၀၂၅", "ထုတ်ပြန်ချက်-၂၀၂၅"},
		{"mixed scripts", "SAC-M ထုတ်ပြန်ချက်", "sac-m-ထုတ်ပြန်ချက်"},
		{"long ascii cut at word", long, strings.TrimRight(strings.Repeat("abcdefghij-", 7), "-")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Slug(tc.title)
			if got != tc.want {
				t.Errorf("Slug(%q) = %q, want %q", tc.title, got, tc.want)
			}
			checkSlugSafe(t, got)
		})
	}
}

func TestSlugLongMyanmarCutsBetweenSyllables(t *testing.T) {
	title := strings.Repeat("နိုင်ငံတကာအသိုင်းအဝိုင်း", 10)
	got := Slug(title)
	checkSlugSafe(t, got)
	if len(got) < MaxSlugBytes-30 {
		t.Errorf("slug %q is %d bytes: cut far too early", got, len(got))
	}
	if !strings.HasPrefix(title, got) {
		t.Fatalf("slug %q is not a prefix of the title", got)
	}
	// The cut falls on a syllable boundary of the title.
	pos := 0
	for _, s := range mm.Syllables(title) {
		if pos == len(got) {
			return
		}
		pos += len(s)
	}
	t.Errorf("slug %q (%d bytes) ends inside a syllable", got, len(got))
}

func TestSlugHugeSyllable(t *testing.T) {
	// One consonant with far too many marks: still bounded and valid UTF-8.
	title := "က" + strings.Repeat("\u102D", 100)
	got := Slug(title)
	checkSlugSafe(t, got)
}

func TestSlugDeterministic(t *testing.T) {
	title := "Myanmar’s ../CON 🎉 မြန်မာ"
	if a, b := Slug(title), Slug(title); a != b {
		t.Fatalf("Slug not deterministic: %q vs %q", a, b)
	}
}

// checkSlugSafe asserts the invariants every slug must hold.
func checkSlugSafe(t *testing.T, s string) {
	t.Helper()
	switch {
	case s == "":
		t.Errorf("empty slug")
	case len(s) > MaxSlugBytes:
		t.Errorf("slug %q is %d bytes, over %d", s, len(s), MaxSlugBytes)
	case !utf8.ValidString(s):
		t.Errorf("slug %q is not valid UTF-8", s)
	case strings.ContainsAny(s, `/\.:*?"<>|`):
		t.Errorf("slug %q holds a character file systems refuse", s)
	case strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-"):
		t.Errorf("slug %q starts or ends with a hyphen", s)
	case windowsReserved(s):
		t.Errorf("slug %q is a Windows reserved name", s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x200B && r <= 0x200F) || (r >= 0x202A && r <= 0x202E) {
			t.Errorf("slug %q holds control or bidi character U+%04X", s, r)
		}
	}
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{"", "../CON", "မြန်မာ", "Café", "\u202Eexe", strings.Repeat("x", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		checkSlugSafe(t, Slug(title))
	})
}
