package myanmar

import (
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/docexport/docexport/render/testtool"
	"golang.org/x/text/unicode/norm"
)

var dottedCircleRe = regexp.MustCompile(`uni25CC=(\d+)`)

// hbDottedCircles shapes s with hb-shape and returns the clusters (code
// point offsets) of the dotted circles HarfBuzz inserted.
func hbDottedCircles(t *testing.T, hb, font, s string) []int {
	t.Helper()
	out, err := exec.Command(hb, "--script=mymr", "--language=my", "--cluster-level=1", font, "--", s).Output()
	if err != nil {
		t.Fatalf("hb-shape %q: %v", s, err)
	}
	var offs []int
	for _, m := range dottedCircleRe.FindAllStringSubmatch(string(out), -1) {
		n, _ := strconv.Atoi(m[1])
		offs = append(offs, n)
	}
	slices.Sort(offs)
	return slices.Compact(offs)
}

// invalidCases are valid and broken Myanmar strings for the hb-shape
// oracle.
var invalidCases = []struct{ name, in string }{
	{"valid word", "မြန်မာ"},
	{"valid kinzi", "သင်္ချိုင်း"},
	{"valid stack", "ကမ္ဘာ"},
	{"valid e vowel", "ကျောင်း"},
	{"valid dot below asat", "ကြည့်"},
	{"e before consonant", "ေက"},
	{"e before consonant mid word", "ကေက"},
	{"lone vowel sign", "ိ"},
	{"mark after space", "က ိ"},
	{"medial after vowel", "ကိျ"},
	{"double asat", "က််"},
	{"asat before dot below", "ကြည််"},
	{"asat then dot below", "ကြည့််"},
	{"medial ra then ya", "ကြျ"},
	{"virama then vowel", "က္ိ"},
	{"zawgyi word", "ျမန္မာ"},
	{"zawgyi school", "ေက်ာင္း"},
	{"lone asat", "်"},
	{"lone medial", "ြက"},
	{"digit with mark", "၁ိ"},
	{"section with mark", "။ိ"},
	{"variation selector", "ဝ\ufe00ေ"},
	{"zwj", "က\u200dိ"},
	{"repeated vowel", "ကိိ"},
	{"two e vowels", "ကေေ"},
	{"visarga first", "းက"},
	{"tone after asat", "ကင််း"},
	{"shan", "ၵႃႈ"},
	{"mixed breaks", "ကိ ေက ိ ျမ"},
}

func TestInvalidClustersHarfBuzz(t *testing.T) {
	hb := testtool.Need(t, "hb-shape")
	font := filepath.Join(testtool.RepoRoot(t), "fonts", "files", "NotoSansMyanmar-Regular.ttf")
	cases := slices.Clone(invalidCases)
	for _, s := range harfbuzzStrings(t) {
		cases = append(cases, struct{ name, in string }{"harfbuzz " + s, s})
	}
	_, _, words := samplePieces(t)
	zaw := uconv(t, "my-Zawgyi", words)
	for i := 0; i < len(words); i += 7 {
		cases = append(cases, struct{ name, in string }{"sample " + words[i], words[i]},
			struct{ name, in string }{"zawgyi " + zaw[i], zaw[i]})
	}
	flagged := 0
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// hb-shape shapes the whole text as one script: test the
			// strings that start with Myanmar.
			first := []rune(tc.in)[0]
			if !isMyanmar(first) {
				t.Skip("does not start with Myanmar text")
			}
			want := hbDottedCircles(t, hb, font, tc.in)
			got := InvalidClusters(tc.in)
			if !slices.Equal(got, want) {
				t.Errorf("InvalidClusters(%q) = %v, hb-shape dotted circles at %v", tc.in, got, want)
			}
			if len(got) > 0 {
				flagged++
			}
		})
	}
	t.Logf("%d strings, %d with dotted circles", len(cases), flagged)
}

// harfbuzzStrings returns the Myanmar test strings of HarfBuzz's own test
// suite (from the go-text/typesetting-utils module).
func harfbuzzStrings(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(testtool.HarfBuzzTestsDir(t), "myanmar-*.tests"))
	if len(files) == 0 {
		t.Fatal("no HarfBuzz Myanmar tests found")
	}
	var strs []string
	for _, f := range files {
		strs = append(strs, parseHarfBuzzTests(t, f)...)
	}
	return strs
}

func TestCombiningClass(t *testing.T) {
	for _, rg := range [][2]rune{{0x1000, 0x109F}, {0xA9E0, 0xA9FF}, {0xAA60, 0xAA7F}, {0x0300, 0x036F}} {
		for r := rg[0]; r <= rg[1]; r++ {
			if got, want := combiningClass(r), norm.NFD.PropertiesString(string(r)).CCC(); got != want {
				t.Errorf("combiningClass(%U) = %d, want %d", r, got, want)
			}
		}
	}
}

// The reference implementation: InvalidClusters as it was before the
// syllable machine, matching the grammar with three regular expressions
// per syllable. The differential tests below hold the machine to it.
const (
	refJ          = `[ef]`
	refK          = `(?:kr d)`
	refSM         = `[gm]`
	refMedial     = `v?r?t?(?:(?:us?y?|sy?|y)r?)?`
	refMainVowel  = `(?:px?)*n*o*h*(?:cr?)?`
	refPostVowel  = `qs?y?r*n*h*(?:cr?)?`
	refPwoTone    = `(?:wh*c?r?)`
	refComplex    = `r*` + refMedial + refMainVowel + `(?:` + refPostVowel + `)*` + refPwoTone + `*` + refSM + `*` + refJ + `?`
	refTail       = `(?:d[ab]x?)*(?:d|` + refComplex + `)`
	refConsonant  = `(?:` + refK + `|l)?[akbij]x?` + refTail
	refBroken     = refK + `?x?` + refTail
	refNonMyanmar = refJ + `|m`
)

var (
	refReConsonant = refLongest(`^(?:` + refConsonant + `)`)
	refReBroken    = refLongest(`^(?:` + refBroken + `)`)
	refReJoiner    = refLongest(`^(?:` + refNonMyanmar + `)`)
)

func refLongest(expr string) *regexp.Regexp {
	re := regexp.MustCompile(strings.ReplaceAll(expr, " ", ""))
	re.Longest()
	return re
}

// refInvalidClusters is the reference InvalidClusters.
func refInvalidClusters(s string) []int {
	rs := []rune(s)
	var out []int
	for start := 0; start < len(rs); {
		if !isMyanmar(rs[start]) {
			start++
			continue
		}
		end := start
		for end < len(rs) && (isMyanmar(rs[end]) || category(rs[end]) != catOther) {
			end++
		}
		for _, o := range refBrokenIn(rs[start:end]) {
			out = append(out, start+o)
		}
		start = end
	}
	return out
}

// refBrokenIn runs the regexps over one run.
func refBrokenIn(rs []rune) []int {
	order, cluster := refCanonicalOrder(rs)
	cats := make([]byte, len(rs))
	for i, j := range order {
		cats[i] = category(rs[j])
	}
	var out []int
	for p := 0; p < len(cats); {
		n, broken := refSyllableAt(cats[p:])
		if broken && (len(out) == 0 || out[len(out)-1] != cluster[p]) {
			out = append(out, cluster[p])
		}
		p += n
	}
	return out
}

// refSyllableAt returns the length of the syllable at the start of rest
// and whether it is broken, by the regexps.
func refSyllableAt(rest []byte) (n int, broken bool) {
	n = 1
	if loc := refReConsonant.FindIndex(rest); loc != nil && loc[1] > 0 {
		n = loc[1]
	}
	if loc := refReJoiner.FindIndex(rest); loc != nil && loc[1] > n {
		n = loc[1]
	}
	if loc := refReBroken.FindIndex(rest); loc != nil && loc[1] > n {
		n, broken = loc[1], true
	} else if loc != nil && loc[1] == n && n > 0 && !refMatchesConsonantOrJoiner(rest, n) {
		broken = true
	}
	return n, broken
}

func refMatchesConsonantOrJoiner(rest []byte, n int) bool {
	if loc := refReConsonant.FindIndex(rest); loc != nil && loc[1] == n {
		return true
	}
	if loc := refReJoiner.FindIndex(rest); loc != nil && loc[1] == n {
		return true
	}
	return false
}

func refCanonicalOrder(rs []rune) (order, cluster []int) {
	order = make([]int, len(rs))
	cluster = make([]int, len(rs))
	for i := range order {
		order[i] = i
		cluster[i] = i
	}
	ccc := combiningClass
	for i := 0; i < len(rs); {
		if ccc(rs[i]) == 0 {
			i++
			continue
		}
		j := i
		for j < len(rs) && ccc(rs[j]) != 0 {
			j++
		}
		run := order[i:j]
		slices.SortStableFunc(run, func(a, b int) int { return int(ccc(rs[a])) - int(ccc(rs[b])) })
		for k, o := range run {
			if o != i+k {
				for m := i; m < j; m++ {
					cluster[m] = i
				}
				break
			}
		}
		i = j
	}
	return order, cluster
}

// randomText returns n code points drawn from the Myanmar blocks, spaces,
// joiners, Latin letters and the other characters the shaper treats
// alongside Myanmar.
func randomText(rng *rand.Rand, n int) string {
	extras := []rune{' ', ' ', '\u200c', '\u200d', '\u200b', 'a', 'Z', 'q', '0', '-', '\u00a0', '\u25cc', '\ufe00', '\u0301', '\u2022', '\u00b2', '\u2014'}
	rs := make([]rune, n)
	for i := range rs {
		switch k := rng.IntN(20); {
		case k < 14:
			rs[i] = 0x1000 + rune(rng.IntN(0xA0))
		case k == 14:
			rs[i] = 0xA9E0 + rune(rng.IntN(0x20))
		case k == 15:
			rs[i] = 0xAA60 + rune(rng.IntN(0x20))
		default:
			rs[i] = extras[rng.IntN(len(extras))]
		}
	}
	return string(rs)
}

// syllableOrder lists the categories of a Myanmar syllable in the order
// of HarfBuzz's grammar (medials, pre-base vowel, vowels above and below,
// anusvara, dot below, post-base vowels, Pwo tones, tones, joiner).
var syllableOrder = []byte{
	catAs, catMY, catAs, catMR, catMW, catMH, catML, catAs, catVPre, catVS, catVAbv, catVBlw, catA,
	catDB, catAs, catVPst, catMH, catML, catAs, catVAbv, catA, catDB, catAs, catPT, catA, catDB, catAs,
	catSM, catSMPst, catZWJ,
}

// shapedText returns text built like Myanmar syllables: a base (or a
// kinzi, a stack, or nothing) followed by marks mostly in grammar order,
// sometimes swapped, repeated or dropped, so that long valid and nearly
// valid syllables are common.
func shapedText(rng *rand.Rand, syllables int) string {
	byCat := map[byte][]rune{}
	for r := rune(0x1000); r <= 0x109F; r++ {
		byCat[category(r)] = append(byCat[category(r)], r)
	}
	byCat[catZWJ] = []rune{'\u200d', '\u200c'}
	byCat[catVS] = []rune{'\ufe00'}
	byCat[catSMPst] = []rune{'\u00b2', '\u2074'}
	byCat[catDC] = []rune{'\u25cc'}
	pick := func(c byte) rune { rs := byCat[c]; return rs[rng.IntN(len(rs))] }
	var cats []byte
	for range syllables {
		switch k := rng.IntN(10); {
		case k < 7:
			cats = append(cats, catC)
		case k == 7:
			cats = append(cats, catRa, catAs, catH, catC) // kinzi
		case k == 8:
			cats = append(cats, []byte{catIV, catGB, catDC, catRa}[rng.IntN(4)])
		}
		if rng.IntN(4) == 0 {
			cats = append(cats, catH, catC)
		}
		density := []int{3, 8, 16}[rng.IntN(3)]
		for _, c := range syllableOrder {
			if rng.IntN(density) == 0 {
				cats = append(cats, c)
			}
		}
		if rng.IntN(6) == 0 && len(cats) > 1 {
			i := rng.IntN(len(cats) - 1)
			cats[i], cats[i+1] = cats[i+1], cats[i]
		}
		if rng.IntN(8) == 0 {
			cats = append(cats, ' ')
		}
	}
	rs := make([]rune, len(cats))
	for i, c := range cats {
		if c == ' ' {
			rs[i] = ' '
			continue
		}
		rs[i] = pick(c)
	}
	return string(rs)
}

// TestInvalidClustersMatchesReference holds InvalidClusters to the
// regexp implementation it replaced.
func TestInvalidClustersMatchesReference(t *testing.T) {
	paragraphs, sentences, words := samplePieces(t)
	var tables []string
	for _, tc := range invalidCases {
		tables = append(tables, tc.in)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var random, shaped []string
	for range 20000 {
		random = append(random, randomText(rng, 1+rng.IntN(24)))
	}
	for range 5000 {
		shaped = append(shaped, shapedText(rng, 1+rng.IntN(4)))
	}
	for _, tc := range []struct {
		name string
		in   []string
	}{
		{"corpus paragraphs", paragraphs},
		{"corpus sentences", sentences},
		{"corpus as zawgyi", uconv(t, "my-Zawgyi", paragraphs)},
		{"corpus words as zawgyi", uconv(t, "my-Zawgyi", words)},
		{"invalid cases", tables},
		{"harfbuzz tests", harfbuzzStrings(t)},
		{"random", random},
		{"syllable-shaped", shaped},
		{"hostile", []string{strings.Repeat("ေ", 3000), strings.Repeat("့်", 3000), strings.Repeat("ကိ", 3000) + "ေ"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			broken := 0
			for _, s := range tc.in {
				got, want := InvalidClusters(s), refInvalidClusters(s)
				if !slices.Equal(got, want) {
					t.Fatalf("InvalidClusters(%q) = %v, reference %v", s, got, want)
				}
				if len(got) > 0 {
					broken++
				}
			}
			t.Logf("%d strings, %d with broken clusters", len(tc.in), broken)
		})
	}
}

// TestSyllableAtMatchesReference compares the syllable machine with the
// regexps on every category string of up to four letters and on long
// syllable-shaped ones.
func TestSyllableAtMatchesReference(t *testing.T) {
	check := func(cats []byte) {
		gn, gb := syllableAt(cats)
		wn, wb := refSyllableAt(cats)
		if gn != wn || gb != wb {
			t.Fatalf("syllableAt(%q) = %d, %v; reference %d, %v", cats, gn, gb, wn, wb)
		}
	}
	const letters = "abcdefghijklmnopqrstuvwxyz"
	buf := make([]byte, 4)
	var all func(depth int)
	all = func(depth int) {
		if depth > 0 {
			check(buf[:depth])
		}
		if depth == len(buf) {
			return
		}
		for i := range len(letters) {
			buf[depth] = letters[i]
			all(depth + 1)
		}
	}
	all(0)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		var cats []byte
		for _, r := range shapedText(rng, 1+rng.IntN(3)) {
			if r == ' ' {
				continue
			}
			cats = append(cats, category(r))
		}
		for p := range cats {
			check(cats[p:])
		}
	}
}

func FuzzInvalidClustersReference(f *testing.F) {
	for _, s := range []string{"", "ေက", "ကိ ေက ိ", "ကြည\u103a\u1037\u103a", "\u1039\u1039", "ဝ\ufe00ေ",
		"သင်္ချိုင်း", "ၵႃႈ", "က\u200dိ", "\xe1\x80", "\xed\xa0\x80\u1031", "ကေ\u0301ိ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := InvalidClusters(s), refInvalidClusters(s); !slices.Equal(got, want) {
			t.Fatalf("InvalidClusters(%q) = %v, reference %v", s, got, want)
		}
	})
}
