package myanmar

import (
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
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	pattern := filepath.Join(strings.TrimSpace(string(out)), "github.com", "go-text", "typesetting-utils@*",
		"harfbuzz", "harfbuzz_reference", "in-house", "tests", "myanmar-*.tests")
	files, _ := filepath.Glob(pattern)
	if len(files) == 0 {
		t.Fatalf("no HarfBuzz Myanmar tests at %s (go mod download github.com/go-text/typesetting-utils)", pattern)
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
