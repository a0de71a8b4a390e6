// Package testtool is test support shared by docexport's packages: it finds
// the external programs tests use as oracles (pdftotext, qpdf, hb-shape,
// uconv, soffice, chromium, prometheus) and the sample corpus.
//
// A missing tool skips the test with a message on a developer machine, but
// fails it when DOCEXPORT_REQUIRE_TOOLS=1 (set by .ci/run), so CI can never
// pass by skipping.
package testtool

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// RequireEnv is the environment variable that turns a missing tool into a failure.
const RequireEnv = "DOCEXPORT_REQUIRE_TOOLS"

// Required reports whether missing tools must fail tests.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// Need returns the path of the named program, or skips (locally) or fails
// (under CI) the test when it is not installed.
func Need(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if Required() {
		t.Fatalf("%s not found on PATH and %s=1: install it (see .ci/run)", name, RequireEnv)
	}
	t.Skipf("%s not installed; skipping (set %s=1 to make this a failure)", name, RequireEnv)
	return ""
}

// RepoRoot returns the repository root (the directory holding go.mod).
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("testtool: cannot locate source")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Corpus returns the path of a file in the shared sample corpus
// (../shared/corpus beside the repository, or $DOCEXPORT_CORPUS), failing
// the test when it is absent: the samples are part of the test suite.
func Corpus(t testing.TB, name string) string {
	t.Helper()
	dir := os.Getenv("DOCEXPORT_CORPUS")
	if dir == "" {
		dir = filepath.Join(RepoRoot(t), "..", "shared", "corpus")
	}
	p := filepath.Join(dir, name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("sample corpus file missing: %v (set DOCEXPORT_CORPUS)", err)
	}
	return p
}

// ReadCorpus returns the bytes of a corpus file.
func ReadCorpus(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(Corpus(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// HarfBuzzTestsModule is the module that ships HarfBuzz's own shaping
// tests (and Noto Sans Myanmar) for go-text; tests read its Myanmar cases.
const HarfBuzzTestsModule = "github.com/go-text/typesetting-utils@v0.0.0-20260419141703-4ffe8874dabc"

// HarfBuzzTestsDir returns the directory of HarfBuzz's in-house test files
// (harfbuzz_reference/in-house/tests) from HarfBuzzTestsModule, downloading
// the module through the Go module proxy when the cache lacks it. It fails
// the test when the module cannot be had: its cases are part of the suite.
func HarfBuzzTestsDir(t testing.TB) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to fetch %s: %v", HarfBuzzTestsModule, err)
	}
	cmd := exec.Command(goTool, "mod", "download", "-json", HarfBuzzTestsModule)
	cmd.Dir = RepoRoot(t)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go mod download %s: %v", HarfBuzzTestsModule, err)
	}
	var m struct{ Dir string }
	if err := json.Unmarshal(out, &m); err != nil || m.Dir == "" {
		t.Fatalf("go mod download %s: no directory in %s", HarfBuzzTestsModule, out)
	}
	dir := filepath.Join(m.Dir, "harfbuzz", "harfbuzz_reference", "in-house", "tests")
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("HarfBuzz tests missing from %s: %v", HarfBuzzTestsModule, err)
	}
	return dir
}
