package render

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/docexport/docexport/render/testtool"
)

func TestParseStatementFile(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             Statement
		wantLines        FieldLines
	}{
		{
			name:      "markdown with front matter",
			file:      "s.md",
			data:      "---\nlang: en\ntitle: \"A: title\"\ndate: 2025-01-29\nauthor: Council\n---\n\nBody *text*.\n",
			want:      Statement{Lang: "en", Title: "A: title", Date: "2025-01-29", Author: "Council", Body: "\nBody *text*.\n"},
			wantLines: FieldLines{"lang": 2, "title": 3, "date": 4, "author": 5, "body": 7},
		},
		{
			name: "crlf and bom",
			file: "s.md",
			data: "\xEF\xBB\xBF---\r\nlang: my\r\ntitle: ခေါင်းစဉ်\r\n---\r\nကိုယ်\r\n",
			want: Statement{Lang: "my", Title: "ခေါင်းစဉ်", Body: "ကိုယ်\r\n"},
		},
		{
			name: "dots close the front matter, null values are empty",
			file: "s.markdown",
			data: "---\nlang: en\ntitle: T\nauthor:\nkind: ~\n...\nbody",
			want: Statement{Lang: "en", Title: "T", Body: "body"},
		},
		{
			name: "numbers and booleans kept as written",
			file: "s.md",
			data: "---\nlang: en\ntitle: 1984\nkind: yes\nzawgyi: keep\nfont: pyidaungsu\nurl: https://example.org/a?b=c\n---\nb",
			want: Statement{Lang: "en", Title: "1984", Kind: "yes", Zawgyi: "keep", Font: "pyidaungsu", URL: "https://example.org/a?b=c", Body: "b"},
		},
		{
			name: "empty front matter",
			file: "s.md",
			data: "---\n---\nonly body",
			want: Statement{Body: "only body"},
		},
		{
			name:      "json by extension",
			file:      "s.json",
			data:      "{\n \"lang\": \"en\",\n \"title\": \"T\",\n \"body\": \"B\"\n}\n",
			want:      Statement{Lang: "en", Title: "T", Body: "B"},
			wantLines: FieldLines{"lang": 2, "title": 3, "body": 4},
		},
		{
			name: "json by content",
			file: "statement.txt",
			data: "  {\"lang\":\"my\",\"title\":\"T\",\"body\":\"B\"}",
			want: Statement{Lang: "my", Title: "T", Body: "B"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, lines, err := ParseStatementFileLines(tc.file, []byte(tc.data))
			if err != nil {
				t.Fatalf("ParseStatementFile: %v", err)
			}
			if got != tc.want {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
			for k, want := range tc.wantLines {
				if lines[k] != want {
					t.Errorf("line of %s = %d, want %d (all: %v)", k, lines[k], want, lines)
				}
			}
		})
	}
}

func TestParseStatementFileErrors(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             string // the whole error message
	}{
		{"yaml syntax error", "statement.md", "---\nlang: en\ntitle: a: b\n---\nbody",
			"statement.md:3: front matter: mapping values are not allowed in this context"},
		{"yaml unclosed flow", "statement.md", "---\nlang: en\ntitle: [unclosed\n---\nbody",
			"statement.md:2: front matter: "},
		{"unknown key", "statement.md", "---\nlang: en\ntitel: T\n---\nbody",
			`statement.md:3: front matter: unknown key "titel": the keys are author, date, font, kind, lang, title, url, zawgyi`},
		{"body key", "a.md", "---\nbody: x\n---\n", `a.md:2: front matter: "body" is not a key: write the body after the closing "---"`},
		{"duplicate key", "a.md", "---\nlang: en\nlang: my\n---\n", "a.md:3: front matter: lang is given twice (first on line 2)"},
		{"list value", "a.md", "---\nlang: en\nauthor:\n  - a\n  - b\n---\n", "a.md:4: front matter: author must be a single value, not a list or mapping"},
		{"not a mapping", "a.md", "---\n- a\n---\n", `a.md:2: front matter: expected "key: value" lines`},
		{"missing closing", "a.md", "---\nlang: en\ntitle: T\n\nbody", `a.md:1: front matter: no closing "---" line`},
		{"missing front matter", "a.md", "# Title\n\nbody", `a.md:1: front matter: missing: the file must start with a "---" line, then lang, title and the other fields, then "---"`},
		{"invalid utf8", "a.md", "---\nlang: en\ntitle: \xff\n---\n", "a.md:3: not valid UTF-8 (byte 20): save the file as UTF-8"},
		{"json syntax", "a.json", "{\n\"lang\": \"en\",\n\"title\": }", "a.json:3: JSON: invalid character '}' looking for beginning of value"},
		{"json unknown field", "a.json", "{\n\"lang\": \"en\",\n\"titel\": \"x\"}", `a.json:3: JSON: unknown field "titel": the fields are lang, title, kind, date, author, url, body, font, zawgyi`},
		{"json wrong type", "a.json", "{\"lang\": \"en\",\n\"title\": 5}", "a.json:2: JSON: title must be a string, not number"},
		{"json truncated", "a.json", "{\"lang\": \"en\",\n", "a.json:2: JSON: the object is truncated"},
		{"json trailing data", "a.json", "{\"lang\": \"en\"}\n{}", "a.json:2: JSON: unexpected data after the statement object"},
		{"json not an object", "a.json", "[1]", "a.json:1: JSON: expected a statement object starting with {"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseStatementFile(tc.file, []byte(tc.data))
			if err == nil {
				t.Fatalf("no error, want %q", tc.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T is not an *InputError: %v", err, err)
			}
			if got := err.Error(); got != tc.want && !(strings.HasSuffix(tc.want, ": ") && strings.HasPrefix(got, tc.want)) {
				t.Errorf("error\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestParseStatementFileCorpus checks that the Markdown and JSON samples
// give the same statement.
func TestParseStatementFileCorpus(t *testing.T) {
	for _, lang := range []string{"en", "my"} {
		t.Run(lang, func(t *testing.T) {
			md, err := ParseStatementFile("statement-"+lang+".md", testtool.ReadCorpus(t, "statement-"+lang+".md"))
			if err != nil {
				t.Fatal(err)
			}
			js, err := ParseStatementFile("statement-"+lang+".json", testtool.ReadCorpus(t, "statement-"+lang+".json"))
			if err != nil {
				t.Fatal(err)
			}
			if md.Date != "2025-01-29" {
				t.Errorf("date = %q, want 2025-01-29", md.Date)
			}
			md, js = md.Normalize(), js.Normalize()
			md.Body, js.Body = strings.TrimSpace(md.Body), strings.TrimSpace(js.Body)
			if md != js {
				a, _ := json.MarshalIndent(md, "", " ")
				b, _ := json.MarshalIndent(js, "", " ")
				t.Errorf("Markdown and JSON samples differ:\n%.600s\n---\n%.600s", a, b)
			}
			if err := md.Validate(); err != nil {
				t.Errorf("sample does not validate: %v", err)
			}
		})
	}
}

func FuzzParseStatementFile(f *testing.F) {
	f.Add("s.md", []byte("---\nlang: en\ntitle: T\n---\nbody"))
	f.Add("s.md", []byte("---\nlang: [\n---\n"))
	f.Add("s.md", []byte("---\na: &x [*x]\n---\n"))
	f.Add("s.json", []byte(`{"lang":"en","title":"T","body":"B"}`))
	f.Add("s.json", []byte(`{"lang":5}`))
	f.Add("x", []byte("\xEF\xBB\xBF---\r\n...\r\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if strings.ContainsAny(name, "\n:") || name == "" {
			return
		}
		st, lines, err := ParseStatementFileLines(name, data)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T is not an *InputError: %v", err, err)
			}
			if !strings.HasPrefix(err.Error(), name+":") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		n := strings.Count(string(data), "\n") + 1
		for k, l := range lines {
			if l < 1 || l > n {
				t.Fatalf("line %d of %s outside the file's %d lines", l, k, n)
			}
		}
		_ = st
	})
}
