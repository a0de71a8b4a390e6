package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/docexport/docexport/render"
)

// requestTimeout bounds every test request: nothing may hang the server.
const requestTimeout = 60 * time.Second

var (
	rendererOnce sync.Once
	realRenderer *render.Renderer
	rendererErr  error
)

// theRenderer returns the real renderer, prepared once per test binary.
func theRenderer(t testing.TB) *render.Renderer {
	t.Helper()
	rendererOnce.Do(func() { realRenderer, rendererErr = render.New(render.DefaultConfig()) })
	if rendererErr != nil {
		t.Fatalf("render.New: %v", rendererErr)
	}
	return realRenderer
}

// testServer is a Server behind httptest with its registry.
type testServer struct {
	*httptest.Server
	srv *Server
	reg *prometheus.Registry
	log *bytes.Buffer
	mu  *sync.Mutex
}

// lockedWriter serializes log writes from concurrent requests.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// newTestServer serves the real renderer, optionally wrapped, with cfg.
func newTestServer(t testing.TB, cfg Config, wrap func(Renderer) Renderer) *testServer {
	t.Helper()
	return newTestServerWith(t, cfg, wrap, nil)
}

// newTestServerWith is newTestServer with setup run on the Server before
// it starts serving (e.g. to enable more routes).
func newTestServerWith(t testing.TB, cfg Config, wrap func(Renderer) Renderer, setup func(*Server) error) *testServer {
	t.Helper()
	var r Renderer = theRenderer(t)
	if wrap != nil {
		r = wrap(r)
	}
	reg := prometheus.NewRegistry()
	buf, mu := &bytes.Buffer{}, &sync.Mutex{}
	log := slog.New(slog.NewJSONHandler(lockedWriter{mu, buf}, nil))
	s, err := New(cfg, Deps{Renderer: r, Registry: reg, Logger: log})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if setup != nil {
		if err := setup(s); err != nil {
			t.Fatalf("setup: %v", err)
		}
	}
	s.SetReady(true)
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	return &testServer{Server: hs, srv: s, reg: reg, log: buf, mu: mu}
}

// logText returns what the server logged so far.
func (ts *testServer) logText() string {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return ts.log.String()
}

// do sends a request bounded by requestTimeout and returns the response
// with its body read.
func (ts *testServer) do(t testing.TB, method, path, contentType string, body []byte, hdr http.Header) (*http.Response, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, ts.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp, b
}

// postJSON posts v (a string is sent as is) to path.
func (ts *testServer) postJSON(t testing.TB, path string, v any) (*http.Response, []byte) {
	t.Helper()
	var body []byte
	switch x := v.(type) {
	case string:
		body = []byte(x)
	case []byte:
		body = x
	default:
		var err error
		if body, err = json.Marshal(v); err != nil {
			t.Fatal(err)
		}
	}
	return ts.do(t, http.MethodPost, path, "application/json", body, nil)
}

// apiError decodes an error response, failing when it is not one.
func apiError(t testing.TB, resp *http.Response, body []byte) errorDetail {
	t.Helper()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("status %d: Content-Type %q, want JSON; body %.200q", resp.StatusCode, ct, body)
	}
	var e errorBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("status %d: error body %q: %v", resp.StatusCode, body, err)
	}
	return e.Error
}

// statement returns a small valid English statement.
func statement() render.Statement {
	return render.Statement{Lang: "en", Title: "Test statement", Body: "A paragraph.\n\n- one\n- two\n"}
}

// myanmarStatement returns a small valid Myanmar statement.
func myanmarStatement() render.Statement {
	return render.Statement{Lang: "my", Title: "မြန်မာ ထုတ်ပြန်ချက်", Date: "2025-01-29", Body: "မင်္ဂလာပါ။ ဤသည် စမ်းသပ်ချက် ဖြစ်သည်။\n"}
}

// writersReady reports whether the format's writer is built: until it
// lands, valid statements fail with internal errors.
func writersReady(t testing.TB, f render.Format) bool {
	t.Helper()
	_, err := theRenderer(t).Render(context.Background(), statement(), f)
	return render.ErrorCode(err) != render.CodeInternal
}

func needWriter(t testing.TB, f render.Format) {
	t.Helper()
	if !writersReady(t, f) {
		t.Fatalf("the %s writer fails on a plain statement", f)
	}
}

// scrape returns the metric families the server exposes on /metrics.
func (ts *testServer) scrape(t testing.TB) map[string]*dto.MetricFamily {
	t.Helper()
	resp, body := ts.do(t, http.MethodGet, "/metrics", "", nil, http.Header{"Accept": {"text/plain"}})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d", resp.StatusCode)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// counterValue sums the samples of a counter family whose labels include want.
func counterValue(fams map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	f, ok := fams[name]
	if !ok {
		return 0
	}
	sum := 0.0
	for _, m := range f.GetMetric() {
		if labelsMatch(m, want) {
			sum += m.GetCounter().GetValue()
		}
	}
	return sum
}

func labelsMatch(m *dto.Metric, want map[string]string) bool {
	have := map[string]string{}
	for _, l := range m.GetLabel() {
		have[l.GetName()] = l.GetValue()
	}
	for k, v := range want {
		if have[k] != v {
			return false
		}
	}
	return true
}
