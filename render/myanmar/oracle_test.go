package myanmar

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/docexport/docexport/render/testtool"
)

// uconv runs ICU's uconv with transform id over lines (one text per line;
// uconv transforms line by line) and returns the output lines.
func uconv(t testing.TB, id string, lines []string) []string {
	t.Helper()
	path := testtool.Need(t, "uconv")
	for _, l := range lines {
		if strings.Contains(l, "\n") {
			t.Fatalf("uconv input holds a line feed: %q", l)
		}
	}
	cmd := exec.Command(path, "-x", id)
	cmd.Stdin = strings.NewReader(strings.Join(lines, "\n") + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("uconv -x %s: %v", id, err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(got) != len(lines) {
		t.Fatalf("uconv -x %s: %d lines in, %d out", id, len(lines), len(got))
	}
	return got
}

// diff describes the first difference between two strings, in code points.
func diff(a, b string) string {
	ra, rb := []rune(a), []rune(b)
	i := 0
	for i < len(ra) && i < len(rb) && ra[i] == rb[i] {
		i++
	}
	lo := max(0, i-3)
	return fmt.Sprintf("at %d: %U vs %U", i, ra[lo:min(len(ra), i+4)], rb[lo:min(len(rb), i+4)])
}
