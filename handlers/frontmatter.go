package handlers

import (
	"bytes"
	"sort"

	"gopkg.in/yaml.v3"

	"github.com/docexport/docexport/render"
)

// ParseMarkdown reads a statement from Markdown with optional YAML front
// matter: a first line "---", "key: value" lines naming statement fields,
// and a closing "---" (or "..."). The rest is the body. Unknown keys and
// values that are not scalars are refused as invalid_field "file.<key>".
func ParseMarkdown(src []byte) (render.Statement, error) {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	var st render.Statement
	front, body, ok := splitFrontMatter(src)
	if !ok {
		st.Body = string(src)
		return st, nil
	}
	var doc map[string]yaml.Node
	if err := yaml.Unmarshal(front, &doc); err != nil {
		return render.Statement{}, invalidField(fileField, "the front matter is not valid YAML: %s", clip(err.Error()))
	}
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		field, ok := statementFields[k]
		if !ok || k == "body" {
			return render.Statement{}, invalidField(fileField+"."+clip(k), "unknown front matter key %q", clip(k))
		}
		n := doc[k]
		if n.Kind != yaml.ScalarNode {
			return render.Statement{}, invalidField(fileField+"."+k, "front matter %s must be a single value", k)
		}
		// The literal text: dates stay as written, numbers are not reformatted.
		*field(&st) = n.Value
	}
	st.Body = string(body)
	return st, nil
}

// splitFrontMatter separates "---\n...\n---\n" from the rest.
func splitFrontMatter(src []byte) (front, body []byte, ok bool) {
	first, rest, found := cutLine(src)
	if !found || string(bytes.TrimRight(first, " \t")) != "---" {
		return nil, nil, false
	}
	start := len(src) - len(rest)
	for pos := start; pos < len(src); {
		line, next, _ := cutLine(src[pos:])
		t := string(bytes.TrimRight(line, " \t"))
		if t == "---" || t == "..." {
			return src[start:pos], next, true
		}
		pos = len(src) - len(next)
		if len(next) == 0 {
			break
		}
	}
	return nil, nil, false
}

// cutLine splits off the first line, without its LF or CRLF.
func cutLine(b []byte) (line, rest []byte, found bool) {
	line, rest, found = bytes.Cut(b, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), rest, found
}
