package pdf_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/docexport/docexport/render"
	"github.com/docexport/docexport/render/testtool"
)

// mixed is a statement mixing both scripts inside paragraphs, headings,
// lists, quotes and links.
func mixed() render.Statement {
	return render.Statement{
		Lang: "my", Title: "မြန်မာ SAC-M ထုတ်ပြန်ချက် (2025)", Author: "Special Advisory Council for Myanmar (SAC-M)",
		Date: "2025-01-29", URL: "https://example.org/statements/2025-01-29",
		Body: "မြန်မာနိုင်ငံဆိုင်ရာ အထူးအကြံပေးကောင်စီ (SAC-M) က **ပြောကြားလိုက်သည်**။ The council said ၂၀၂၁ ခုနှစ် was a turning point.\n\n" +
			"## ခေါင်းစဉ် Heading\n\n- ပထမ item one\n- second ဒုတိယ [link](https://example.org/a)\n\n> ကိုးကား quoted *text*\n\n" +
			"English paragraph with a Myanmar word မြန်မာ in the middle, and 3.2 million people.",
	}
}

func renderPDF(t *testing.T, r *render.Renderer, st render.Statement) []byte {
	t.Helper()
	res, err := r.Render(context.Background(), st, render.PDF)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return res.Data
}

func writeTemp(t *testing.T, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(testtool.Need(t, name), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// squash removes all white space, so text compares regardless of where
// lines were broken.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// paragraphs returns the plain text of the Markdown body's paragraphs and
// list items, markup removed.
func paragraphs(body string) []string {
	var out []string
	for _, p := range strings.Split(body, "\n\n") {
		for _, item := range strings.Split(p, "\n- ") {
			item = strings.TrimLeft(strings.TrimSpace(item), "#>- ")
			item = strings.NewReplacer("**", "", "*", "", "[link](https://example.org/a)", "link").Replace(item)
			if item != "" {
				out = append(out, item)
			}
		}
	}
	return out
}

// furniture matches the footer's page labels, which pdftotext reads where
// a page ends, possibly inside a paragraph.
var furniture = regexp.MustCompile(`Page\d+of\d+|စာမျက်နှာ[၀-၉]+/[၀-၉]+|•`)

func TestPDFConsumers(t *testing.T) {
	r := newRenderer(t)
	pyidaungsu := sample(t, "statement-my.json")
	pyidaungsu.Font = "pyidaungsu"
	for _, tc := range []struct {
		name  string
		st    render.Statement
		fonts []string
	}{
		{"english sample", sample(t, "statement-en.json"), []string{"NotoSans-Regular", "NotoSans-Bold"}},
		{"myanmar sample", sample(t, "statement-my.json"), []string{"NotoSansMyanmar-Regular", "NotoSansMyanmar-Bold", "NotoSans-Regular"}},
		{"myanmar sample in pyidaungsu", pyidaungsu, []string{"Pyidaungsu", "Pyidaungsu-Bold", "NotoSans-Regular"}},
		{"mixed scripts", mixed(), []string{"NotoSansMyanmar-Regular", "NotoSans-Regular", "NotoSans-Italic"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := renderPDF(t, r, tc.st)
			path := writeTemp(t, data)
			run(t, "qpdf", "--check", path)

			// Text comes back in order: title, then every paragraph.
			text := furniture.ReplaceAllString(squash(run(t, "pdftotext", "-enc", "UTF-8", path, "-")), "")
			want := append([]string{tc.st.Title}, paragraphs(tc.st.Body)...)
			pos := 0
			for _, p := range want {
				i := strings.Index(text[pos:], squash(p))
				if i < 0 {
					t.Fatalf("pdftotext lacks (in order) %q\ngot: %s", p, text)
				}
				pos += i + len(squash(p))
			}

			// Only embedded subset fonts, and the expected faces.
			fonts := run(t, "pdffonts", path)
			lines := strings.Split(strings.TrimSpace(fonts), "\n")[2:]
			for _, l := range lines {
				f := strings.Fields(l)
				if len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" {
					t.Errorf("font not embedded as a subset: %s", l)
				}
				if !regexp.MustCompile(`^[A-Z]{6}\+`).MatchString(f[0]) {
					t.Errorf("font name lacks a subset tag: %s", f[0])
				}
			}
			for _, name := range tc.fonts {
				if !strings.Contains(fonts, "+"+name+" ") {
					t.Errorf("pdffonts lacks %s:\n%s", name, fonts)
				}
			}

			// No word beyond the margins.
			checkMargins(t, run(t, "pdftotext", "-bbox-layout", path, "-"))

			// Deterministic.
			if again := renderPDF(t, r, tc.st); !bytes.Equal(data, again) {
				t.Error("two renders of the same statement differ")
			}
		})
	}
}

var wordRE = regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="[0-9.]+" xMax="([0-9.]+)"`)

func checkMargins(t *testing.T, bbox string) {
	t.Helper()
	const pageW, margin, slack = 595.28, 56.69, 0.6
	words := wordRE.FindAllStringSubmatch(bbox, -1)
	if len(words) == 0 {
		t.Fatal("pdftotext -bbox-layout found no words")
	}
	for _, m := range words {
		x0, _ := strconv.ParseFloat(m[1], 64)
		x1, _ := strconv.ParseFloat(m[2], 64)
		if x1 > pageW-margin+slack || x0 < margin-slack {
			t.Errorf("word outside the text block: xMin %.2f xMax %.2f (block %.2f–%.2f)", x0, x1, margin, pageW-margin)
		}
	}
}

func TestPDFLinksAreAnnotations(t *testing.T) {
	r := newRenderer(t)
	st := render.Statement{Lang: "en", Title: "Links", URL: "https://example.org/s/1",
		Body: "See [the report](https://example.org/report?a=1&b=(2)) and <mailto:press@example.org>, not [this](javascript:alert(1))."}
	path := writeTemp(t, renderPDF(t, r, st))
	qdf := filepath.Join(t.TempDir(), "qdf.pdf")
	run(t, "qpdf", "--qdf", "--object-streams=disable", path, qdf)
	raw, err := os.ReadFile(qdf)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"/Subtype /Link", "https://example.org/report?a=1&b=\\(2\\)", "mailto:press@example.org", "https://example.org/s/1"} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("PDF lacks link annotation %q", want)
		}
	}
	if bytes.Contains(raw, []byte("javascript")) {
		t.Error("a javascript: link reached the PDF")
	}
}

func TestPDFMetadata(t *testing.T) {
	r := newRenderer(t)
	path := writeTemp(t, renderPDF(t, r, sample(t, "statement-my.json")))
	info := run(t, "pdfinfo", path)
	for _, want := range []string{"Creator:", "docexport", "Author:", "SAC-M", "Title:"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	raw, _ := os.ReadFile(path)
	if !bytes.Contains(raw, []byte("/Lang (my)")) {
		t.Error("PDF language is not my")
	}
}
