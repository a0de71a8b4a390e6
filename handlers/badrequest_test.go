package handlers

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestBadRequests sends hostile and malformed requests through the real
// handler and renderer. Each must get its status and error code (or, for
// the huge inputs, render or be refused cleanly), and none may crash or
// hang the server.
func TestBadRequests(t *testing.T) {
	ts := newTestServer(t, DefaultConfig(), nil)
	valid := func(mod func(m map[string]any)) []byte {
		m := map[string]any{"lang": "en", "title": "Title", "body": "Body text."}
		mod(m)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	body := func(s string) []byte { return valid(func(m map[string]any) { m["body"] = s }) }
	var nested strings.Builder
	for i := 0; i < 200; i++ {
		nested.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	invalidUTF8 := []byte(`{"lang":"en","title":"bad ` + "\xff\xfe" + `","body":"x"}`)

	type tc struct {
		name   string
		method string
		path   string
		ctype  string
		body   []byte
		status int
		code   string
		field  string
		// okStatuses, when set, replaces status/code: the input must render
		// or be refused cleanly with one of these statuses (503 when the
		// render passes its deadline, as under the race detector).
		okStatuses []int
		contains   string
	}
	hostileOK := []int{200, 422, 503}
	cases := []tc{
		{name: "malformed JSON", body: []byte(`{"lang":"en",`), status: 400, code: "invalid_json"},
		{name: "syntax error", body: []byte(`{"lang" "en"}`), status: 400, code: "invalid_json"},
		{name: "trailing garbage", body: append(valid(func(map[string]any) {}), []byte(" garbage")...), status: 400, code: "invalid_json"},
		{name: "second object", body: append(valid(func(map[string]any) {}), []byte(`{}`)...), status: 400, code: "invalid_json"},
		{name: "empty request", body: nil, status: 400, code: "invalid_json"},
		{name: "array not object", body: []byte(`[1,2]`), status: 400, code: "invalid_json"},
		{name: "unknown field", body: valid(func(m map[string]any) { m["colour"] = "red" }), status: 422, code: "invalid_field", field: "colour"},
		{name: "wrong type", body: []byte(`{"lang":"en","title":5,"body":"x"}`), status: 422, code: "invalid_field", field: "title"},
		{name: "invalid UTF-8", body: invalidUTF8, status: 422, code: "invalid_field", field: "title"},
		{name: "lone surrogate escape", body: []byte(`{"lang":"en","title":"a\ud800b","body":"x"}`), status: 422, code: "invalid_field", field: "title"},
		{name: "control character", body: valid(func(m map[string]any) { m["title"] = "a\u0007b" }), status: 422, code: "invalid_field", field: "title"},
		{name: "unknown lang", body: valid(func(m map[string]any) { m["lang"] = "fr" }), status: 422, code: "invalid_field", field: "lang"},
		{name: "missing lang", body: []byte(`{"title":"t","body":"b"}`), status: 422, code: "invalid_field", field: "lang"},
		{name: "empty title", body: valid(func(m map[string]any) { m["title"] = "  " }), status: 422, code: "invalid_field", field: "title"},
		{name: "empty body", body: valid(func(m map[string]any) { m["body"] = "" }), status: 422, code: "invalid_field", field: "body"},
		{name: "bad date", body: valid(func(m map[string]any) { m["date"] = "2025-02-30" }), status: 422, code: "invalid_field", field: "date"},
		{name: "bad url", body: valid(func(m map[string]any) { m["url"] = "javascript:alert(1)" }), status: 422, code: "invalid_field", field: "url"},
		{name: "unknown font", body: valid(func(m map[string]any) { m["font"] = "comic-sans" }), status: 422, code: "invalid_field", field: "font"},
		{name: "unknown zawgyi policy", body: valid(func(m map[string]any) { m["zawgyi"] = "maybe" }), status: 422, code: "invalid_field", field: "zawgyi"},
		{name: "emoji", body: body("Hello \U0001F600"), status: 422, code: "unsupported_characters", field: "body", contains: "U+1F600"},
		{name: "unknown format", path: "/v1/render/odt", body: valid(func(map[string]any) {}), status: 404, code: "not_found", field: "format"},
		{name: "unknown route", path: "/v2/render", body: valid(func(map[string]any) {}), status: 404, code: "not_found"},
		{name: "wrong media type", ctype: "text/plain", body: valid(func(map[string]any) {}), status: 415, code: "unsupported_media_type"},
		{name: "missing media type", ctype: "-", body: valid(func(map[string]any) {}), status: 415, code: "unsupported_media_type"},
		{name: "non-UTF-8 charset", ctype: "application/json; charset=latin1", body: valid(func(map[string]any) {}), status: 415, code: "unsupported_media_type"},
		{name: "body over limit", body: body(strings.Repeat("a ", DefaultMaxBodyBytes/2+10)), status: 413, code: "body_too_large"},
		{name: "GET on render route", method: http.MethodGet, status: 405, code: "method_not_allowed"},
		{name: "form unknown field", ctype: "application/x-www-form-urlencoded", body: []byte("lang=en&title=t&body=b&submit=Go"), status: 422, code: "invalid_field", field: "submit"},
		{name: "form repeated field", ctype: "application/x-www-form-urlencoded", body: []byte("lang=en&title=t&title=u&body=b"), status: 422, code: "invalid_field", field: "title"},
		{name: "huge single word", body: body(strings.Repeat("a", 200000)), okStatuses: hostileOK},
		{name: "huge Myanmar word", body: valid(func(m map[string]any) { m["lang"] = "my"; m["body"] = strings.Repeat("က", 100000) }), okStatuses: hostileOK},
		{name: "10000 list items", body: body(strings.Repeat("- item\n", 10000)), okStatuses: hostileOK},
		{name: "deep block quotes", body: body(strings.Repeat(">", 1000) + " deep\n"), okStatuses: hostileOK},
		{name: "deep nested lists", body: body(nested.String()), okStatuses: hostileOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			method, path, ctype := c.method, c.path, c.ctype
			if method == "" {
				method = http.MethodPost
			}
			if path == "" {
				path = "/v1/render/pdf"
			}
			switch ctype {
			case "":
				ctype = "application/json"
			case "-":
				ctype = ""
			}
			resp, got := ts.do(t, method, path, ctype, c.body, nil)
			if resp.Header.Get(HeaderRequestID) == "" {
				t.Errorf("no %s header", HeaderRequestID)
			}
			if c.okStatuses != nil {
				if !contains(c.okStatuses, resp.StatusCode) {
					t.Fatalf("status %d, want one of %v; body %.300q", resp.StatusCode, c.okStatuses, got)
				}
				if resp.StatusCode == 200 && !bytes.HasPrefix(got, []byte("%PDF-")) {
					t.Fatalf("200 but not a PDF: %.40q", got)
				}
				if resp.StatusCode != 200 {
					t.Logf("refused: %+v", apiError(t, resp, got))
				}
				// A render past its deadline keeps its slot until it stops;
				// it must stop, and the next case must not queue behind it.
				waitFor(t, func() bool { return ts.srv.Limiter().InFlight() == 0 })
				return
			}
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d; body %.300q", resp.StatusCode, c.status, got)
			}
			e := apiError(t, resp, got)
			if string(e.Code) != c.code {
				t.Errorf("code %q, want %q (message %q)", e.Code, c.code, e.Message)
			}
			if e.Field != c.field {
				t.Errorf("field %q, want %q (message %q)", e.Field, c.field, e.Message)
			}
			if e.Message == "" {
				t.Error("empty message")
			}
			if c.contains != "" && !strings.Contains(e.Message, c.contains) {
				t.Errorf("message %q does not name %s", e.Message, c.contains)
			}
			if c.status == 405 && resp.Header.Get("Allow") != "POST" {
				t.Errorf("Allow %q, want POST", resp.Header.Get("Allow"))
			}
		})
	}
	// The server survived all of it.
	if resp, _ := ts.do(t, http.MethodGet, "/healthz", "", nil, nil); resp.StatusCode != 200 {
		t.Fatalf("healthz after hostile input: %d", resp.StatusCode)
	}
}

func contains(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
