package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/docexport/docexport/handlers"
	"github.com/docexport/docexport/render"
)

// fuzzMaxBody is the body limit of the fuzzed server: small, so each fuzz
// call renders at most a modest document. Larger inputs are skipped (they
// would only exercise the 413 path, which the seeds cover).
const fuzzMaxBody = 64 << 10

// fuzzRenderTimeout is the fuzzed server's render timeout: generous, so
// any 503 timeout before it is a finding.
const fuzzRenderTimeout = 20 * time.Second

var (
	fuzzOnce   sync.Once
	fuzzServer *handlers.Server
	fuzzErr    error
)

// fuzzHandler returns one real Server (real renderer, fresh registry) per
// fuzz worker process.
func fuzzHandler(t testing.TB) *handlers.Server {
	t.Helper()
	fuzzOnce.Do(func() {
		r, err := render.New(render.DefaultConfig())
		if err != nil {
			fuzzErr = err
			return
		}
		cfg := handlers.DefaultConfig()
		cfg.MaxBodyBytes = fuzzMaxBody
		cfg.RenderTimeout = fuzzRenderTimeout
		cfg.MaxRenders, cfg.QueueSize = 1, 1
		fuzzServer, fuzzErr = handlers.New(cfg, handlers.Deps{Renderer: r, Registry: prometheus.NewRegistry()})
		if fuzzServer != nil {
			fuzzServer.SetReady(true)
		}
	})
	if fuzzErr != nil {
		t.Fatalf("server: %v", fuzzErr)
	}
	return fuzzServer
}

// fuzzRequest sends one body through the real handler and checks the
// answer: a complete document (200) or a JSON error with a code, never a
// 5xx except 503 timeout, never a panic.
func fuzzRequest(t *testing.T, format, contentType, body string) {
	t.Helper()
	if len(body) > fuzzMaxBody+1024 {
		t.Skip("input over the fuzz size cap")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/v1/render/"+format, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	rec := httptest.NewRecorder()
	start := time.Now()
	fuzzHandler(t).ServeHTTP(rec, req)
	took := time.Since(start)
	resp := rec.Result()
	got := rec.Body.Bytes()
	switch {
	case resp.StatusCode == http.StatusOK:
		checkDocument(t, format, resp, got)
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		code := checkErrorBody(t, resp, got)
		if resp.StatusCode == http.StatusTooManyRequests || code == handlers.CodeOverloaded {
			t.Fatalf("429 %s from a single client", code)
		}
	case resp.StatusCode == http.StatusServiceUnavailable:
		if code := checkErrorBody(t, resp, got); code != render.CodeTimeout {
			t.Fatalf("503 with code %q, want timeout", code)
		}
		// A timeout before the render timeout has passed is a defect
		// (e.g. a race between the render's result and its own context).
		if took < fuzzRenderTimeout {
			t.Fatalf("503 timeout after %s, render timeout is %s", took, fuzzRenderTimeout)
		}
	default:
		t.Fatalf("status %d for %s %.200q: %.300s", resp.StatusCode, contentType, body, got)
	}
}

func checkDocument(t *testing.T, format string, resp *http.Response, got []byte) {
	t.Helper()
	magic := map[string]string{"pdf": "%PDF-", "docx": "PK\x03\x04"}[format]
	if !bytes.HasPrefix(got, []byte(magic)) {
		t.Fatalf("200 %s body starts %.16q", format, got)
	}
	if cl := resp.Header.Get("Content-Length"); cl != "" && cl != strconv.Itoa(len(got)) {
		t.Fatalf("Content-Length %s, body %d bytes", cl, len(got))
	}
}

// checkErrorBody decodes {"error":{"code":...,"message":...}} and returns the code.
func checkErrorBody(t *testing.T, resp *http.Response, got []byte) render.Code {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("status %d: Content-Type %q, want JSON; body %.200q", resp.StatusCode, ct, got)
	}
	var e struct {
		Error struct {
			Code    render.Code `json:"code"`
			Message string      `json:"message"`
			Field   string      `json:"field"`
		} `json:"error"`
	}
	if err := json.Unmarshal(got, &e); err != nil {
		t.Fatalf("status %d: error body %.200q: %v", resp.StatusCode, got, err)
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("status %d: error without code or message: %.200q", resp.StatusCode, got)
	}
	if handlers.Status(e.Error.Code) != resp.StatusCode {
		t.Fatalf("status %d but code %q maps to %d", resp.StatusCode, e.Error.Code, handlers.Status(e.Error.Code))
	}
	return e.Error.Code
}

// formatFor spreads inputs over both formats without doubling the cost.
func formatFor(body string) string {
	if len(body)%2 == 0 {
		return "pdf"
	}
	return "docx"
}

// FuzzRequestJSON posts arbitrary application/json bodies.
func FuzzRequestJSON(f *testing.F) {
	f.Add(`{"lang":"en","title":"T","body":"A paragraph."}`)
	f.Add(`{"lang":"my","title":"မြန်မာ","body":"မင်္ဂလာပါ။"}`)
	f.Add(`{"lang":"en","title":"T","body":"x","extra":1}`)
	f.Fuzz(func(t *testing.T, body string) {
		fuzzRequest(t, formatFor(body), "application/json", body)
	})
}

// FuzzRequestForm posts arbitrary application/x-www-form-urlencoded bodies.
func FuzzRequestForm(f *testing.F) {
	f.Add("lang=en&title=T&body=A+paragraph.")
	f.Add("lang=my&title=%E1%80%80&body=%E1%80%80%E1%80%BB")
	f.Add("lang=en&lang=my&title=%zz")
	f.Fuzz(func(t *testing.T, body string) {
		fuzzRequest(t, formatFor(body), "application/x-www-form-urlencoded", body)
	})
}

// FuzzRequestMultipart posts arbitrary multipart/form-data bodies with an
// arbitrary boundary parameter.
func FuzzRequestMultipart(f *testing.F) {
	f.Add("B", "--B\r\nContent-Disposition: form-data; name=\"lang\"\r\n\r\nen\r\n--B\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--B\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nText\r\n--B--\r\n")
	f.Add("B", "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.md\"\r\n\r\n---\nlang: en\ntitle: T\n---\nBody\r\n--B--\r\n")
	f.Fuzz(func(t *testing.T, boundary, body string) {
		ct := "multipart/form-data; boundary=" + quoteParam(boundary)
		fuzzRequest(t, formatFor(body), ct, body)
	})
}

// quoteParam quotes a media type parameter value when it needs quoting.
func quoteParam(v string) string {
	if v != "" && !strings.ContainsAny(v, " \t\"\\;,=()<>@:/[]?") {
		return v
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}
