package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// InputError is a problem in a statement file, located by file name and
// line (1-based; 0 when no line applies). Its message reads like a
// compiler's: "statement.md:3: front matter: unknown key \"titel\"".
type InputError struct {
	File string
	Line int
	Msg  string
	// Err is the underlying parser error, if any.
	Err error
}

// Error implements error.
func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// Unwrap returns the underlying parser error.
func (e *InputError) Unwrap() error { return e.Err }

// FieldLines maps a statement field ("title", "body", ...) to the line of
// the file where it is given.
type FieldLines map[string]int

// frontMatterKeys are the statement fields a front matter may set (the
// body is the text after it).
var frontMatterKeys = map[string]func(*Statement) *string{
	"lang":   func(s *Statement) *string { return &s.Lang },
	"title":  func(s *Statement) *string { return &s.Title },
	"kind":   func(s *Statement) *string { return &s.Kind },
	"date":   func(s *Statement) *string { return &s.Date },
	"author": func(s *Statement) *string { return &s.Author },
	"url":    func(s *Statement) *string { return &s.URL },
	"font":   func(s *Statement) *string { return &s.Font },
	"zawgyi": func(s *Statement) *string { return &s.Zawgyi },
}

func frontMatterKeyList() string {
	keys := make([]string, 0, len(frontMatterKeys))
	for k := range frontMatterKeys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ", ")
}

// ParseStatementFile reads a statement from a file's contents: Markdown
// with a YAML front matter block (a first line "---", "key: value" lines
// for lang, title, kind, date, author, url, font and zawgyi, a closing
// "---" line, then the body), or a JSON statement object. A name ending in
// .json, or contents starting with "{", select JSON. Errors are
// *InputError values naming the file and the line. Values are kept as
// written: a YAML date 2025-01-29 gives "2025-01-29".
func ParseStatementFile(name string, data []byte) (Statement, error) {
	st, _, err := ParseStatementFileLines(name, data)
	return st, err
}

// ParseStatementFileLines is ParseStatementFile that also reports on which
// line each field was given, so later errors about a field can point there.
func ParseStatementFileLines(name string, data []byte) (st Statement, lines FieldLines, err error) {
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		off := invalidUTF8Offset(data)
		return Statement{}, nil, &InputError{File: name, Line: lineAt(data, off), Msg: fmt.Sprintf("not valid UTF-8 (byte %d): save the file as UTF-8", off)}
	}
	if isJSONInput(name, data) {
		return parseJSONStatement(name, data)
	}
	return parseMarkdownStatement(name, data)
}

func isJSONInput(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return true
	case ".md", ".markdown":
		return false
	}
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// parseMarkdownStatement reads front matter and body.
func parseMarkdownStatement(name string, data []byte) (st Statement, lines FieldLines, err error) {
	first, rest, _ := cutLine(data)
	if strings.TrimRight(string(first), " \t") != "---" {
		return Statement{}, nil, &InputError{File: name, Line: 1,
			Msg: `front matter: missing: the file must start with a "---" line, then lang, title and the other fields, then "---"`}
	}
	start := len(data) - len(rest)
	front, body, closed := []byte(nil), []byte(nil), false
	for pos := start; pos < len(data); {
		line, next, _ := cutLine(data[pos:])
		if t := strings.TrimRight(string(line), " \t"); t == "---" || t == "..." {
			front, body, closed = data[start:pos], next, true
			break
		}
		pos = len(data) - len(next)
	}
	if !closed {
		return Statement{}, nil, &InputError{File: name, Line: 1, Msg: `front matter: no closing "---" line`}
	}
	const frontLine = 2 // the front matter's first line in the file
	lines = FieldLines{"body": lineAt(data, len(data)-len(body))}
	if err := decodeFrontMatter(name, front, frontLine, &st, lines); err != nil {
		return Statement{}, nil, err
	}
	st.Body = string(body)
	return st, lines, nil
}

// yamlLine finds "line N" in yaml.v3's error messages.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// decodeFrontMatter fills st from the YAML front matter, which starts on
// file line base.
func decodeFrontMatter(name string, front []byte, base int, st *Statement, lines FieldLines) (err error) {
	defer func() {
		// yaml.v3 is not known to panic on input, but a parser bug must
		// not take the caller down.
		if p := recover(); p != nil {
			err = &InputError{File: name, Line: base, Msg: fmt.Sprintf("front matter: cannot be parsed (%v)", p)}
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		msg := err.Error()
		line := base
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line = base + n - 1
			msg = msg[len(m[0]):]
		}
		return &InputError{File: name, Line: line, Msg: "front matter: " + strings.TrimPrefix(msg, "yaml: "), Err: err}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil // empty front matter
	}
	m := doc.Content[0]
	at := func(n *yaml.Node) int { return base + n.Line - 1 }
	if m.Kind != yaml.MappingNode {
		return &InputError{File: name, Line: at(m), Msg: `front matter: expected "key: value" lines`}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		key := k.Value
		if k.Kind != yaml.ScalarNode {
			return &InputError{File: name, Line: at(k), Msg: "front matter: keys must be plain names"}
		}
		field, ok := frontMatterKeys[key]
		switch {
		case key == "body":
			return &InputError{File: name, Line: at(k), Msg: `front matter: "body" is not a key: write the body after the closing "---"`}
		case !ok:
			return &InputError{File: name, Line: at(k), Msg: fmt.Sprintf("front matter: unknown key %q: the keys are %s", clip(key), frontMatterKeyList())}
		}
		if prev, dup := lines[key]; dup {
			return &InputError{File: name, Line: at(k), Msg: fmt.Sprintf("front matter: %s is given twice (first on line %d)", key, prev)}
		}
		lines[key] = at(k)
		if v.Kind != yaml.ScalarNode {
			return &InputError{File: name, Line: at(v), Msg: fmt.Sprintf("front matter: %s must be a single value, not a list or mapping", key)}
		}
		if v.Tag == "!!null" {
			continue
		}
		// The literal text: dates stay as written, numbers are not reformatted.
		*field(st) = v.Value
	}
	return nil
}

// parseJSONStatement decodes exactly one JSON object of string fields.
func parseJSONStatement(name string, data []byte) (Statement, FieldLines, error) {
	var st Statement
	t := bytes.TrimLeft(data, " \t\r\n")
	if len(t) == 0 || t[0] != '{' {
		return Statement{}, nil, &InputError{File: name, Line: lineAt(data, len(data)-len(t)), Msg: "JSON: expected a statement object starting with {"}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return Statement{}, nil, jsonInputError(name, data, dec, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		off := int(dec.InputOffset())
		return Statement{}, nil, &InputError{File: name, Line: lineAt(data, off), Msg: "JSON: unexpected data after the statement object"}
	}
	return st, jsonFieldLines(data), nil
}

func jsonInputError(name string, data []byte, dec *json.Decoder, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	off, msg := int(dec.InputOffset()), strings.TrimPrefix(err.Error(), "json: ")
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		off, msg = len(data), "the object is truncated"
	case errors.As(err, &syn):
		off = int(syn.Offset)
	case errors.As(err, &typ):
		off = int(typ.Offset)
		if typ.Field != "" {
			msg = fmt.Sprintf("%s must be a string, not %s", typ.Field, typ.Value)
		}
	case strings.HasPrefix(msg, "unknown field "):
		msg = fmt.Sprintf("%s: the fields are lang, title, kind, date, author, url, body, font, zawgyi", msg)
	}
	return &InputError{File: name, Line: lineAt(data, off), Msg: "JSON: " + msg, Err: err}
}

// jsonFieldLines finds the line of each top-level key of a JSON object
// already known to decode.
func jsonFieldLines(data []byte) FieldLines {
	lines := FieldLines{}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return lines
	}
	for dec.More() {
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			return lines
		}
		key, _ := tok.(string)
		pos := before
		for pos < len(data) && strings.IndexByte(" \t\r\n,", data[pos]) >= 0 {
			pos++
		}
		lines[key] = lineAt(data, pos)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return lines
		}
	}
	return lines
}

// lineAt returns the 1-based line of byte offset off.
func lineAt(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	if off < 0 {
		off = 0
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func invalidUTF8Offset(b []byte) int {
	off := 0
	for off < len(b) {
		r, n := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && n == 1 {
			return off
		}
		off += n
	}
	return off
}

// cutLine splits off the first line, without its LF or CRLF.
func cutLine(b []byte) (line, rest []byte, found bool) {
	line, rest, found = bytes.Cut(b, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), rest, found
}
