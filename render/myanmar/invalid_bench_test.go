package myanmar

import (
	"strings"
	"testing"
)

// BenchmarkInvalidClustersVersus runs the syllable machine and the regexp
// reference on the Myanmar sample (clean Unicode) and on the sample
// converted to Zawgyi (read as Unicode: broken clusters everywhere), as
// one string and paragraph by paragraph. BenchmarkInvalidClusters (in
// repair_test.go) is the sample as one string.
func BenchmarkInvalidClustersVersus(b *testing.B) {
	paragraphs, _, _ := samplePieces(b)
	zawgyi := uconv(b, "my-Zawgyi", paragraphs)
	for _, impl := range []struct {
		name string
		f    func(string) []int
	}{{"machine", InvalidClusters}, {"regexp", refInvalidClusters}} {
		for _, in := range []struct {
			name  string
			texts []string
		}{
			{"sample", []string{strings.Join(paragraphs, " ")}},
			{"sample-paragraphs", paragraphs},
			{"zawgyi", []string{strings.Join(zawgyi, " ")}},
		} {
			b.Run(impl.name+"/"+in.name, func(b *testing.B) {
				n := 0
				for _, s := range in.texts {
					n += len(s)
				}
				b.SetBytes(int64(n))
				b.ReportAllocs()
				for b.Loop() {
					for _, s := range in.texts {
						impl.f(s)
					}
				}
			})
		}
	}
}
