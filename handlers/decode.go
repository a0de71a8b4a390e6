package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/docexport/docexport/render"
)

// Accepted request media types.
const (
	mediaJSON      = "application/json"
	mediaForm      = "application/x-www-form-urlencoded"
	mediaMultipart = "multipart/form-data"
)

// fileField is the multipart part that may carry a Markdown file with YAML
// front matter.
const fileField = "file"

// statementFields names the statement's fields as the API spells them.
var statementFields = map[string]func(*render.Statement) *string{
	"lang":   func(s *render.Statement) *string { return &s.Lang },
	"title":  func(s *render.Statement) *string { return &s.Title },
	"kind":   func(s *render.Statement) *string { return &s.Kind },
	"date":   func(s *render.Statement) *string { return &s.Date },
	"author": func(s *render.Statement) *string { return &s.Author },
	"url":    func(s *render.Statement) *string { return &s.URL },
	"body":   func(s *render.Statement) *string { return &s.Body },
	"font":   func(s *render.Statement) *string { return &s.Font },
	"zawgyi": func(s *render.Statement) *string { return &s.Zawgyi },
}

func fieldNames() string {
	names := make([]string, 0, len(statementFields))
	for n := range statementFields {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func invalidField(field, format string, args ...any) *render.Error {
	return &render.Error{Code: render.CodeInvalidField, Field: field, Message: fmt.Sprintf(format, args...)}
}

func invalidJSON(format string, args ...any) *render.Error {
	return &render.Error{Code: CodeInvalidJSON, Message: fmt.Sprintf(format, args...)}
}

// decodeStatement reads the statement from the request body, bounded by
// the configured size, as JSON, a URL-encoded form or a multipart form.
func (s *Server) decodeStatement(w http.ResponseWriter, r *http.Request) (render.Statement, error) {
	media, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return render.Statement{}, unsupportedMedia()
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return render.Statement{}, &render.Error{Code: CodeUnsupportedMediaType,
			Message: fmt.Sprintf("charset %q is not supported: send UTF-8", clip(cs))}
	}
	switch media {
	case mediaJSON, mediaForm, mediaMultipart:
	default:
		return render.Statement{}, unsupportedMedia()
	}
	if r.ContentLength > s.cfg.MaxBodyBytes {
		return render.Statement{}, s.tooLarge()
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	switch media {
	case mediaJSON:
		body, err := s.readAll(r, r.Body)
		if err != nil {
			return render.Statement{}, err
		}
		return decodeJSON(body)
	case mediaForm:
		body, err := s.readAll(r, r.Body)
		if err != nil {
			return render.Statement{}, err
		}
		values, err := url.ParseQuery(string(body))
		if err != nil {
			return render.Statement{}, &render.Error{Code: CodeInvalidJSON, Message: "the form body is not valid URL encoding"}
		}
		return decodeForm(values, nil)
	default:
		if params["boundary"] == "" {
			return render.Statement{}, &render.Error{Code: CodeUnsupportedMediaType, Message: "multipart/form-data needs a boundary parameter"}
		}
		return s.decodeMultipart(r, multipart.NewReader(r.Body, params["boundary"]))
	}
}

func unsupportedMedia() *render.Error {
	return &render.Error{Code: CodeUnsupportedMediaType,
		Message: "send the statement as application/json, application/x-www-form-urlencoded or multipart/form-data"}
}

func (s *Server) tooLarge() *render.Error {
	return &render.Error{Code: CodeBodyTooLarge, Message: fmt.Sprintf("the request body is larger than %d bytes", s.cfg.MaxBodyBytes)}
}

// readAll reads a body part, mapping the size limit to 413 and a client
// that went away to canceled.
func (s *Server) readAll(r *http.Request, rd io.Reader) ([]byte, error) {
	b, err := io.ReadAll(rd)
	if err != nil {
		return nil, s.readError(r, err)
	}
	return b, nil
}

func (s *Server) readError(r *http.Request, err error) error {
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return s.tooLarge()
	case errors.Is(err, os.ErrDeadlineExceeded):
		return &render.Error{Code: CodeRequestTimeout, Message: "the request body did not arrive in time", Err: err}
	case r.Context().Err() != nil:
		return &render.Error{Code: render.CodeCanceled, Message: "the request was canceled", Err: err}
	}
	return &render.Error{Code: CodeInvalidJSON, Message: "the request body could not be read", Err: err}
}

// decodeJSON decodes exactly one JSON object with only the statement's
// fields, all strings. Invalid UTF-8 is refused, not silently replaced.
func decodeJSON(body []byte) (render.Statement, error) {
	var st render.Statement
	if !utf8.Valid(body) {
		return st, invalidUTF8(body)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return render.Statement{}, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return render.Statement{}, invalidJSON("unexpected data after the JSON object at byte %d", dec.InputOffset())
	}
	if err := loneSurrogates(body, st); err != nil {
		return render.Statement{}, err
	}
	return st, nil
}

// loneSurrogates refuses a statement in which encoding/json replaced a
// \u escape of an unpaired UTF-16 surrogate with U+FFFD, which it does
// silently. A U+FFFD the client sent itself (as UTF-8 or \ufffd) is kept.
func loneSurrogates(body []byte, st render.Statement) error {
	if bytes.Contains(body, []byte("\uFFFD")) || bytes.Contains(body, []byte("\ufffd")) ||
		bytes.Contains(body, []byte("\uFFfd")) || bytes.Contains(body, []byte(string(utf8.RuneError))) {
		return nil
	}
	for _, f := range []struct{ name, v string }{
		{"lang", st.Lang}, {"title", st.Title}, {"kind", st.Kind}, {"date", st.Date}, {"author", st.Author},
		{"url", st.URL}, {"body", st.Body}, {"font", st.Font}, {"zawgyi", st.Zawgyi},
	} {
		if strings.ContainsRune(f.v, utf8.RuneError) {
			return invalidField(f.name, "%s has a \\u escape of an unpaired UTF-16 surrogate, which is no character", f.name)
		}
	}
	return nil
}

// jsonError maps a decoding error to invalid_json (malformed) or
// invalid_field (well-formed but not a statement).
func jsonError(err error) *render.Error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return invalidJSON("the request body is empty: send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalidJSON("the JSON object is truncated")
	case errors.As(err, &syn):
		return invalidJSON("malformed JSON at byte %d: %s", syn.Offset, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		if typ.Field == "" {
			return invalidJSON("the body must be a JSON object, not %s", typ.Value)
		}
		return invalidField(typ.Field, "%s must be a string, not %s", typ.Field, typ.Value)
	}
	const unknown = "json: unknown field "
	if msg := err.Error(); strings.HasPrefix(msg, unknown) {
		name := strings.Trim(strings.TrimPrefix(msg, unknown), `"`)
		return invalidField(clip(name), "unknown field %q: the fields are %s", clip(name), fieldNames())
	}
	return invalidJSON("malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// invalidUTF8 names the field holding invalid UTF-8 when it can.
func invalidUTF8(body []byte) *render.Error {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) == nil {
		names := make([]string, 0, len(fields))
		for k := range fields {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			if !utf8.Valid(fields[k]) && utf8.ValidString(k) {
				return invalidField(clip(k), "%s is not valid UTF-8", clip(k))
			}
		}
	}
	off := 0
	for off < len(body) {
		r, n := utf8.DecodeRune(body[off:])
		if r == utf8.RuneError && n == 1 {
			break
		}
		off += n
	}
	return invalidField("", "the request body is not valid UTF-8 (byte %d)", off)
}

// decodeForm fills a statement from form values over base (the Markdown
// file's front matter, if any). Every value must be a known field given once.
func decodeForm(values map[string][]string, base *render.Statement) (render.Statement, error) {
	var st render.Statement
	if base != nil {
		st = *base
	}
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		field, ok := statementFields[k]
		if !ok {
			return render.Statement{}, invalidField(clip(k), "unknown field %q: the fields are %s", clip(k), fieldNames())
		}
		if len(values[k]) != 1 {
			return render.Statement{}, invalidField(k, "%s is given more than once", k)
		}
		*field(&st) = values[k][0]
	}
	return st, nil
}

// maxParts bounds the parts of a multipart body (the fields, the file and
// a little slack), so a body of many empty parts is refused early.
const maxParts = 32

// decodeMultipart reads form fields and an optional Markdown file part.
func (s *Server) decodeMultipart(r *http.Request, mr *multipart.Reader) (render.Statement, error) {
	values := map[string][]string{}
	var file []byte
	var fileName string
	haveFile := false
	for n := 0; ; n++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if e := s.readError(r, err); render.ErrorCode(e) != CodeInvalidJSON {
				return render.Statement{}, e
			}
			return render.Statement{}, &render.Error{Code: CodeInvalidJSON, Message: "malformed multipart body", Err: err}
		}
		if n == maxParts {
			return render.Statement{}, &render.Error{Code: CodeInvalidJSON, Message: fmt.Sprintf("the multipart body has more than %d parts", maxParts)}
		}
		name := p.FormName()
		data, err := s.readAll(r, p)
		if err != nil {
			return render.Statement{}, err
		}
		if name == fileField {
			if haveFile {
				return render.Statement{}, invalidField(fileField, "file is given more than once")
			}
			file, fileName, haveFile = data, p.FileName(), true
			continue
		}
		if p.FileName() != "" {
			if _, ok := statementFields[name]; ok {
				return render.Statement{}, invalidField(name, "%s must be a plain form field, not a file", name)
			}
		}
		values[name] = append(values[name], string(data))
	}
	if !haveFile {
		return decodeForm(values, nil)
	}
	base, err := parseUpload(fileName, file)
	if err != nil {
		return render.Statement{}, err
	}
	return decodeForm(values, &base)
}

// clip shortens a client value quoted in an error message.
func clip(s string) string {
	const max = 40
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}
