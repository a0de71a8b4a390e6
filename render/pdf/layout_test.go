package pdf

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/docexport/docexport/render/doc"
	"github.com/docexport/docexport/render/testtool"
)

func testSetter(t testing.TB, family string) *setter {
	t.Helper()
	w, err := New(Options{ShapeCacheWords: DefaultShapeCacheWords})
	if err != nil {
		t.Fatal(err)
	}
	return &setter{faces: w.faces, myanmar: w.faces.myanmar[family], cache: w.cache}
}

func sampleBody(t testing.TB, name string) string {
	t.Helper()
	var st struct{ Body string }
	if err := json.Unmarshal(testtool.ReadCorpus(t, name), &st); err != nil {
		t.Fatal(err)
	}
	return st.Body
}

// TestLineBreaking wraps long paragraphs at many widths and checks every
// line: none starts inside a syllable or with ၊/။, none overflows, and the
// lines together hold every character of the paragraph.
func TestLineBreaking(t *testing.T) {
	paras := strings.Split(sampleBody(t, "statement-my.json"), "\n\n")
	paras = append(paras,
		"မြန်မာနိုင်ငံဆိုင်ရာအထူးအကြံပေးကောင်စီ(SAC-M)ကပြောကြားလိုက်သည်။သင်္ဘောဒုက္ခကမ္ဘာ့",
		"ဆေးရုံများ ၊ စာသင်ကျောင်းများ ။ The council said ၂၀၂၁ ခုနှစ် was a turning-point.",
		strings.Repeat("ဓမ္မ", 60)+" "+strings.Repeat("x", 300))
	for _, family := range []string{"noto", "pyidaungsu"} {
		s := testSetter(t, family)
		for pi, text := range paras {
			runs := doc.SplitScripts(text, doc.Run{})
			p := s.paragraphs(runs, runStyle{size: bodySize})[0]
			for measure := 40.0; measure <= 500; measure += 23 {
				lines := p.breakLines(measure)
				checkLines(t, family, pi, measure, p, lines)
			}
		}
	}
}

func checkLines(t *testing.T, family string, pi int, measure float64, p *paragraph, lines []*line) {
	t.Helper()
	var got strings.Builder
	for li, l := range lines {
		if l.width > measure+1e-6 {
			t.Errorf("%s para %d width %.0f line %d overflows: %.2f", family, pi, measure, li, l.width)
		}
		if l.g0 >= l.g1 {
			continue
		}
		start := p.glyphs[l.g0].cluster
		r := p.text[start]
		if unicode.In(r, unicode.Mn, unicode.Mc) || r == '၊' || r == '။' {
			t.Errorf("%s para %d width %.0f line %d starts with %U (%q)", family, pi, measure, li, r, string(p.text[start:min(start+8, len(p.text))]))
		}
		if start > 0 && (p.text[start-1] == 0x1039) {
			t.Errorf("%s para %d line %d starts inside a stack", family, pi, li)
		}
		if start+1 < len(p.text) && (p.text[start+1] == 0x103A || p.text[start+1] == 0x1039) && start > 0 && !unicode.IsSpace(p.text[start-1]) && doc.IsMyanmar(p.text[start-1]) {
			t.Errorf("%s para %d line %d starts with a killed consonant: %q", family, pi, li, string(p.text[start:start+2]))
		}
		end := len(p.text)
		if l.g1 < len(p.glyphs) {
			end = p.glyphs[l.g1].cluster
		}
		got.WriteString(string(p.text[start:end]))
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if squash(got.String()) != squash(string(p.text)) {
		t.Errorf("%s para %d width %.0f: lines lose text", family, pi, measure)
	}
}

// TestNoDottedCircle shapes the samples and checks HarfBuzz never had to
// insert a dotted circle (its sign of a broken cluster).
func TestNoDottedCircle(t *testing.T) {
	for _, family := range []string{"noto", "pyidaungsu"} {
		s := testSetter(t, family)
		for _, name := range []string{"statement-my.json", "statement-en.json"} {
			runs := doc.SplitScripts(strings.ReplaceAll(sampleBody(t, name), "\n", " "), doc.Run{})
			for _, p := range s.paragraphs(runs, runStyle{size: bodySize}) {
				for _, g := range p.glyphs {
					f := p.spans[g.span].face
					if dc := f.shaper.DottedCircle(); dc != 0 && g.id == dc {
						t.Fatalf("%s %s: dotted circle at %q", family, name, string(p.text[g.cluster:min(g.cluster+6, len(p.text))]))
					}
					if g.id == 0 {
						t.Fatalf("%s %s: .notdef glyph at %q", family, name, string(p.text[g.cluster:min(g.cluster+6, len(p.text))]))
					}
				}
			}
		}
	}
}
