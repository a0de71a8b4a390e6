package myanmar

import (
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Encoding
	}{
		{"empty", "", None},
		{"latin", "Hello, world", None},
		{"unicode word", "မြန်မာ", Unicode},
		{"zawgyi word", "ျမန္မာ", Zawgyi},
		{"unicode school", "ကျောင်း", Unicode},
		{"zawgyi school", "ေက်ာင္း", Zawgyi},
		{"same in both", "ကို", Unicode},
		{"unicode kinzi", "သင်္ချိုင်း", Unicode},
		{"zawgyi kinzi", "သခ်ႋဳင္း", Zawgyi},
		{"unicode with latin", "SAC-M က ပြောကြားသည်။", Unicode},
		{"zawgyi with latin", "SAC-M က ေျပာၾကားသည္။", Zawgyi},
		{"digits", "၂၀၂၅", Unicode},
		{"lone e vowel", "ေ", Unicode},
		{"lone asat", "်", Unsure},
		{"e vowel between latin", "aေb", Unicode},
		{"one consonant", "က", Unicode},
		{"zawgyi ya pin", "က်", Unsure},
		{"zawgyi e then consonant", "ေက", Zawgyi},
		{"zawgyi stacked", "ကမၻာ", Zawgyi},
		{"unicode stacked alone", "ကမ္ဘာ", Unsure},
		{"zawgyi dot below", "တို႔", Zawgyi},
		{"unicode dot below", "တို့", Unicode},
		{"shan unicode", "ၵႃႈ", Unsure},
		{"zawgyi short na", "ႏိုင္", Zawgyi},
		{"mixed evidence", "မြန်မာ ျမန္မာ", Unsure},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect(tc.in); got.Encoding != tc.want {
				t.Errorf("Detect(%q) = %v (score %.2f), want %v", tc.in, got.Encoding, got.Score, tc.want)
			}
		})
	}
}

// TestDetectSample measures detection on the paragraphs, sentences and
// words of the sample, in Unicode and in Zawgyi (made by uconv).
func TestDetectSample(t *testing.T) {
	paragraphs, sentences, words := samplePieces(t)
	for _, set := range []struct {
		name  string
		texts []string
		// zawgyiAll requires every Zawgyi text to be detected.
		zawgyiAll bool
	}{{"paragraphs", paragraphs, true}, {"sentences", sentences, true}, {"words", words, false}} {
		t.Run(set.name, func(t *testing.T) {
			zaw := uconv(t, "my-Zawgyi", set.texts)
			var uc, zc [4]int
			same := 0
			for i, s := range set.texts {
				v := Detect(s)
				uc[v.Encoding]++
				if v.Encoding == Zawgyi {
					t.Errorf("Unicode %q detected as Zawgyi (score %.2f)", s, v.Score)
				}
				if zaw[i] == s {
					// Reads the same in both encodings.
					same++
					continue
				}
				w := Detect(zaw[i])
				zc[w.Encoding]++
				if w.Encoding == Zawgyi {
					if c := Detect(ZawgyiToUnicode(zaw[i])); c.Encoding == Zawgyi {
						t.Errorf("converted %q still detected Zawgyi (%.2f)", zaw[i], c.Score)
					}
				}
				if set.zawgyiAll && w.Encoding != Zawgyi {
					t.Errorf("Zawgyi %q detected as %v (score %.2f)", zaw[i], w.Encoding, w.Score)
				}
			}
			t.Logf("%s: Unicode texts %d: unicode %d, unsure %d, zawgyi %d, none %d",
				set.name, len(set.texts), uc[Unicode], uc[Unsure], uc[Zawgyi], uc[None])
			t.Logf("%s: Zawgyi texts %d (%d identical to their Unicode, not counted): zawgyi %d, unsure %d, unicode %d, none %d",
				set.name, len(zaw)-same, same, zc[Zawgyi], zc[Unsure], zc[Unicode], zc[None])
		})
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"", "ျမန္မာ", "မြန်မာ", "ေ", "\u1039", "a\u1031b", "၀၄င်း"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := Detect(s)
		if v.Score < 0 || v.Score > 1 || v.Encoding < None || v.Encoding > Unsure {
			t.Fatalf("Detect(%q) = %+v", s, v)
		}
		if !strings.ContainsFunc(s, isMyanmar) && v.Encoding != None {
			t.Fatalf("Detect(%q) = %v without Myanmar text", s, v.Encoding)
		}
		// (That converted Zawgyi is no longer detected as Zawgyi holds
		// for real text, asserted in TestDetectSample, not for arbitrary
		// code point soup: converting invalid stacks gives invalid stacks.)
	})
}

func BenchmarkDetect(b *testing.B) {
	paragraphs, _, _ := samplePieces(b)
	s := strings.Join(paragraphs, "\n")
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Detect(s)
	}
}
