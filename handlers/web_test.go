package handlers

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/docexport/docexport/fonts"
	"github.com/docexport/docexport/render"
)

// browserAccept is what browsers send when they navigate or submit a form.
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

// parseHTML parses a page, failing the test when it is not HTML.
func parseHTML(t testing.TB, body []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse HTML: %v", err)
	}
	return doc
}

// walk calls fn for every element node.
func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func TestWebPage(t *testing.T) {
	ts := newPressServer(t, DefaultConfig(), DefaultPressConfig(), nil)
	resp, body := ts.do(t, http.MethodGet, "/", "", nil, nil)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("GET /: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	doc := parseHTML(t, body)
	var (
		lang, charset                bool
		labels                       = map[string]bool{}
		controls                     []string
		formactions, actions, fontOp []string
	)
	walk(doc, func(n *html.Node) {
		switch n.Data {
		case "html":
			v, _ := attr(n, "lang")
			lang = v == "en"
		case "meta":
			v, _ := attr(n, "charset")
			charset = charset || strings.EqualFold(v, "utf-8")
		case "label":
			if v, ok := attr(n, "for"); ok {
				labels[v] = true
			}
		case "input", "select", "textarea":
			if typ, _ := attr(n, "type"); typ != "checkbox" {
				id, _ := attr(n, "id")
				controls = append(controls, id)
			}
		case "button":
			if v, ok := attr(n, "formaction"); ok {
				formactions = append(formactions, v)
			}
		case "form":
			a, _ := attr(n, "action")
			m, _ := attr(n, "method")
			e, _ := attr(n, "enctype")
			actions = append(actions, a)
			if m != "post" || e != "multipart/form-data" {
				t.Errorf("form %s: method %q enctype %q", a, m, e)
			}
		case "option":
			if n.Parent != nil {
				if id, _ := attr(n.Parent, "id"); id == "font" {
					v, _ := attr(n, "value")
					fontOp = append(fontOp, v)
				}
			}
		}
	})
	if !lang || !charset {
		t.Errorf(`page lacks <html lang="en"> (%v) or <meta charset="utf-8"> (%v)`, lang, charset)
	}
	for _, id := range controls {
		if id == "" || !labels[id] {
			t.Errorf("form control %q has no <label for>", id)
		}
	}
	for _, want := range []string{"/v1/render/pdf", "/v1/render/docx"} {
		if !slices.Contains(formactions, want) {
			t.Errorf("no button with formaction %s: %v", want, formactions)
		}
	}
	if !slices.Contains(actions, RouteBatchUpload) {
		t.Errorf("no form posting to %s: %v", RouteBatchUpload, actions)
	}
	if fmt.Sprint(fontOp) != fmt.Sprint(fonts.MyanmarFamilies()) {
		t.Errorf("font options %v, want %v", fontOp, fonts.MyanmarFamilies())
	}

	// The stylesheet, conditional GET, HEAD, and other methods.
	resp, _ = ts.do(t, http.MethodGet, RouteStyle, "", nil, nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") {
		t.Errorf("GET %s: %d %q", RouteStyle, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, _ = ts.do(t, http.MethodGet, "/", "", nil, http.Header{"If-None-Match": {resp.Header.Get("Etag")}})
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET / with the stylesheet's ETag: %d", resp.StatusCode)
	}
	resp, _ = ts.do(t, http.MethodPost, "/", "text/plain", nil, nil)
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d, want 405", resp.StatusCode)
	}
}

// multipartForm builds a browser-like form body: fields, then files.
func multipartForm(t testing.TB, fields [][2]string, files [][3]string) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, f := range fields {
		if err := mw.WriteField(f[0], f[1]); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile(f[0], f[1])
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write([]byte(f[2]))
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), buf.Bytes()
}

func TestWebFormErrorsAreHTML(t *testing.T) {
	ts := newPressServer(t, DefaultConfig(), PressConfig{MaxBatchItems: 2, MaxBatchBodyBytes: 1 << 20}, nil)
	emptyTitle := [][2]string{{"lang", "my"}, {"font", "noto"}, {"title", ""}, {"kind", ""}, {"date", ""},
		{"author", ""}, {"url", ""}, {"zawgyi", "convert"}, {"body", "မင်္ဂလာပါ"}}
	tests := []struct {
		name, path string
		fields     [][2]string
		files      [][3]string
		status     int
		want       []string
	}{
		{"missing title", "/v1/render/pdf", emptyTitle, nil, 422, []string{"title is required", "<strong>title</strong>", `href="/"`}},
		{"bad front matter", "/v1/render/docx", [][2]string{{"file", "---\nlang: en\ntitel: x\n---\nb"}}, nil, 422, []string{"front matter: unknown key"}},
		{"no files", RouteBatchUpload, [][2]string{{"formats", "pdf"}}, [][3]string{{"files", "", ""}}, 422, []string{"choose at least one statement file"}},
		{"too many files", RouteBatchUpload, [][2]string{{"formats", "pdf"}, {"formats", "docx"}},
			[][3]string{{"files", "a.md", "x"}, {"files", "b.md", "y"}}, 413, []string{"at most 2 are allowed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ct, body := multipartForm(t, tc.fields, tc.files)
			resp, got := ts.do(t, http.MethodPost, tc.path, ct, body, http.Header{"Accept": {browserAccept}})
			if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
				t.Fatalf("status %d %q, want %d HTML: %.300s", resp.StatusCode, resp.Header.Get("Content-Type"), tc.status, got)
			}
			page := html.UnescapeString(string(got))
			for _, w := range tc.want {
				if !strings.Contains(page, w) && !strings.Contains(string(got), w) {
					t.Errorf("page lacks %q:\n%s", w, got)
				}
			}
			parseHTML(t, got)
			// The same request from an API client still gets JSON.
			resp, got = ts.do(t, http.MethodPost, tc.path, ct, body, nil)
			if resp.StatusCode != tc.status {
				t.Fatalf("API client: status %d", resp.StatusCode)
			}
			apiError(t, resp, got)
		})
	}
}

func TestWebFormRendersMyanmar(t *testing.T) {
	needWriter(t, render.PDF)
	ts := newPressServer(t, DefaultConfig(), DefaultPressConfig(), nil)
	st := myanmarStatement()
	ct, body := multipartForm(t, [][2]string{{"lang", st.Lang}, {"font", "pyidaungsu"}, {"title", st.Title}, {"kind", ""},
		{"date", st.Date}, {"author", ""}, {"url", ""}, {"zawgyi", "convert"}, {"body", strings.ReplaceAll(st.Body, "\n", "\r\n")}}, nil)
	resp, got := ts.do(t, http.MethodPost, "/v1/render/pdf", ct, body, http.Header{"Accept": {browserAccept}})
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(got, []byte("%PDF-")) {
		t.Fatalf("status %d %q: %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), got)
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("Content-Disposition %q: the browser would not download", resp.Header.Get("Content-Disposition"))
	}
}
