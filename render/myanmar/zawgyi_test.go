package myanmar

import (
	"math/rand/v2"
	"strings"
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

// TestZawgyiToUnicodeRandom compares the converter with uconv on random
// strings of Myanmar code points, spaces, U+200B and Latin letters: the
// rule engine must behave as ICU's on any input, not only on text.
func TestZawgyiToUnicodeRandom(t *testing.T) {
	alphabet := []rune{' ', ' ', 'a', 0x200B, 0x00A0}
	for r := rune(0x1000); r <= 0x109F; r++ {
		alphabet = append(alphabet, r)
	}
	// Zawgyi's frequent code points again, so that rules meet their context.
	alphabet = append(alphabet, []rune("ေျြွှ္်ိီုူံ့းာါကခဂငစတနပမယရလဝသအ၀၄ၤ႔ႏ")...)
	rng := rand.New(rand.NewPCG(11, 29))
	const n = 5000
	texts := make([]string, n)
	for i := range texts {
		rs := make([]rune, 1+rng.IntN(40))
		for j := range rs {
			rs[j] = alphabet[rng.IntN(len(alphabet))]
		}
		texts[i] = string(rs)
	}
	icu := uconv(t, "Zawgyi-my", texts)
	miss := 0
	for i, s := range texts {
		// uconv transforms each line with its line feed.
		if got := strings.TrimSuffix(ZawgyiToUnicode(s+"\n"), "\n"); got != icu[i] {
			miss++
			if miss <= 5 {
				t.Errorf("ZawgyiToUnicode(%U) = %U, uconv %U", []rune(s), []rune(got), []rune(icu[i]))
			}
		}
	}
	t.Logf("%d random strings, %d differ from uconv", n, miss)
}
