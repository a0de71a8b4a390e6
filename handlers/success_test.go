package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/docexport/docexport/render"
	"github.com/docexport/docexport/render/testtool"
)

var etagRE = regexp.MustCompile(`^"[0-9a-f]{32}"$`)

// magic is the leading bytes of each format.
var magic = map[render.Format]string{render.PDF: "%PDF-", render.DOCX: "PK\x03\x04"}

func TestRenderSuccessHeaders(t *testing.T) {
	ts := newTestServer(t, DefaultConfig(), nil)
	for _, f := range render.Formats() {
		t.Run(string(f), func(t *testing.T) {
			needWriter(t, f)
			st := myanmarStatement()
			resp, body := ts.postJSON(t, "/v1/render/"+string(f), st)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if !bytes.HasPrefix(body, []byte(magic[f])) {
				t.Fatalf("body starts %q, want %q", body[:min(8, len(body))], magic[f])
			}
			h := resp.Header
			if got := h.Get("Content-Type"); got != f.ContentType() {
				t.Errorf("Content-Type %q, want %q", got, f.ContentType())
			}
			if got := h.Get("Content-Length"); got != itoa(len(body)) {
				t.Errorf("Content-Length %q, body is %d bytes", got, len(body))
			}
			cd := h.Get("Content-Disposition")
			if want := `attachment; filename="statement-my.` + f.Ext() + `"`; !strings.HasPrefix(cd, want) {
				t.Errorf("Content-Disposition %q, want prefix %q", cd, want)
			}
			_, enc, ok := strings.Cut(cd, "filename*=UTF-8''")
			if !ok {
				t.Fatalf("Content-Disposition %q has no filename*", cd)
			}
			name, err := url.PathUnescape(enc)
			if err != nil {
				t.Fatalf("filename* %q: %v", enc, err)
			}
			if want := st.Title + "." + f.Ext(); name != want {
				t.Errorf("filename* decodes to %q, want %q", name, want)
			}
			etag := h.Get("Etag")
			if !etagRE.MatchString(etag) {
				t.Errorf("ETag %q is not a quoted hex prefix", etag)
			}
			if etag != ETag(body) {
				t.Errorf("ETag %q does not hash the body (%q)", etag, ETag(body))
			}
			if cc := h.Get("Cache-Control"); !strings.Contains(cc, "no-store") && !strings.Contains(cc, "private") {
				t.Errorf("Cache-Control %q", cc)
			}
			for _, hv := range []string{cd, h.Get(HeaderWarnings)} {
				for i := 0; i < len(hv); i++ {
					if hv[i] >= 0x80 {
						t.Fatalf("header value %q is not ASCII", hv)
					}
				}
			}

			// The client has this version already.
			b, _ := json.Marshal(st)
			for _, inm := range []string{etag, `"other", ` + etag, "W/" + etag, "*"} {
				resp, again := ts.do(t, http.MethodPost, "/v1/render/"+string(f), "application/json", b, http.Header{"If-None-Match": {inm}})
				if resp.StatusCode != http.StatusNotModified || len(again) != 0 {
					t.Errorf("If-None-Match %s: status %d with %d bytes, want 304 and none", inm, resp.StatusCode, len(again))
				}
				if resp.Header.Get("Etag") != etag {
					t.Errorf("304 ETag %q, want %q", resp.Header.Get("Etag"), etag)
				}
			}
			resp, again := ts.do(t, http.MethodPost, "/v1/render/"+string(f), "application/json", b, http.Header{"If-None-Match": {`"stale"`}})
			if resp.StatusCode != http.StatusOK || !bytes.Equal(again, body) {
				t.Errorf("stale If-None-Match: status %d, same bytes %v", resp.StatusCode, bytes.Equal(again, body))
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestRenderDeterministicAndBodyKinds checks the same statement gives the
// same bytes twice and whether sent as JSON, a URL-encoded form or a
// multipart form.
func TestRenderDeterministicAndBodyKinds(t *testing.T) {
	needWriter(t, render.PDF)
	ts := newTestServer(t, DefaultConfig(), nil)
	var st render.Statement
	if err := json.Unmarshal(testtool.ReadCorpus(t, "statement-my.json"), &st); err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{"lang": st.Lang, "title": st.Title, "kind": st.Kind, "date": st.Date,
		"author": st.Author, "url": st.URL, "body": strings.ReplaceAll(st.Body, "\n", "\r\n"), "font": st.Font, "zawgyi": st.Zawgyi}
	form := url.Values{}
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	for k, v := range fields {
		if v == "" {
			continue
		}
		form.Set(k, v)
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	mw.Close()

	path := "/v1/render/pdf"
	resp, first := ts.postJSON(t, path, st)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("JSON: %d %s", resp.StatusCode, first)
	}
	for _, c := range []struct {
		name, ctype string
		body        []byte
	}{
		{"JSON again", "application/json", mustJSON(t, st)},
		{"URL-encoded form", "application/x-www-form-urlencoded", []byte(form.Encode())},
		{"multipart form", mw.FormDataContentType(), mp.Bytes()},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, got := ts.do(t, http.MethodPost, path, c.ctype, c.body, nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, got)
			}
			if !bytes.Equal(got, first) {
				t.Fatalf("%d bytes differ from the JSON render (%d bytes)", len(got), len(first))
			}
		})
	}
}

// TestRenderSameBytesTwice: each format gives the same bytes (and ETag)
// for the same statement.
func TestRenderSameBytesTwice(t *testing.T) {
	ts := newTestServer(t, DefaultConfig(), nil)
	for _, f := range render.Formats() {
		t.Run(string(f), func(t *testing.T) {
			needWriter(t, f)
			path := "/v1/render/" + string(f)
			r1, b1 := ts.postJSON(t, path, myanmarStatement())
			r2, b2 := ts.postJSON(t, path, myanmarStatement())
			if r1.StatusCode != 200 || r2.StatusCode != 200 {
				t.Fatalf("status %d, %d", r1.StatusCode, r2.StatusCode)
			}
			if !bytes.Equal(b1, b2) || r1.Header.Get("Etag") != r2.Header.Get("Etag") {
				t.Fatalf("two renders differ: %d and %d bytes, ETags %s %s", len(b1), len(b2), r1.Header.Get("Etag"), r2.Header.Get("Etag"))
			}
		})
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRenderMarkdownFile uploads the corpus Markdown file with front
// matter as a multipart file part, the way an HTML file input sends it.
func TestRenderMarkdownFile(t *testing.T) {
	needWriter(t, render.DOCX)
	ts := newTestServer(t, DefaultConfig(), nil)
	for _, name := range []string{"statement-en.md", "statement-my.md"} {
		t.Run(name, func(t *testing.T) {
			var mp bytes.Buffer
			mw := multipart.NewWriter(&mp)
			fw, err := mw.CreateFormFile("file", name)
			if err != nil {
				t.Fatal(err)
			}
			fw.Write(testtool.ReadCorpus(t, name))
			mw.WriteField("font", "pyidaungsu")
			mw.Close()
			resp, got := ts.do(t, http.MethodPost, "/v1/render/docx", mw.FormDataContentType(), mp.Bytes(), nil)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", resp.StatusCode, got)
			}
			if !bytes.HasPrefix(got, []byte(magic[render.DOCX])) {
				t.Fatalf("not a docx: %q", got[:4])
			}
		})
	}
}

func TestRequestID(t *testing.T) {
	ts := newTestServer(t, DefaultConfig(), nil)
	hex32 := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for _, c := range []struct {
		name, sent string
		echoed     bool
	}{
		{"sane id echoed", "req-42.A_b", true},
		{"128 characters echoed", strings.Repeat("x", 128), true},
		{"none generated", "", false},
		{"too long replaced", strings.Repeat("x", 129), false},
		{"bad characters replaced", "id with spaces", false},
		{"header injection replaced", "a\u00e9b", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			hdr := http.Header{}
			if c.sent != "" {
				hdr.Set(HeaderRequestID, c.sent)
			}
			// An error response must carry it too.
			resp, _ := ts.do(t, http.MethodGet, "/nowhere", "", nil, hdr)
			got := resp.Header.Get(HeaderRequestID)
			if c.echoed && got != c.sent {
				t.Fatalf("id %q, want the client's %q", got, c.sent)
			}
			if !c.echoed && !hex32.MatchString(got) {
				t.Fatalf("id %q, want a generated one", got)
			}
			if !strings.Contains(ts.logText(), `"request_id":"`+got+`"`) {
				t.Errorf("log has no line with request_id %q", got)
			}
		})
	}
}

// TestMetricsExposed scrapes /metrics after renders and checks every
// metric name dashboards depend on.
func TestMetricsExposed(t *testing.T) {
	ts := newTestServer(t, DefaultConfig(), nil)
	ok := writersReady(t, render.PDF)
	resp, body := ts.postJSON(t, "/v1/render/pdf", statement())
	if ok && resp.StatusCode != http.StatusOK {
		t.Fatalf("render: %d %s", resp.StatusCode, body)
	}
	ts.postJSON(t, "/v1/render/pdf", `{"lang":"en","title":"","body":"x"}`)
	fams := ts.scrape(t)
	names := []string{
		MetricRenderDuration, MetricRendersTotal, MetricRendersInFlight, MetricConcurrencyLimit,
		MetricQueueDepth, MetricRejectedTotal, MetricHTTPRequests, MetricHTTPDuration, MetricBuildInfo,
		"go_goroutines", "process_cpu_seconds_total",
	}
	if ok {
		names = append(names, MetricDocumentSize)
	}
	for _, n := range names {
		if _, found := fams[n]; !found {
			t.Errorf("metric %s missing", n)
		}
	}
	if ok {
		if v := counterValue(fams, MetricRendersTotal, map[string]string{"format": "pdf", "lang": "en", "outcome": "ok"}); v != 1 {
			t.Errorf("renders ok = %v, want 1", v)
		}
	}
	if v := counterValue(fams, MetricRendersTotal, map[string]string{"outcome": "invalid"}); v != 1 {
		t.Errorf("renders invalid = %v, want 1", v)
	}
	if v := counterValue(fams, MetricHTTPRequests, map[string]string{"route": RouteRender, "method": "POST"}); v != 2 {
		t.Errorf("http requests on %s = %v, want 2", RouteRender, v)
	}
	limit := fams[MetricConcurrencyLimit].GetMetric()[0].GetGauge().GetValue()
	if int(limit) != DefaultConfig().MaxRenders {
		t.Errorf("concurrency limit %v, want %d", limit, DefaultConfig().MaxRenders)
	}
	bi := fams[MetricBuildInfo].GetMetric()[0]
	if bi.GetGauge().GetValue() != 1 || len(bi.GetLabel()) != 3 {
		t.Errorf("build info %v", bi)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	ts := newTestServer(t, DefaultConfig(), nil)
	check := func(path string, want int) {
		t.Helper()
		resp, body := ts.do(t, http.MethodGet, path, "", nil, nil)
		if resp.StatusCode != want {
			t.Fatalf("%s: %d %q, want %d", path, resp.StatusCode, body, want)
		}
	}
	check("/healthz", 200)
	check("/readyz", 200)
	ts.srv.SetReady(false) // what cmd does at SIGTERM
	check("/readyz", 503)
	check("/healthz", 200)
	resp, body := ts.do(t, http.MethodPost, "/healthz", "", nil, nil)
	if resp.StatusCode != 405 || apiError(t, resp, body).Code != CodeMethodNotAllowed {
		t.Fatalf("POST /healthz: %d %s", resp.StatusCode, body)
	}
}

// TestBodyOverLimitStreamed sends a body with no Content-Length, so only
// the MaxBytesReader can stop it.
func TestBodyOverLimitStreamed(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxBodyBytes = 1 << 10
	ts := newTestServer(t, cfg, nil)
	for _, ctype := range []string{"application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=X"} {
		t.Run(ctype, func(t *testing.T) {
			big := `{"lang":"en","title":"t","body":"` + strings.Repeat("a", 4<<10) + `"}`
			if strings.HasPrefix(ctype, "multipart") {
				big = "--X\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n" + strings.Repeat("a", 4<<10) + "\r\n--X--\r\n"
			}
			ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v1/render/pdf", io.MultiReader(strings.NewReader(big)))
			req.Header.Set("Content-Type", ctype)
			resp, err := ts.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 413 || apiError(t, resp, b).Code != CodeBodyTooLarge {
				t.Fatalf("status %d %s, want 413 body_too_large", resp.StatusCode, b)
			}
		})
	}
	fams := ts.scrape(t)
	if v := counterValue(fams, MetricRejectedTotal, map[string]string{"reason": ReasonBodyTooLarge}); v != 3 {
		t.Errorf("rejected body_too_large = %v, want 3", v)
	}
}
