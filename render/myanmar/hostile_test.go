package myanmar

import (
	"strings"
	"testing"
	"time"
)

// TestHostileRunsLinear: long runs of one character (a hostile body) take
// linear time in every function; the rule engine once took seconds on
// 16,000 spaces.
func TestHostileRunsLinear(t *testing.T) {
	const n = 50000
	const limit = 3 * time.Second // quadratic behaviour takes far longer
	for _, unit := range []string{"ေ", " ", "ိ", "ြ", "\u200b", "ေက", "ကိ", "်", "\u1039", "၀", "a"} {
		s := strings.Repeat(unit, n) + "က"
		rs := []rune(s)
		for _, f := range []struct {
			name string
			run  func()
		}{
			{"ZawgyiToUnicode", func() { ZawgyiToUnicode(s) }},
			{"Detect", func() { Detect(s) }},
			{"Repair", func() { Repair(s) }},
			{"InvalidClusters", func() { InvalidClusters(s) }},
			{"LineBreaks", func() { LineBreaks(rs) }},
		} {
			start := time.Now()
			f.run()
			if d := time.Since(start); d > limit {
				t.Errorf("%s on %d × %q took %v", f.name, n, unit, d)
			}
		}
	}
}
