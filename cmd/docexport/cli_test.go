package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/docexport/docexport/render/testtool"
)

// runCLI runs the binary's dispatch with args and returns the exit status
// and what it printed.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	code = dispatch(ctx, args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// copyCorpus copies the Markdown and JSON samples into dir.
func copyCorpus(t *testing.T, dir string, names ...string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		writeFile(t, filepath.Join(dir, n), testtool.ReadCorpus(t, n))
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

var samples = []string{"statement-en.md", "statement-en.json", "statement-my.md", "statement-my.json"}

func TestCLIBatchDirectory(t *testing.T) {
	root := t.TempDir()
	in, out := filepath.Join(root, "in"), filepath.Join(root, "out")
	copyCorpus(t, in, samples...)
	writeFile(t, filepath.Join(in, "broken.md"), []byte("---\nlang: en\ntitle: Broken\nauthor: a: b\n---\nbody\n"))
	writeFile(t, filepath.Join(in, "bad-date.md"), []byte("---\nlang: en\ntitle: Bad date\n\ndate: 2025-13-45\n---\nbody\n"))
	writeFile(t, filepath.Join(in, "notes.txt"), []byte("not a statement"))

	code, stdout, stderr := runCLI(t, "batch", "-formats", "pdf,docx", "-o", out, "-j", "2", in)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (two inputs fail)\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "8 written, 2 failed, 0 converted from Zawgyi") {
		t.Errorf("summary missing or wrong:\n%s", stdout)
	}
	for _, want := range []string{
		filepath.Join(in, "broken.md") + ":4: front matter: mapping values are not allowed in this context",
		filepath.Join(in, "bad-date.md") + `:5: date: date "2025-13-45" is not a valid YYYY-MM-DD date (invalid_field) [pdf]`,
		"skipping " + filepath.Join(in, "notes.txt"),
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	got := listDir(t, out)
	if len(got) != 8 {
		t.Fatalf("wrote %v, want 8 documents", got)
	}
	// The .md and .json of one sample share a title: the second gets -2.
	en := regexp.MustCompile(`^myanmars-resistance-led-nation-building-has-begun-the-international-community-en(-2)?\.(pdf|docx)$`)
	nEn := 0
	for _, name := range got {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(name) {
		case ".pdf":
			if !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Errorf("%s is not a PDF", name)
			}
		case ".docx":
			if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
				t.Errorf("%s is not a ZIP package", name)
			}
		}
		if en.MatchString(name) {
			nEn++
		}
		if !strings.HasSuffix(name, ".pdf") && !strings.HasSuffix(name, ".docx") || strings.HasPrefix(name, ".") {
			t.Errorf("unexpected file %q", name)
		}
	}
	if nEn != 4 {
		t.Errorf("%d English documents named after the slug, want 4: %v", nEn, got)
	}
	// Plain output (stderr is not a terminal): a line per document.
	if n := strings.Count(stdout+stderr, "wrote "); n != 8 {
		t.Errorf("%d 'wrote' lines, want 8", n)
	}
}

func TestCLIBatchForce(t *testing.T) {
	root := t.TempDir()
	in, out := filepath.Join(root, "in"), filepath.Join(root, "out")
	copyCorpus(t, in, "statement-en.md")
	if code, stdout, stderr := runCLI(t, "batch", "-o", out, in); code != 0 {
		t.Fatalf("first run: exit %d\n%s%s", code, stdout, stderr)
	}
	files := listDir(t, out)
	if len(files) != 1 {
		t.Fatalf("first run wrote %v", files)
	}
	target := filepath.Join(out, files[0])
	writeFile(t, target, []byte("keep me"))

	code, stdout, stderr := runCLI(t, "batch", "-o", out, in)
	if code != 1 || !strings.Contains(stderr, "exists (use -force to overwrite)") || !strings.Contains(stdout, "0 written, 1 failed") {
		t.Fatalf("second run without -force: exit %d\n%s%s", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep me" {
		t.Fatalf("the existing file was overwritten without -force")
	}
	code, stdout, stderr = runCLI(t, "batch", in, "-force", "-o", out) // flags after the input
	if code != 0 {
		t.Fatalf("run with -force: exit %d\n%s%s", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(target); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("-force did not replace the file")
	}
	if got := listDir(t, out); len(got) != 1 {
		t.Errorf("-force left extra files: %v", got)
	}
}

func TestCLIBatchReportsZawgyi(t *testing.T) {
	uconv := testtool.Need(t, "uconv")
	root := t.TempDir()
	in, out := filepath.Join(root, "in"), filepath.Join(root, "out")
	copyCorpus(t, in, "statement-en.md", "statement-my.md")
	cmd := exec.Command(uconv, "-x", "my-Zawgyi", testtool.Corpus(t, "statement-my.md"))
	zg, err := cmd.Output()
	if err != nil {
		t.Fatalf("uconv: %v", err)
	}
	writeFile(t, filepath.Join(in, "zawgyi.md"), zg)

	code, stdout, stderr := runCLI(t, "batch", "-o", out, in)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "3 written, 0 failed, 1 converted from Zawgyi") {
		t.Errorf("summary:\n%s", stdout)
	}
	re := regexp.MustCompile(`(?m)^converted from Zawgyi:\n  ` + regexp.QuoteMeta(filepath.Join(in, "zawgyi.md")) + ` \(([a-z, ]*body[a-z, ]*)\)$`)
	if !re.MatchString(stdout) {
		t.Errorf("the Zawgyi file is not listed as converted (with its fields):\n%s", stdout)
	}
}

func TestCLIRender(t *testing.T) {
	dir := t.TempDir()
	copyCorpus(t, dir, "statement-my.md")
	src := filepath.Join(dir, "statement-my.md")
	t.Chdir(dir)

	// Default name in the current directory.
	code, _, stderr := runCLI(t, "render", src)
	if code != 0 {
		t.Fatalf("render: exit %d: %s", code, stderr)
	}
	var pdfs []string
	for _, n := range listDir(t, dir) {
		if strings.HasSuffix(n, "-my.pdf") {
			pdfs = append(pdfs, n)
		}
	}
	if len(pdfs) != 1 || !strings.HasPrefix(pdfs[0], "မြန်မာ့တော်လှန်ရေးက") {
		t.Fatalf("default output %v, want one <Myanmar slug>-my.pdf", pdfs)
	}
	// Again: refused without -force, replaced with it.
	if code, _, stderr := runCLI(t, "render", src); code != 1 || !strings.Contains(stderr, "exists (use -force to overwrite)") {
		t.Errorf("second render without -force: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "render", "-force", src); code != 0 {
		t.Errorf("render -force: exit %d: %s", code, stderr)
	}
	// Word to a named file, PDF to stdout.
	if code, _, stderr := runCLI(t, "render", "-format", "docx", "-o", "out.docx", src); code != 0 {
		t.Fatalf("render docx: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "out.docx")); !bytes.HasPrefix(b, []byte("PK\x03\x04")) {
		t.Errorf("out.docx is not a Word package")
	}
	code, stdout, stderr := runCLI(t, "render", "-o", "-", src)
	if code != 0 || !strings.HasPrefix(stdout, "%PDF-") {
		t.Errorf("render -o -: exit %d, stdout %.10q: %s", code, stdout, stderr)
	}
	// Failures name the file and line; usage errors exit 2.
	writeFile(t, filepath.Join(dir, "bad.md"), []byte("---\nlang: en\ntitel: x\n---\nbody\n"))
	code, _, stderr = runCLI(t, "render", "bad.md")
	if code != 1 || !strings.Contains(stderr, `bad.md:3: front matter: unknown key "titel"`) {
		t.Errorf("bad input: exit %d: %s", code, stderr)
	}
	for _, args := range [][]string{{"render"}, {"render", "a.md", "b.md"}, {"render", "-format", "odt", src}, {"batch"}, {"batch", "-formats", "pdf,pdf", src}, {"batch", "-j", "0", src}} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)", args, code)
		}
	}
}
