package render

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/docexport/docexport/fonts"
)

// Statement is the request model: a press statement as the API receives it.
// Field names are fixed by the public API.
type Statement struct {
	// Lang is "en" or "my" (required).
	Lang string `json:"lang"`
	// Title is the headline (required, one line).
	Title string `json:"title"`
	// Kind is the label above the title; defaults per language.
	Kind string `json:"kind,omitempty"`
	// Date is YYYY-MM-DD, optional.
	Date string `json:"date,omitempty"`
	// Author is the issuing body, optional.
	Author string `json:"author,omitempty"`
	// URL is the canonical link of the statement (http or https), optional.
	URL string `json:"url,omitempty"`
	// Body is CommonMark Markdown (required).
	Body string `json:"body"`
	// Font selects the Myanmar family: "noto" (default) or "pyidaungsu".
	Font string `json:"font,omitempty"`
	// Zawgyi is the policy for Zawgyi-encoded text: "convert" (default),
	// "reject" or "keep".
	Zawgyi string `json:"zawgyi,omitempty"`
}

// Languages accepted in Statement.Lang.
const (
	LangEnglish = "en"
	LangMyanmar = "my"
)

// Zawgyi policies accepted in Statement.Zawgyi.
const (
	ZawgyiConvert = "convert"
	ZawgyiReject  = "reject"
	ZawgyiKeep    = "keep"
)

// Limits on single fields (the body is bounded by the transport's size limit).
const (
	MaxTitleRunes  = 500
	MaxKindRunes   = 100
	MaxAuthorRunes = 300
	MaxURLBytes    = 2048
)

// Normalize returns the statement with line endings unified (CRLF and CR
// become LF, as HTML forms send CRLF) and surrounding whitespace trimmed
// from the one-line fields. It never removes content.
func (s Statement) Normalize() Statement {
	nl := strings.NewReplacer("\r\n", "\n", "\r", "\n")
	s.Lang = strings.TrimSpace(s.Lang)
	s.Title = strings.TrimSpace(nl.Replace(s.Title))
	s.Kind = strings.TrimSpace(nl.Replace(s.Kind))
	s.Date = strings.TrimSpace(s.Date)
	s.Author = strings.TrimSpace(nl.Replace(s.Author))
	s.URL = strings.TrimSpace(s.URL)
	s.Body = nl.Replace(s.Body)
	s.Font = strings.TrimSpace(s.Font)
	s.Zawgyi = strings.TrimSpace(s.Zawgyi)
	return s
}

// Validate checks every field and returns an *Error naming the first bad
// field, or nil. Call it on a normalized statement.
func (s Statement) Validate() error {
	switch s.Lang {
	case LangEnglish, LangMyanmar:
	case "":
		return fieldError("lang", "lang is required: \"en\" or \"my\"")
	default:
		return fieldError("lang", "unknown lang %q: use \"en\" or \"my\"", clip(s.Lang))
	}
	for _, f := range []struct {
		name, value string
		max         int
		required    bool
		multiline   bool
	}{
		{"title", s.Title, MaxTitleRunes, true, false},
		{"kind", s.Kind, MaxKindRunes, false, false},
		{"author", s.Author, MaxAuthorRunes, false, false},
		{"body", s.Body, 0, true, true},
	} {
		if err := checkText(f.name, f.value, f.max, f.required, f.multiline); err != nil {
			return err
		}
	}
	if _, err := s.ParsedDate(); err != nil {
		return err
	}
	if err := checkURL(s.URL); err != nil {
		return err
	}
	if _, ok := fonts.MyanmarSet(s.Font); !ok {
		return fieldError("font", "unknown font %q: use one of %s", clip(s.Font), strings.Join(fonts.MyanmarFamilies(), ", "))
	}
	switch s.Zawgyi {
	case "", ZawgyiConvert, ZawgyiReject, ZawgyiKeep:
	default:
		return fieldError("zawgyi", "unknown zawgyi policy %q: use convert, reject or keep", clip(s.Zawgyi))
	}
	return nil
}

// ParsedDate returns the statement's date; the zero time when none is given.
func (s Statement) ParsedDate() (time.Time, error) {
	if s.Date == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s.Date)
	if err != nil || t.Year() < 1000 {
		return time.Time{}, fieldError("date", "date %q is not a valid YYYY-MM-DD date", clip(s.Date))
	}
	return t, nil
}

func checkText(field, v string, max int, required, multiline bool) error {
	if !utf8.ValidString(v) {
		return fieldError(field, "%s is not valid UTF-8", field)
	}
	if required && strings.TrimSpace(v) == "" {
		return fieldError(field, "%s is required and must not be empty", field)
	}
	if max > 0 && utf8.RuneCountInString(v) > max {
		return fieldError(field, "%s is longer than %d characters", field, max)
	}
	line, col := 1, 0
	for _, r := range v {
		col++
		switch {
		case r == '\n':
			if !multiline {
				return fieldError(field, "%s must be a single line", field)
			}
			line, col = line+1, 0
		case r == '\t':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return fieldError(field, "%s has control character U+%04X at line %d, column %d", field, r, line, col)
		case r == 0xfffe || r == 0xffff || (r >= 0xfdd0 && r <= 0xfdef):
			return fieldError(field, "%s has non-character U+%04X at line %d, column %d", field, r, line, col)
		}
	}
	return nil
}

func checkURL(v string) error {
	if v == "" {
		return nil
	}
	if len(v) > MaxURLBytes {
		return fieldError("url", "url is longer than %d bytes", MaxURLBytes)
	}
	if err := checkText("url", v, 0, false, false); err != nil {
		return err
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fieldError("url", "url must be an absolute http or https link")
	}
	return nil
}

// clip shortens a user value quoted in an error message.
func clip(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return fmt.Sprintf("%s…", string(r[:max]))
}
