package myanmar

import (
	"testing"
)

func TestZawgyiToUnicodeSample(t *testing.T) {
	paragraphs, sentences, words := samplePieces(t)
	for _, set := range []struct {
		name  string
		texts []string
	}{{"paragraphs", paragraphs}, {"sentences", sentences}, {"words", words}} {
		t.Run(set.name, func(t *testing.T) {
			zaw := uconv(t, "my-Zawgyi", set.texts)
			icu := uconv(t, "Zawgyi-my", zaw)
			icuMiss, oracleMiss := 0, 0
			for i, z := range zaw {
				got := ZawgyiToUnicode(z)
				if got != icu[i] {
					oracleMiss++
					if oracleMiss <= 5 {
						t.Errorf("ZawgyiToUnicode(%q) differs from uconv %s", z, diff(got, icu[i]))
					}
				}
				if icu[i] != set.texts[i] {
					icuMiss++
					if icuMiss <= 3 {
						t.Logf("uconv does not round-trip %q: %s", set.texts[i], diff(icu[i], set.texts[i]))
					}
				}
			}
			t.Logf("%s: %d texts, %d differ from uconv, %d where uconv itself does not round-trip", set.name, len(zaw), oracleMiss, icuMiss)
		})
	}
}
