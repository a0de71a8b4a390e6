package render

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/docexport/docexport/render/testtool"
)

func TestHygiene(t *testing.T) {
	const (
		uniTitle = "မြန်မာနိုင်ငံ"
		zawTitle = "ျမန္မာႏိုင္ငံ"
		uniBody  = "ကျောင်းသားများ ပြောကြားသည်။"
		zawBody  = "ေက်ာင္းသားမ်ား ေျပာၾကားသည္။"
	)
	type warn struct {
		code, field string
		offset      int
	}
	tests := []struct {
		name       string
		st         Statement
		want       Statement
		converted  []string
		warnings   []warn
		errField   string
		wantErrors bool
	}{
		{
			name: "english untouched",
			st:   Statement{Title: "Hello", Body: "World\n\nAgain 0"},
			want: Statement{Title: "Hello", Body: "World\n\nAgain 0"},
		},
		{
			name: "unicode untouched",
			st:   Statement{Title: uniTitle, Body: uniBody},
			want: Statement{Title: uniTitle, Body: uniBody},
		},
		{
			name:      "zawgyi converted by default",
			st:        Statement{Title: zawTitle, Body: "Intro in English.\n\n" + zawBody + "\n\n" + uniBody},
			want:      Statement{Title: uniTitle, Body: "Intro in English.\n\n" + uniBody + "\n\n" + uniBody},
			converted: []string{"title", "body"},
		},
		{
			name:      "zawgyi converted explicitly, kind and author",
			st:        Statement{Title: "T", Kind: zawBody, Author: zawTitle, Body: "b", Zawgyi: ZawgyiConvert},
			want:      Statement{Title: "T", Kind: uniBody, Author: uniTitle, Body: "b", Zawgyi: ZawgyiConvert},
			converted: []string{"kind", "author"},
		},
		{
			name:     "zawgyi rejected",
			st:       Statement{Title: zawTitle, Body: "x\n\n" + zawBody, Zawgyi: ZawgyiReject},
			errField: "title,body",
		},
		{
			name: "unicode passes reject",
			st:   Statement{Title: uniTitle, Body: uniBody, Zawgyi: ZawgyiReject},
			want: Statement{Title: uniTitle, Body: uniBody, Zawgyi: ZawgyiReject},
		},
		{
			name: "zawgyi kept",
			st:   Statement{Title: zawTitle, Body: zawBody, Zawgyi: ZawgyiKeep},
			want: Statement{Title: zawTitle, Body: zawBody, Zawgyi: ZawgyiKeep},
		},
		{
			name:     "repairs reported",
			st:       Statement{Title: "အ၀ိုင်း", Body: "ab\n\n၄င်း ကိိ"},
			want:     Statement{Title: "အဝိုင်း", Body: "ab\n\n၎င်း ကိ"},
			warnings: []warn{{"repaired", "title", 1}, {"repaired", "body", 4}, {"repaired", "body", 11}},
		},
		{
			name:     "repair of asat order",
			st:       Statement{Title: "ကြည\u103a\u1037"},
			want:     Statement{Title: "ကြည\u1037\u103a"},
			warnings: []warn{{"repaired", "title", 3}},
		},
		{
			name:     "invalid sequences reported",
			st:       Statement{Title: "ok", Body: "Latin\n\nကိ ိက"},
			want:     Statement{Title: "ok", Body: "Latin\n\nကိ ိက"},
			warnings: []warn{{"invalid_sequence", "body", 10}},
		},
		{
			name:     "invalid offset after a removed duplicate",
			st:       Statement{Title: "ကိိ ိ"},
			want:     Statement{Title: "ကိ ိ"},
			warnings: []warn{{"repaired", "title", 2}, {"invalid_sequence", "title", 4}},
		},
		{
			name:      "blank lines with spaces keep their bytes",
			st:        Statement{Title: "t", Body: zawBody + "\n  \n\n" + zawBody + "\n"},
			want:      Statement{Title: "t", Body: uniBody + "\n  \n\n" + uniBody + "\n"},
			converted: []string{"body"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, prep, err := hygiene(context.Background(), tc.st)
			if tc.errField != "" {
				var e *Error
				if !errors.As(err, &e) || e.Code != CodeZawgyiDetected || e.Field != tc.errField || e.Message == "" {
					t.Fatalf("err = %v, want zawgyi_detected on %s", err, tc.errField)
				}
				return
			}
			if err != nil {
				t.Fatalf("hygiene: %v", err)
			}
			if got != tc.want {
				t.Errorf("statement\n got %+q\nwant %+q", got, tc.want)
			}
			if !slices.Equal(prep.Converted, tc.converted) {
				t.Errorf("converted = %v, want %v", prep.Converted, tc.converted)
			}
			var ws []warn
			for _, w := range prep.Warnings {
				ws = append(ws, warn{w.Code, w.Field, w.Offset})
				if w.Message == "" {
					t.Errorf("warning without message: %+v", w)
				}
			}
			if !slices.Equal(ws, tc.warnings) {
				t.Errorf("warnings = %+v, want %+v", prep.Warnings, tc.warnings)
			}
		})
	}
}

// sampleMy reads statement-my.json.
func sampleMy(t testing.TB) Statement {
	t.Helper()
	var st Statement
	if err := json.Unmarshal(testtool.ReadCorpus(t, "statement-my.json"), &st); err != nil {
		t.Fatalf("statement-my.json: %v", err)
	}
	return st
}

// uconvLines runs ICU's uconv -x id over each line.
func uconvLines(t testing.TB, id string, lines []string) []string {
	t.Helper()
	path := testtool.Need(t, "uconv")
	cmd := exec.Command(path, "-x", id)
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("uconv -x %s: %v", id, err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(got) != len(lines) {
		t.Fatalf("uconv: %d lines in, %d out", len(lines), len(got))
	}
	return got
}

// toZawgyi converts a field paragraph by paragraph with uconv and also
// returns what uconv converts it back to.
func toZawgyi(t testing.TB, text string) (zawgyi, icuBack string) {
	t.Helper()
	pars := strings.Split(text, "\n\n")
	for _, p := range pars {
		if strings.Contains(p, "\n") {
			t.Fatalf("sample paragraph holds a line break: %q", p)
		}
	}
	zaw := uconvLines(t, "my-Zawgyi", pars)
	back := uconvLines(t, "Zawgyi-my", zaw)
	return strings.Join(zaw, "\n\n"), strings.Join(back, "\n\n")
}

// zawgyiSample returns the sample with title and body in Zawgyi, and the
// Unicode statement hygiene must restore: the sample itself wherever ICU's
// own conversion round-trips, and ICU's result where it does not (it
// writes ၎င်း as a bare digit four in mid-line, which no converter can
// tell from the number).
func zawgyiSample(t testing.TB) (zaw, want Statement, icuMisses int) {
	st := sampleMy(t)
	zaw, want = st, st
	zaw.Title, want.Title = toZawgyi(t, st.Title)
	zaw.Body, want.Body = toZawgyi(t, st.Body)
	wantPars, origPars := strings.Split(want.Body, "\n\n"), strings.Split(st.Body, "\n\n")
	for i := range wantPars {
		if wantPars[i] != origPars[i] {
			icuMisses++
		}
	}
	if want.Title != st.Title {
		icuMisses++
	}
	return zaw, want, icuMisses
}

func TestHygieneZawgyiSample(t *testing.T) {
	zaw, want, misses := zawgyiSample(t)
	if zaw.Title == want.Title || zaw.Body == want.Body {
		t.Fatal("uconv produced no Zawgyi")
	}
	t.Logf("%d of the sample's paragraphs do not round-trip through uconv itself", misses)
	got, prep, err := hygiene(context.Background(), zaw)
	if err != nil {
		t.Fatalf("hygiene: %v", err)
	}
	if got.Title != want.Title {
		t.Errorf("title\n got %q\nwant %q", got.Title, want.Title)
	}
	gp, wp := strings.Split(got.Body, "\n\n"), strings.Split(want.Body, "\n\n")
	if len(gp) != len(wp) {
		t.Fatalf("body has %d paragraphs, want %d", len(gp), len(wp))
	}
	for i := range gp {
		if gp[i] != wp[i] {
			t.Errorf("body paragraph %d\n got %q\nwant %q", i, gp[i], wp[i])
		}
	}
	if !slices.Equal(prep.Converted, []string{"title", "body"}) {
		t.Errorf("converted = %v", prep.Converted)
	}

	zaw.Zawgyi = ZawgyiReject
	_, _, err = hygiene(context.Background(), zaw)
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeZawgyiDetected || e.Field != "title,body" {
		t.Fatalf("reject: err = %v, want zawgyi_detected naming title,body", err)
	}
}

// TestHygieneLeavesUnicodeAlone: every paragraph, sentence and word of the
// Unicode sample, and HarfBuzz's Myanmar test strings, pass unchanged.
func TestHygieneLeavesUnicodeAlone(t *testing.T) {
	st := sampleMy(t)
	var texts []string
	for _, p := range append([]string{st.Title, st.Kind, st.Author}, strings.Split(st.Body, "\n\n")...) {
		texts = append(texts, p)
		for _, s := range strings.Split(p, "။") {
			if s = strings.TrimSpace(s); s != "" {
				texts = append(texts, s)
			}
		}
		texts = append(texts, strings.Fields(p)...)
	}
	hb := harfbuzzMyanmarStrings(t)
	texts = append(texts, hb...)
	for _, s := range texts {
		in := Statement{Title: s, Body: s, Zawgyi: ZawgyiConvert}
		got, prep, err := hygiene(context.Background(), in)
		if err != nil {
			t.Fatalf("hygiene(%q): %v", s, err)
		}
		if got != in || len(prep.Converted) > 0 {
			t.Errorf("hygiene changed Unicode text %q (%U) to %q (%U)", s, []rune(s), got.Title, []rune(got.Title))
		}
	}
	t.Logf("%d texts (%d from HarfBuzz) unchanged", len(texts), len(hb))
}

// harfbuzzMyanmarStrings returns the texts of HarfBuzz's Myanmar tests in
// the go-text/typesetting-utils module, except the Zawgyi font tests
// (myanmar-zawgyi.tests), whose texts are Zawgyi or shaped as Zawgyi.
func harfbuzzMyanmarStrings(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(testtool.HarfBuzzTestsDir(t), "myanmar-*.tests"))
	if len(files) == 0 {
		t.Fatal("no HarfBuzz Myanmar tests found")
	}
	var texts []string
	for _, f := range files {
		if strings.HasSuffix(f, "myanmar-zawgyi.tests") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			fields := strings.Split(line, ";")
			if len(fields) < 3 {
				continue
			}
			var rs []rune
			for _, u := range strings.Split(fields[2], ",") {
				v, err := strconv.ParseUint(strings.TrimPrefix(u, "U+"), 16, 32)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				rs = append(rs, rune(v))
			}
			texts = append(texts, string(rs))
		}
	}
	if len(texts) == 0 {
		t.Fatal("no HarfBuzz Myanmar test strings")
	}
	return texts
}

// TestRenderZawgyiSameAsUnicode: the PDF of the Zawgyi sample is the PDF
// of the Unicode statement hygiene restores.
func TestRenderZawgyiSameAsUnicode(t *testing.T) {
	zaw, want, misses := zawgyiSample(t)
	if misses > 0 {
		t.Logf("comparing with ICU's own conversion in %d paragraphs it cannot restore", misses)
	}
	r, err := New(DefaultConfig())
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ctx := context.Background()
	a, err := r.Render(ctx, zaw, PDF)
	if err != nil {
		t.Fatalf("render Zawgyi: %v", err)
	}
	b, err := r.Render(ctx, want, PDF)
	if err != nil {
		t.Fatalf("render Unicode: %v", err)
	}
	if !bytes.HasPrefix(a.Data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %.20q", a.Data)
	}
	t.Logf("PDF: %d bytes", len(a.Data))
	if !bytes.Equal(a.Data, b.Data) {
		t.Errorf("PDF of the Zawgyi statement (%d bytes) differs from the Unicode one (%d bytes)", len(a.Data), len(b.Data))
	}
	if !slices.Equal(a.Converted, []string{"title", "body"}) || len(b.Converted) != 0 {
		t.Errorf("converted: zawgyi %v, unicode %v", a.Converted, b.Converted)
	}
}
