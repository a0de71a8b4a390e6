package myanmar

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/docexport/docexport/render/testtool"
)

// mark renders the allowed breaks of s as "|".
func markBreaks(s string) string {
	rs := []rune(s)
	a := LineBreaks(rs)
	var b strings.Builder
	for i, r := range rs {
		if a[i] {
			b.WriteByte('|')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestLineBreaks(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"one", "က", "က"},
		{"syllables", "မြန်မာ့တော်လှန်ရေး", "မြန်|မာ့|တော်|လှန်|ရေး"},
		{"space between phrases", "ရေးက ဦးဆောင်", "ရေး|က |ဦး|ဆောင်"},
		{"stacked consonant", "ကမ္ဘာကြီး", "ကမ္ဘာ|ကြီး"},
		{"kinzi", "သင်္ချိုင်းမှာ", "သင်္ချိုင်း|မှာ"},
		{"dot below before asat", "ကြည့်ပါ", "ကြည့်|ပါ"},
		{"asat after consonant", "နိုင်ငံ", "နိုင်|ငံ"},
		{"digits whole", "၂၀၂၁ခုနှစ်", "၂၀၂၁|ခု|နှစ်"},
		{"no break before section", "ဆေးရုံများ၊ စာသင်", "ဆေး|ရုံ|များ၊ |စာ|သင်"},
		{"no break before sentence end after space", "ဖြစ်သည် ။", "ဖြစ်|သည် ။"},
		{"no break before sentence end after spaces", "သည်   ။ က", "သည်   ။ |က"},
		{"zwsp", "ကက\u200bကက", "က|က\u200b|က|က"},
		{"zwsp before section", "က\u200b၊", "က\u200b၊"},
		{"latin words", "hello world", "hello |world"},
		{"hyphen", "well-known", "well-|known"},
		{"closing punctuation", "word. next", "word. |next"},
		{"opening paren", "a (b) c", "a |(b) |c"},
		{"quotes", "say “hi” now", "say |“hi” |now"},
		{"mixed", "အထူးအကြံပေးကောင်စီ (SAC-M) က", "အ|ထူး|အ|ကြံ|ပေး|ကောင်|စီ |(SAC-|M) |က"},
		{"leading mark", "\u102dကက", "\u102d|က|က"},
		{"mark after space", "က \u102d", "က \u102d"},
		{"independent vowel", "ဦးဥက္ကဋ္ဌ", "ဦး|ဥက္ကဋ္ဌ"},
		{"locative", "၎င်းတို့", "၎င်း|တို့"},
		{"great sa", "ပြဿနာ", "ပြ|ဿ|နာ"},
		{"variation selector", "ဝ\ufe00ေ", "ဝ\ufe00ေ"},
		{"zwj", "က\u200dက", "က\u200dက"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := markBreaks(tc.in); got != tc.want {
				t.Errorf("LineBreaks(%q)\n got %s\nwant %s", tc.in, got, tc.want)
			}
		})
	}
}

// samplePieces returns the paragraphs, sentences and words of the Myanmar
// sample statement (title, kind, author and body).
func samplePieces(t testing.TB) (paragraphs, sentences, words []string) {
	t.Helper()
	var st struct{ Title, Kind, Author, Body string }
	if err := json.Unmarshal(testtool.ReadCorpus(t, "statement-my.json"), &st); err != nil {
		t.Fatalf("statement-my.json: %v", err)
	}
	paragraphs = []string{st.Title, st.Kind, st.Author}
	for _, p := range strings.Split(st.Body, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			paragraphs = append(paragraphs, p)
		}
	}
	for _, p := range paragraphs {
		for _, s := range strings.FieldsFunc(p, func(r rune) bool { return r == sentenceMark || r == '\n' }) {
			if s = strings.TrimSpace(s); s != "" {
				sentences = append(sentences, s)
			}
		}
		words = append(words, strings.Fields(p)...)
	}
	return paragraphs, sentences, words
}

// checkBreaks asserts the invariants every LineBreaks result must hold.
func checkBreaks(t *testing.T, rs []rune, a []bool) {
	t.Helper()
	if len(a) != len(rs)+1 {
		t.Fatalf("len = %d, want %d", len(a), len(rs)+1)
	}
	if a[0] || a[len(rs)] {
		t.Fatalf("break allowed at an end of %q", string(rs))
	}
	for i := 1; i < len(rs); i++ {
		if a[i] && (isMark(rs[i]) || rs[i] == sectionMark || rs[i] == sentenceMark) {
			t.Fatalf("break allowed before %U at %d in %q", rs[i], i, string(rs))
		}
	}
}

func TestLineBreaksSample(t *testing.T) {
	paragraphs, _, _ := samplePieces(t)
	for _, p := range paragraphs {
		rs := []rune(p)
		a := LineBreaks(rs)
		checkBreaks(t, rs, a)
		// Every break inside Myanmar text lies on a syllable boundary.
		bounds := map[int]bool{}
		n := 0
		for _, s := range Syllables(p) {
			n += utf8.RuneCountInString(s)
			bounds[n] = true
		}
		for i, ok := range a {
			if ok && isMyanmar(rs[i-1]) && isMyanmar(rs[i]) && !bounds[i] {
				t.Errorf("break at %d inside a syllable of %q", i, string(rs[max(0, i-5):min(len(rs), i+5)]))
			}
		}
	}
}

func TestSyllables(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"words", "မြန်မာ့တော်", []string{"မြန်", "မာ့", "တော်"}},
		{"mixed", "abc ကကြည့်", []string{"abc ", "က", "ကြည့်"}},
		{"kinzi", "အင်္ဂလိပ်", []string{"အင်္ဂ", "လိပ်"}},
		{"digits", "၁၂၃က", []string{"၁၂၃", "က"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Syllables(tc.in)
			if strings.Join(got, "/") != strings.Join(tc.want, "/") {
				t.Errorf("Syllables(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func FuzzLineBreaks(f *testing.F) {
	for _, s := range []string{"", "က", "မြန်မာ့ ။", "a-b ၊", "\u1039\u1039", "ကမ္ဘာ", "သင်္ချိုင်း", "\u200b၊"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs := []rune(s)
		checkBreaks(t, rs, LineBreaks(rs))
		if got := strings.Join(Syllables(s), ""); got != string(rs) {
			t.Fatalf("Syllables do not rejoin: %q != %q", got, s)
		}
	})
}

func BenchmarkLineBreaks(b *testing.B) {
	paragraphs, _, _ := samplePieces(b)
	rs := []rune(strings.Join(paragraphs, " "))
	b.SetBytes(int64(len(string(rs))))
	for b.Loop() {
		LineBreaks(rs)
	}
}

func TestCountSyllables(t *testing.T) {
	for _, s := range []string{"", "abc", "မြန်မာ", "ကမ္ဘာ SAC-M ၂၀၂၅ ခုနှစ်။", "\u1031က"} {
		want := 0
		for _, p := range Syllables(s) {
			if r := []rune(p); len(r) > 0 && isMyanmar(r[0]) {
				want++
			}
		}
		if got := CountSyllables(s); got != want {
			t.Errorf("CountSyllables(%q) = %d, want %d", s, got, want)
		}
	}
}
