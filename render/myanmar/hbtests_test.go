package myanmar

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// parseHarfBuzzTests reads a HarfBuzz .tests file (font;options;U+XXXX,...;
// expected) and returns its texts.
func parseHarfBuzzTests(t testing.TB, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Split(line, ";")
		if len(f) < 3 || strings.HasPrefix(line, "#") {
			continue
		}
		var rs []rune
		for _, u := range strings.Split(f[2], ",") {
			v, err := strconv.ParseUint(strings.TrimPrefix(u, "U+"), 16, 32)
			if err != nil {
				t.Fatalf("%s: %q: %v", path, u, err)
			}
			rs = append(rs, rune(v))
		}
		out = append(out, string(rs))
	}
	return out
}
