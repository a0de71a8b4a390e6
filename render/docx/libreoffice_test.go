package docx

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render/doc"
	"github.com/docexport/docexport/render/testtool"
)

// LibreOffice is the oracle that the files open: it converts them to PDF,
// pdftotext reads the text back and pdffonts lists the faces it used. All
// conversions of a test run happen in one soffice call (2-5 s each start).
//
// The conversion runs under a font configuration that holds only the Latin
// Noto Sans faces: no system Myanmar font is visible, so Myanmar text can
// only be set in the face embedded in the file. Files written without
// embedding are converted too, and must come out without a Myanmar face:
// that proves the check can fail.

// loFile is one file to convert and what to expect of its PDF.
type loFile struct {
	Name string
	Data []byte
	// Paragraphs must all appear in the PDF's text, in order.
	Paragraphs []string
	// Footer matches the footer's lines, dropped from the text before
	// matching (a paragraph may run across a page break).
	Footer *regexp.Regexp
	// FontWant must appear in pdffonts' list; FontBanned must not.
	FontWant, FontBanned []string
}

// hiddenFontsEnv writes a fontconfig configuration listing only the Latin
// faces and returns the environment that selects it.
func hiddenFontsEnv(t *testing.T, dir string) []string {
	t.Helper()
	fontDir := filepath.Join(dir, "fonts")
	if err := os.MkdirAll(fontDir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range fonts.LatinSet().Faces() {
		if err := os.WriteFile(filepath.Join(fontDir, f.File), f.Data(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	conf := filepath.Join(dir, "fonts.conf")
	xml := fmt.Sprintf(`<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>%s</dir>
  <cachedir>%s</cachedir>
</fontconfig>
`, fontDir, filepath.Join(dir, "fccache"))
	if err := os.WriteFile(conf, []byte(xml), 0o644); err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(), "FONTCONFIG_FILE="+conf, "FONTCONFIG_PATH="+dir)
}

// convertAll converts the files with one soffice call under the hidden-font
// configuration and checks each PDF.
func convertAll(t *testing.T, files []loFile) {
	soffice := testtool.Need(t, "soffice")
	pdftotext := testtool.Need(t, "pdftotext")
	pdffonts := testtool.Need(t, "pdffonts")
	dir := t.TempDir()
	env := hiddenFontsEnv(t, dir)

	// The hidden configuration must really hide the system's Myanmar faces.
	if fcList, err := exec.LookPath("fc-list"); err == nil {
		cmd := exec.Command(fcList, ":lang=my", "family")
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil || strings.TrimSpace(string(out)) != "" {
			t.Fatalf("font configuration still shows Myanmar faces: %q (%v)", out, err)
		}
	}

	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	// LibreOffice keeps the fonts embedded in one document activated for
	// the rest of the process, so files whose PDFs must show no Myanmar
	// face go first (soffice converts in argument order). Were that to
	// change, those checks would fail, not pass.
	files = slices.Clone(files)
	slices.SortStableFunc(files, func(a, b loFile) int {
		return cmp.Compare(len(b.FontBanned), len(a.FontBanned))
	})
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore", "--convert-to", "pdf", "--outdir", out}
	for _, f := range files {
		p := filepath.Join(in, f.Name+".docx")
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.Env = env
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	for _, f := range files {
		t.Run(f.Name, func(t *testing.T) {
			pdf := filepath.Join(out, f.Name+".pdf")
			if _, err := os.Stat(pdf); err != nil {
				t.Fatalf("LibreOffice made no PDF: %v", err)
			}
			text, err := exec.Command(pdftotext, "-raw", "-enc", "UTF-8", pdf, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			body := string(text)
			if f.Footer != nil {
				body = f.Footer.ReplaceAllString(body, "\n")
			}
			inOrder(t, body, f.Paragraphs)
			list, err := exec.Command(pdffonts, pdf).Output()
			if err != nil {
				t.Fatalf("pdffonts: %v", err)
			}
			for _, want := range f.FontWant {
				if !strings.Contains(string(list), want) {
					t.Errorf("PDF fonts lack %s:\n%s", want, list)
				}
			}
			for _, ban := range f.FontBanned {
				if strings.Contains(strings.ToLower(string(list)), strings.ToLower(ban)) {
					t.Errorf("PDF fonts list %s:\n%s", ban, list)
				}
			}
		})
	}
}

var spaces = regexp.MustCompile(`\s+`)

// inOrder checks that every paragraph appears in text, in order, ignoring
// whitespace (line breaks fall anywhere in a PDF's text).
func inOrder(t *testing.T, text string, paragraphs []string) {
	t.Helper()
	hay := spaces.ReplaceAllString(text, "")
	pos := 0
	for _, p := range paragraphs {
		needle := spaces.ReplaceAllString(p, "")
		if needle == "" {
			continue
		}
		i := strings.Index(hay[pos:], needle)
		if i < 0 {
			// Report where the longest found prefix of the paragraph stops.
			n := len(needle)
			for n > 0 && !strings.Contains(hay[pos:], needle[:n]) {
				n--
			}
			j := pos + strings.Index(hay[pos:], needle[:n]) + n
			t.Errorf("PDF text lacks paragraph %q\nmatched up to %q\n  want next %q\n  PDF has   %q", p, needle[max(0, n-30):n], firstRunes(needle[n:], 12), firstRunes(hay[j:], 12))
			return
		}
		pos += i + len(needle)
	}
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}

// FooterPattern matches the footer lines of d's pages in pdftotext output:
// the URL line and the page label with any digits for its fields.
func FooterPattern(d *doc.Document) *regexp.Regexp {
	var alts []string
	if d.URL != "" {
		alts = append(alts, regexp.QuoteMeta(d.URL))
	}
	var label strings.Builder
	for _, p := range d.PageLabel {
		if p.Field != doc.NoField {
			label.WriteString(`[0-9\x{1040}-\x{1049}]+`)
			continue
		}
		for _, f := range strings.Fields(p.Text) {
			label.WriteString(`\s*` + regexp.QuoteMeta(f) + `\s*`)
		}
	}
	if label.Len() > 0 {
		alts = append(alts, label.String())
	}
	if len(alts) == 0 {
		return nil
	}
	return regexp.MustCompile(`(?m)^[ \t]*(?:` + strings.Join(alts, "|") + `)[ \t]*$`)
}

// docParagraphs lists the text the PDF must show, in order.
func docParagraphs(d *doc.Document) []string {
	out := []string{doc.PlainText(d.Label), doc.PlainText(d.Title), doc.PlainText(d.Meta)}
	for _, b := range d.Blocks {
		out = append(out, strings.Split(doc.PlainText(b.Runs), "\n")...)
	}
	return out
}
