package handlers

import (
	"strings"
	"testing"

	"github.com/docexport/docexport/render"
)

func TestParseUpload(t *testing.T) {
	for _, c := range []struct {
		name  string
		src   string
		want  render.Statement
		field string
	}{
		{"front matter", "---\nlang: my\ntitle: \"T: x\"\ndate: 2025-01-29\n---\n\nBody\n",
			render.Statement{Lang: "my", Title: "T: x", Date: "2025-01-29", Body: "\nBody\n"}, ""},
		{"no front matter is all body", "# Heading\n\ntext", render.Statement{Body: "# Heading\n\ntext"}, ""},
		{"JSON statement", `{"lang":"en","title":"t","body":"b"}`, render.Statement{Lang: "en", Title: "t", Body: "b"}, ""},
		{"unclosed front matter", "---\nlang: en\n", render.Statement{}, "file"},
		{"unknown key", "---\ncolour: red\n---\nx", render.Statement{}, "file"},
		{"body key refused", "---\nbody: x\n---\nx", render.Statement{}, "file"},
		{"list value", "---\ntitle: [a, b]\n---\nx", render.Statement{}, "file"},
		{"bad YAML", "---\ntitle: [\n---\nx", render.Statement{}, "file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			name := "s.md"
			if strings.HasPrefix(c.src, "{") {
				name = "s.json"
			}
			got, err := parseUpload(name, []byte(c.src))
			if c.field != "" {
				e, ok := err.(*render.Error)
				if !ok || e.Code != render.CodeInvalidField || e.Field != c.field || !strings.Contains(e.Message, "s.md:") {
					t.Fatalf("err %v, want invalid_field %s naming the file", err, c.field)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("got %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
}

// FuzzDecodeJSON: any body decodes to a statement or a client error with
// one of the known codes, never a panic or an internal error.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{`{"lang":"en","title":"t","body":"b"}`, `{"title":5}`, `{"x":1}`, "{\"title\":\"\xff\"}", `[]`, `null`, `{} {}`, `{"title":"\ud800"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := decodeJSON(body)
		if err == nil {
			return
		}
		switch e := asError(err); e.Code {
		case CodeInvalidJSON, render.CodeInvalidField:
			if e.Message == "" {
				t.Fatalf("empty message for %q", body)
			}
		default:
			t.Fatalf("code %s for %q", e.Code, body)
		}
	})
}

func FuzzParseUpload(f *testing.F) {
	for _, s := range []string{"---\nlang: en\n---\nx", "---\n---\n", "---\n: :\n---", "---\r\n...\r\n", "x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if _, err := parseUpload("f.md", src); err != nil && render.ErrorCode(err) != render.CodeInvalidField {
			t.Fatalf("code %s for %q", render.ErrorCode(err), src)
		}
	})
}
