package render

import (
	"strings"
	"testing"
	"time"
)

func TestLocaleDates(t *testing.T) {
	d := time.Date(2025, 1, 29, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, lang, want string
	}{
		{"english long date", LangEnglish, "January 29, 2025"},
		{"myanmar CLDR long date with Myanmar digits", LangMyanmar, "၂၀၂၅၊ ဇန်နဝါရီ ၂၉"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := localeFor(tc.lang)
			if got := l.date(l, d); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadingMinutes(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want int
	}{
		{"empty is one minute", "", 1},
		{"460 english words are two minutes", strings.Repeat("word ", 460), 2},
		{"461 english words round up to three", strings.Repeat("word ", 461), 3},
		{"900 myanmar syllables are two minutes", strings.Repeat("မြန်", 900), 2},
		{"mixed counts both", strings.Repeat("word ", 230) + strings.Repeat("မြန်", 450), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := readingMinutes(tc.text); got != tc.want {
				t.Errorf("readingMinutes = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestMyanmarDigits(t *testing.T) {
	if got := MyanmarDigits(2025); got != "၂၀၂၅" {
		t.Errorf("MyanmarDigits(2025) = %q", got)
	}
}
