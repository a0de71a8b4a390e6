package shape_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/go-text/typesetting/font"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render/doc"
	"github.com/docexport/docexport/render/shape"
	"github.com/docexport/docexport/render/testtool"
)

// This file is the HarfBuzz conformance test of the shaper: every text is
// shaped by shape.Font (go-text's HarfBuzz port) and by Debian's hb-shape
// (C HarfBuzz), and the glyph streams must agree glyph by glyph: id,
// cluster (rune index; hb-shape's default for UTF-8 input is the code point
// index, not the byte offset, unless --utf8-clusters is given), advance and
// offsets, all in font units (hb-shape's default font size is the upem).

// sample is one text to shape.
type sample struct {
	name string
	text []rune
	// harfbuzzTest is set for strings from HarfBuzz's own test suite, whose
	// expected output (current HarfBuzz) TestHarfBuzzReferenceMyanmar checks.
	harfbuzzTest bool
	// fontFile, options and expected are the test's own font, hb-shape
	// options and expected output, for HarfBuzz test strings.
	fontFile, options, expected string
}

// hbGlyph is one glyph of hb-shape's JSON output.
type hbGlyph struct {
	G  int   `json:"g"`
	Cl int   `json:"cl"`
	Dx int32 `json:"dx"`
	Dy int32 `json:"dy"`
	Ax int32 `json:"ax"`
	Ay int32 `json:"ay"`
}

// String formats a glyph like hb-shape's text output.
func (g hbGlyph) String() string {
	s := fmt.Sprintf("%d=%d", g.G, g.Cl)
	if g.Dx != 0 || g.Dy != 0 {
		s += fmt.Sprintf("@%d,%d", g.Dx, g.Dy)
	}
	return s + fmt.Sprintf("+%d", g.Ax)
}

// fromShape converts the shaper's glyphs to hb-shape's form.
func fromShape(gs []shape.Glyph) []hbGlyph {
	out := make([]hbGlyph, len(gs))
	for i, g := range gs {
		out[i] = hbGlyph{G: int(g.ID), Cl: g.Cluster, Dx: g.XOffset, Dy: g.YOffset, Ax: g.XAdvance}
	}
	return out
}

// frontMatterAndBody splits a corpus Markdown file into its YAML front
// matter fields (flat "key: value" lines) and body paragraphs (blank-line
// separated, lines joined by a space).
func frontMatterAndBody(t *testing.T, md string) (map[string]string, []string) {
	t.Helper()
	md = strings.ReplaceAll(md, "\r\n", "\n")
	rest, ok := strings.CutPrefix(md, "---\n")
	if !ok {
		t.Fatal("corpus Markdown has no front matter")
	}
	fm, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		t.Fatal("corpus Markdown front matter is not closed")
	}
	fields := map[string]string{}
	for _, line := range strings.Split(fm, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if uq, err := strconv.Unquote(v); err == nil {
			v = uq
		}
		fields[strings.TrimSpace(k)] = v
	}
	var paras []string
	for _, p := range strings.Split(body, "\n\n") {
		p = strings.Join(strings.Fields(p), " ")
		if p != "" {
			paras = append(paras, p)
		}
	}
	return fields, paras
}

// corpusSamples returns the title, author and every body paragraph of a
// Markdown corpus file.
func corpusSamples(t *testing.T, name string) []sample {
	t.Helper()
	fields, paras := frontMatterAndBody(t, string(testtool.ReadCorpus(t, name)))
	var out []sample
	for _, k := range []string{"title", "author"} {
		if fields[k] == "" {
			t.Fatalf("%s: no %s in the front matter", name, k)
		}
		out = append(out, sample{name: name + ":" + k, text: []rune(fields[k])})
	}
	if len(paras) == 0 {
		t.Fatalf("%s: no body paragraphs", name)
	}
	for i, p := range paras {
		out = append(out, sample{name: fmt.Sprintf("%s:para%d", name, i+1), text: []rune(p)})
	}
	return out
}

// isMyanmar reports whether r is in one of the Myanmar blocks.
func isMyanmar(r rune) bool { return unicode.Is(unicode.Myanmar, r) }

// harfbuzzMyanmarTests returns the input strings of HarfBuzz's in-house
// shaping tests that contain Myanmar letters (myanmar-*.tests and the
// Myanmar cases of the generic tests), from github.com/go-text/typesetting-utils.
func harfbuzzMyanmarTests(t *testing.T) []sample {
	t.Helper()
	dir := testtool.HarfBuzzTestsDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "*.tests"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no HarfBuzz in-house tests in %s (%v)", dir, err)
	}
	var out []sample
	seen := map[string]bool{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for n, line := range strings.Split(string(data), "\n") {
			// font;options;U+XXXX,U+YYYY;[expected]
			parts := strings.Split(line, ";")
			if len(parts) < 4 || strings.HasPrefix(line, "#") {
				continue
			}
			var text []rune
			myanmar := false
			for _, u := range strings.Split(parts[2], ",") {
				v, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(u), "U+"), 16, 32)
				if err != nil {
					text = nil
					break
				}
				text = append(text, rune(v))
				myanmar = myanmar || isMyanmar(rune(v))
			}
			if !myanmar || seen[string(text)] {
				continue
			}
			seen[string(text)] = true
			out = append(out, sample{name: fmt.Sprintf("%s:%d", filepath.Base(file), n+1), text: text, harfbuzzTest: true,
				fontFile: filepath.Join(filepath.Dir(file), filepath.FromSlash(parts[0])), options: parts[1], expected: parts[3]})
		}
	}
	var nMyanmarFiles int
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "myanmar-") {
			nMyanmarFiles++
		}
	}
	if nMyanmarFiles == 0 || len(out) == 0 {
		t.Fatalf("no Myanmar tests found in %s", dir)
	}
	return out
}

// hbShape shapes every sample with hb-shape in one run (one text per
// line of a text file) and returns the glyphs of each.
func hbShape(t *testing.T, hb, fontFile, script, lang string, samples []sample) [][]hbGlyph {
	t.Helper()
	var in bytes.Buffer
	for _, s := range samples {
		if strings.ContainsAny(string(s.text), "\n\r") || len(s.text) == 0 {
			t.Fatalf("sample %s is empty or spans lines", s.name)
		}
		in.WriteString(string(s.text))
		in.WriteByte('\n')
	}
	textFile := filepath.Join(t.TempDir(), "texts.txt")
	if err := os.WriteFile(textFile, in.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(hb, "--output-format=json", "--no-glyph-names",
		"--script="+script, "--language="+lang, "--direction=ltr",
		"--text-file="+textFile, fontFile)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("hb-shape: %v\n%s", err, stderr.String())
	}
	var res [][]hbGlyph
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var gs []hbGlyph
		if err := json.Unmarshal(sc.Bytes(), &gs); err != nil {
			t.Fatalf("hb-shape output line %d: %v", len(res)+1, err)
		}
		res = append(res, gs)
	}
	if len(res) != len(samples) {
		t.Fatalf("hb-shape returned %d results for %d texts", len(res), len(samples))
	}
	return res
}

// mismatch describes where two glyph streams first differ, or "" if equal.
func mismatch(got, want []hbGlyph) string {
	n := min(len(got), len(want))
	for i := range n {
		if got[i] != want[i] {
			return fmt.Sprintf("glyph %d: go-text %v, hb-shape %v", i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("go-text has %d glyphs, hb-shape %d", len(got), len(want))
	}
	return ""
}

// context returns the glyphs around index i in hb-shape's text notation.
func context(gs []hbGlyph, i int) string {
	lo, hi := max(0, i-3), min(len(gs), i+4)
	parts := make([]string, 0, hi-lo)
	for _, g := range gs[lo:hi] {
		parts = append(parts, g.String())
	}
	return "[" + strings.Join(parts, "|") + "]"
}

// firstDiff returns the index of the first differing glyph.
func firstDiff(got, want []hbGlyph) int {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return i
		}
	}
	return min(len(got), len(want))
}

// divergence is a documented difference between Debian's hb-shape
// (HarfBuzz 6.0.0 in Debian 12) and current HarfBuzz, which go-text's port
// follows. Each is recognised by a mechanical check of the two outputs, so
// any other difference still fails the test.
type divergence struct{ id, why string }

var (
	// Noto Sans Myanmar splits consonants into a spacer ("sp1".."sp14") and the
	// consonant (GSUB multiple substitution). HarfBuzz before the fix of
	// harfbuzz/harfbuzz#4124 never attaches a mark to the second glyph of a
	// multiple substitution, so a medial or vowel mark after such a
	// consonant keeps offset 0,0; current HarfBuzz (and go-text) attach it
	// when the consonant is in the MarkBase coverage.
	divMarkOnMultiplied = divergence{"harfbuzz#4124",
		"hb-shape leaves a mark unattached (0,0) after a consonant that GSUB split into spN+consonant"}
	// HarfBuzz 6.0.0 inserts U+25CC where current HarfBuzz's Myanmar
	// syllable machine does not: the expected outputs in HarfBuzz's own
	// myanmar-syllable.tests (checked by TestHarfBuzzReferenceMyanmar)
	// have no dotted circle.
	divDottedCircle = divergence{"myanmar-syllable.tests",
		"hb-shape inserts a dotted circle that current HarfBuzz does not"}
)

// faceInfo is what the divergence checks need to know about a face.
type faceInfo struct {
	dottedCircle int          // glyph of U+25CC, 0 if none
	spacers      map[int]bool // Noto Sans Myanmar's spacing glyphs sp1..sp14
}

// explain returns the known divergence that accounts for every difference
// between got (go-text) and want (hb-shape), or nil.
func explain(fi faceInfo, s sample, got, want []hbGlyph) *divergence {
	if markOnMultiplied(fi, got, want) {
		return &divMarkOnMultiplied
	}
	if s.harfbuzzTest && fi.dottedCircle != 0 {
		var stripped []hbGlyph
		for _, g := range want {
			if g.G != fi.dottedCircle {
				stripped = append(stripped, g)
			}
		}
		if len(stripped) < len(want) && mismatch(got, stripped) == "" {
			return &divDottedCircle
		}
	}
	return nil
}

// markOnMultiplied reports whether got and want differ only in offsets of
// marks that hb-shape left at 0,0 and that follow, in the same cluster, a
// spacer glyph and the base it was split from.
func markOnMultiplied(fi faceInfo, got, want []hbGlyph) bool {
	if len(fi.spacers) == 0 || len(got) != len(want) {
		return false
	}
	differs := false
	for i := range got {
		g, w := got[i], want[i]
		if g == w {
			continue
		}
		differs = true
		if g.G != w.G || g.Cl != w.Cl || g.Ax != w.Ax || g.Ax != 0 || w.Dx != 0 || w.Dy != 0 {
			return false
		}
		// Back over the marks to the base, then the spacer.
		j := i - 1
		for j >= 0 && got[j].Ax == 0 && got[j].Cl == g.Cl {
			j--
		}
		if j < 1 || got[j].Cl != g.Cl || fi.spacers[got[j].G] || !fi.spacers[got[j-1].G] || got[j-1].Cl != g.Cl {
			return false
		}
	}
	return differs
}

// conform shapes samples with face through both shapers and reports every
// text whose glyphs differ, except for the documented divergences.
func conform(t *testing.T, face *fonts.Face, script doc.Script, hbScript, lang string, samples []sample) {
	t.Helper()
	hb := testtool.Need(t, "hb-shape")
	f, err := shape.Load(face.Data())
	if err != nil {
		t.Fatal(err)
	}
	fi := faceInfo{dottedCircle: int(f.DottedCircle()), spacers: spacerGlyphs(t, face.Data())}
	fontFile := filepath.Join(t.TempDir(), face.ID+".ttf")
	if err := os.WriteFile(fontFile, face.Data(), 0o644); err != nil {
		t.Fatal(err)
	}
	want := hbShape(t, hb, fontFile, hbScript, lang, samples)
	glyphs, failed, known := 0, 0, 0
	for i, s := range samples {
		got := fromShape(f.Shape(nil, s.text, 0, len(s.text), script, lang))
		glyphs += len(got)
		for _, g := range want[i] {
			if g.Ay != 0 {
				t.Errorf("%s: hb-shape reports a vertical advance %d in horizontal text", s.name, g.Ay)
			}
		}
		m := mismatch(got, want[i])
		if m == "" {
			continue
		}
		d := firstDiff(got, want[i])
		detail := fmt.Sprintf("%s (%d runes): %s\n  go-text  %s\n  hb-shape %s\n  text: %q",
			s.name, len(s.text), m, context(got, d), context(want[i], d), textAround(s.text, got, want[i], d))
		if dv := explain(fi, s, got, want[i]); dv != nil {
			known++
			t.Logf("known divergence %s (%s): %s", dv.id, dv.why, detail)
			continue
		}
		failed++
		t.Errorf("%s\n  all differences: %s", detail, allDiffs(got, want[i]))
	}
	t.Logf("%s: %d texts, %d glyphs, %d identical, %d known hb-shape 6 divergences, %d unexplained",
		face.ID, len(samples), glyphs, len(samples)-failed-known, known, failed)
}

// spacerName matches the spacing glyphs Noto Sans Myanmar's GSUB inserts
// before consonants (multiple substitutions glyph -> spN glyph).
var spacerName = regexp.MustCompile(`^sp[0-9]+$`)

// spacerGlyphs returns the glyphs whose post-table names are spacers.
func spacerGlyphs(t *testing.T, data []byte) map[int]bool {
	t.Helper()
	ft, err := font.ParseTTF(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	out := map[int]bool{}
	for g := 1; g < 0xFFFF; g++ {
		n := ft.GlyphName(font.GID(g))
		if n == "" {
			break
		}
		if spacerName.MatchString(n) {
			out[g] = true
		}
	}
	return out
}

// TestHarfBuzzReferenceMyanmar shapes HarfBuzz's own Myanmar test strings
// with the tests' own fonts and compares with the expected output recorded
// in HarfBuzz's test suite (current HarfBuzz), independently of the
// installed hb-shape.
func TestHarfBuzzReferenceMyanmar(t *testing.T) {
	for _, s := range harfbuzzMyanmarTests(t) {
		t.Run(s.name, func(t *testing.T) {
			names := true
			for _, opt := range strings.Fields(s.options) {
				switch opt {
				case "--no-glyph-names":
					names = false
				case "--direction=ltr":
				default:
					t.Skipf("option %s is outside what shape.Font offers", opt)
				}
			}
			data, err := os.ReadFile(s.fontFile)
			if err != nil {
				t.Fatal(err)
			}
			f, err := shape.Load(data)
			if err != nil {
				t.Fatal(err)
			}
			ft, err := font.ParseTTF(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, g := range fromShape(f.Shape(nil, s.text, 0, len(s.text), doc.Myanmar, "")) {
				name := strconv.Itoa(g.G)
				if names {
					name = ft.GlyphName(font.GID(g.G))
				}
				parts = append(parts, name+strings.TrimPrefix(g.String(), strconv.Itoa(g.G)))
			}
			if got := "[" + strings.Join(parts, "|") + "]"; got != s.expected {
				t.Errorf("%U:\n  go-text  %s\n  HarfBuzz %s", s.text, got, s.expected)
			}
		})
	}
}

// allDiffs lists the differing glyph positions (at most 12).
func allDiffs(got, want []hbGlyph) string {
	var out []string
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] && len(out) < 12 {
			out = append(out, fmt.Sprintf("#%d %v vs %v", i, got[i], want[i]))
		}
	}
	return strings.Join(out, ", ")
}

// textAround returns the runes of the cluster where the streams diverge.
func textAround(text []rune, got, want []hbGlyph, d int) string {
	cl := 0
	switch {
	case d < len(want):
		cl = want[d].Cl
	case d < len(got):
		cl = got[d].Cl
	}
	lo, hi := max(0, cl-4), min(len(text), cl+8)
	return string(text[lo:hi])
}

func TestHarfBuzzConformanceMyanmar(t *testing.T) {
	corpus := corpusSamples(t, "statement-my.md")
	var hbTests []sample
	t.Run("load-harfbuzz-tests", func(t *testing.T) { hbTests = harfbuzzMyanmarTests(t) })
	for _, family := range fonts.MyanmarFamilies() {
		set, ok := fonts.MyanmarSet(family)
		if !ok {
			t.Fatalf("no Myanmar family %q", family)
		}
		for _, face := range []*fonts.Face{set.Regular, set.Bold} {
			t.Run(face.ID+"/corpus", func(t *testing.T) {
				conform(t, face, doc.Myanmar, "Mymr", "my", corpus)
			})
			t.Run(face.ID+"/harfbuzz-tests", func(t *testing.T) {
				if len(hbTests) == 0 {
					t.Fatal("no HarfBuzz Myanmar test strings")
				}
				conform(t, face, doc.Myanmar, "Mymr", "my", hbTests)
			})
		}
	}
}

func TestHarfBuzzConformanceLatin(t *testing.T) {
	corpus := corpusSamples(t, "statement-en.md")
	for _, face := range fonts.LatinSet().Faces() {
		t.Run(face.ID, func(t *testing.T) {
			conform(t, face, doc.Latin, "Latn", "en", corpus)
		})
	}
}
