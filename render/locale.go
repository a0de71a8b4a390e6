package render

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/docexport/docexport/render/doc"
	mym "github.com/docexport/docexport/render/myanmar"
)

// locale holds the page furniture of one document language.
type locale struct {
	lang        string
	defaultKind string
	digits      func(int) string
	months      [12]string
	// date formats a date the CLDR long way.
	date func(l locale, t time.Time) string
	// readingTime formats the reading time in minutes.
	readingTime func(l locale, minutes int) string
	pageLabel   []doc.FooterPart
	// listMarker returns the marker of an ordered list item.
	bullet string
}

var englishLocale = locale{
	lang:        LangEnglish,
	defaultKind: "Statement",
	digits:      strconv.Itoa,
	months: [12]string{"January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December"},
	date: func(l locale, t time.Time) string {
		return l.months[t.Month()-1] + " " + strconv.Itoa(t.Day()) + ", " + strconv.Itoa(t.Year())
	},
	readingTime: func(l locale, m int) string { return strconv.Itoa(m) + " min read" },
	pageLabel:   []doc.FooterPart{{Text: "Page "}, {Field: doc.PageField}, {Text: " of "}, {Field: doc.PagesField}},
	bullet:      "•",
}

var myanmarLocale = locale{
	lang:        LangMyanmar,
	defaultKind: "ထုတ်ပြန်ချက်",
	digits:      MyanmarDigits,
	// CLDR "my" wide month names.
	months: [12]string{"ဇန်နဝါရီ", "ဖေဖော်ဝါရီ", "မတ်", "ဧပြီ", "မေ", "ဇွန်", "ဇူလိုင်",
		"ဩဂုတ်", "စက်တင်ဘာ", "အောက်တိုဘာ", "နိုဝင်ဘာ", "ဒီဇင်ဘာ"},
	// CLDR "my" long date pattern: y၊ MMMM d.
	date: func(l locale, t time.Time) string {
		return l.digits(t.Year()) + "၊ " + l.months[t.Month()-1] + " " + l.digits(t.Day())
	},
	// "ဖတ်ရှုချိန် ၄ မိနစ်": reading time, 4 minutes.
	readingTime: func(l locale, m int) string {
		return "ဖတ်ရှုချိန် " + l.digits(m) + " မိနစ်"
	},
	// "စာမျက်နှာ ၁ / ၅": page 1 of 5.
	pageLabel: []doc.FooterPart{{Text: "စာမျက်နှာ "}, {Field: doc.PageField}, {Text: " / "}, {Field: doc.PagesField}},
	bullet:    "•",
}

func localeFor(lang string) locale {
	if lang == LangMyanmar {
		return myanmarLocale
	}
	return englishLocale
}

// MyanmarDigits writes n with Myanmar digits (U+1040–U+1049).
func MyanmarDigits(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r - '0' + 0x1040)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Reading speeds used for the reading-time estimate: words per minute for
// Latin text, syllables per minute for Myanmar (which has no word spaces).
const (
	latinWordsPerMinute       = 230
	myanmarSyllablesPerMinute = 450
)

// readingMinutes estimates the reading time of plain text, at least 1:
// Latin words at latinWordsPerMinute, Myanmar syllables at
// myanmarSyllablesPerMinute.
func readingMinutes(text string) int {
	words := len(strings.FieldsFunc(text, func(r rune) bool {
		return isMyanmarRune(r) || (!unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’' && r != '-')
	}))
	syllables := mym.CountSyllables(text)
	minutes := math.Ceil(float64(words)/latinWordsPerMinute + float64(syllables)/myanmarSyllablesPerMinute)
	return max(int(minutes), 1)
}

func isMyanmarRune(r rune) bool {
	return (r >= 0x1000 && r <= 0x109F) || (r >= 0xA9E0 && r <= 0xA9FF) || (r >= 0xAA60 && r <= 0xAA7F)
}
