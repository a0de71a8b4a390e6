package pdf_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/docexport/docexport/render/testtool"
)

// TestREADMEImages regenerates the pictures of page 1 that the README shows
// (testdata/readme/page1-*.png) when DOCEXPORT_README_IMAGES=1:
//
//	DOCEXPORT_README_IMAGES=1 go test -run TestREADMEImages ./render/pdf/
func TestREADMEImages(t *testing.T) {
	if os.Getenv("DOCEXPORT_README_IMAGES") != "1" {
		t.Skip("set DOCEXPORT_README_IMAGES=1 to regenerate the README's pictures")
	}
	pdftoppm := testtool.Need(t, "pdftoppm")
	r := newRenderer(t)
	dir := filepath.Join(testtool.RepoRoot(t), "testdata", "readme")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "my"} {
		path := writeTemp(t, renderPDF(t, r, sample(t, "statement-"+lang+".json")))
		out := filepath.Join(dir, "page1-"+lang)
		if b, err := exec.Command(pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", path, out).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, b)
		}
	}
}
