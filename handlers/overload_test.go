package handlers

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/docexport/docexport/render"
)

// gatedRenderer holds every render until the gate opens (or the render's
// context ends), reporting each start and the context error it saw.
type gatedRenderer struct {
	next    Renderer
	gate    chan struct{}
	started chan struct{}
	ctxErr  chan error
}

func newGated(next Renderer) *gatedRenderer {
	return &gatedRenderer{next: next, gate: make(chan struct{}), started: make(chan struct{}, 16), ctxErr: make(chan error, 16)}
}

func (g *gatedRenderer) Render(ctx context.Context, st render.Statement, f render.Format) (*render.Result, error) {
	g.started <- struct{}{}
	select {
	case <-g.gate:
	case <-ctx.Done():
		g.ctxErr <- ctx.Err()
		return nil, ctx.Err()
	}
	return g.next.Render(ctx, st, f)
}

// TestOverloadRejectsExactlyOne: one render slot, one queue place, three
// concurrent slow requests: one renders, one waits and renders, one is
// refused at once with 429 and Retry-After.
func TestOverloadRejectsExactlyOne(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxRenders, cfg.QueueSize, cfg.QueueWait = 1, 1, time.Minute
	var g *gatedRenderer
	ts := newTestServer(t, cfg, func(r Renderer) Renderer { g = newGated(r); return g })
	ok := writersReady(t, render.PDF)
	body := mustJSON(t, statement())

	type result struct {
		status     int
		code       render.Code
		retryAfter string
	}
	results := make(chan result, 3)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, b := ts.do(t, http.MethodPost, "/v1/render/pdf", "application/json", body, nil)
			r := result{status: resp.StatusCode, retryAfter: resp.Header.Get("Retry-After")}
			if resp.StatusCode != 200 {
				r.code = apiError(t, resp, b).Code
			}
			results <- r
		}()
	}
	// While the gate is shut, exactly one request must come back: the
	// one that found the slot taken and the queue full.
	first := <-results
	if first.status != http.StatusTooManyRequests || first.code != CodeOverloaded || first.retryAfter != "1" {
		t.Fatalf("first answer %+v, want 429 overloaded with Retry-After 1", first)
	}
	waitFor(t, func() bool { return ts.srv.Limiter().InFlight() == 1 && ts.srv.Limiter().Waiting() == 1 })
	fams := ts.scrape(t)
	if v := fams[MetricQueueDepth].GetMetric()[0].GetGauge().GetValue(); v != 1 {
		t.Errorf("queue depth gauge %v, want 1", v)
	}
	if v := fams[MetricRendersInFlight].GetMetric()[0].GetGauge().GetValue(); v != 1 {
		t.Errorf("in-flight gauge %v, want 1", v)
	}
	close(g.gate)
	wg.Wait()
	close(results)
	for r := range results {
		if ok && r.status != http.StatusOK {
			t.Errorf("a queued request got %+v, want 200", r)
		}
	}
	fams = ts.scrape(t)
	if v := counterValue(fams, MetricRejectedTotal, map[string]string{"reason": ReasonOverloaded}); v != 1 {
		t.Errorf("rejected overloaded = %v, want 1", v)
	}
	if v := counterValue(fams, MetricHTTPRequests, map[string]string{"route": RouteRender, "code": "429"}); v != 1 {
		t.Errorf("429 responses = %v, want 1", v)
	}
}

// TestOverloadQueueWait: a request that waits longer than the queue wait
// gets 429.
func TestOverloadQueueWait(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxRenders, cfg.QueueSize, cfg.QueueWait = 1, 4, 50*time.Millisecond
	var g *gatedRenderer
	ts := newTestServer(t, cfg, func(r Renderer) Renderer { g = newGated(r); return g })
	body := mustJSON(t, statement())
	done := make(chan struct{})
	go func() {
		defer close(done)
		ts.do(t, http.MethodPost, "/v1/render/pdf", "application/json", body, nil)
	}()
	<-g.started
	start := time.Now()
	resp, b := ts.do(t, http.MethodPost, "/v1/render/pdf", "application/json", body, nil)
	if resp.StatusCode != 429 || apiError(t, resp, b).Code != CodeOverloaded || resp.Header.Get("Retry-After") != "1" {
		t.Fatalf("status %d %s, want 429 overloaded", resp.StatusCode, b)
	}
	if d := time.Since(start); d < cfg.QueueWait {
		t.Errorf("refused after %s, before the queue wait %s", d, cfg.QueueWait)
	}
	close(g.gate)
	<-done
}

// slowRenderer ignores its context for a while, like a writer that does
// not check it: the handler must still answer at the deadline.
type slowRenderer struct {
	next  Renderer
	delay time.Duration
}

func (s slowRenderer) Render(ctx context.Context, st render.Statement, f render.Format) (*render.Result, error) {
	time.Sleep(s.delay)
	return s.next.Render(ctx, st, f)
}

func TestRenderTimeout(t *testing.T) {
	for _, c := range []struct {
		name    string
		timeout time.Duration
		wrap    func(Renderer) Renderer
	}{
		{"1ns with the real renderer", time.Nanosecond, nil},
		{"renderer waits for its context", 50 * time.Millisecond, func(r Renderer) Renderer { return newGated(r) }},
		{"renderer ignores its context", 50 * time.Millisecond, func(r Renderer) Renderer { return slowRenderer{r, 2 * time.Second} }},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.RenderTimeout = c.timeout
			ts := newTestServer(t, cfg, c.wrap)
			start := time.Now()
			resp, b := ts.postJSON(t, "/v1/render/pdf", statement())
			if resp.StatusCode != http.StatusServiceUnavailable || apiError(t, resp, b).Code != render.CodeTimeout {
				t.Fatalf("status %d %s, want 503 timeout", resp.StatusCode, b)
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("answered after %s, long past the %s deadline", d, c.timeout)
			}
			fams := ts.scrape(t)
			if v := counterValue(fams, MetricRendersTotal, map[string]string{"outcome": OutcomeTimeout}); v != 1 {
				t.Errorf("timeout renders = %v, want 1", v)
			}
		})
	}
}

// TestClientDisconnectCancelsRender: a client that goes away cancels the
// render's context; the request is logged and counted as 499.
func TestClientDisconnectCancelsRender(t *testing.T) {
	var g *gatedRenderer
	ts := newTestServer(t, DefaultConfig(), func(r Renderer) Renderer { g = newGated(r); return g })
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/v1/render/pdf", strings.NewReader(string(mustJSON(t, statement()))))
	req.Header.Set("Content-Type", "application/json")
	errc := make(chan error, 1)
	go func() {
		resp, err := ts.Client().Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-g.started
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("client: %v, want canceled", err)
	}
	select {
	case err := <-g.ctxErr:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("render context ended with %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the render context was not canceled")
	}
	waitFor(t, func() bool { return strings.Contains(ts.logText(), `"status":499`) })
	fams := ts.scrape(t)
	if v := counterValue(fams, MetricHTTPRequests, map[string]string{"code": "499"}); v != 1 {
		t.Errorf("499 requests = %v, want 1", v)
	}
	if v := counterValue(fams, MetricRendersTotal, map[string]string{"outcome": OutcomeError}); v != 1 {
		t.Errorf("error renders = %v, want 1", v)
	}
	waitFor(t, func() bool { return ts.srv.Limiter().InFlight() == 0 })
}

// panicRenderer panics inside the render.
type panicRenderer struct{}

func (panicRenderer) Render(context.Context, render.Statement, render.Format) (*render.Result, error) {
	panic("boom")
}

func TestPanicsAreRecovered(t *testing.T) {
	ts := newTestServer(t, DefaultConfig(), func(Renderer) Renderer { return panicRenderer{} })
	ts.srv.Route(http.MethodGet, "/panic", func(http.ResponseWriter, *http.Request) error { panic("handler boom") })
	for _, c := range []struct{ name, method, path string }{
		{"in the render", http.MethodPost, "/v1/render/pdf"},
		{"in a handler", http.MethodGet, "/panic"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, b := ts.do(t, c.method, c.path, "application/json", mustJSON(t, statement()), nil)
			e := apiError(t, resp, b)
			if resp.StatusCode != 500 || e.Code != render.CodeInternal || e.Message != "internal error" {
				t.Fatalf("status %d %+v, want 500 internal with a generic message", resp.StatusCode, e)
			}
			if strings.Contains(string(b), "boom") {
				t.Fatalf("the panic value leaked to the client: %s", b)
			}
		})
	}
	log := ts.logText()
	if !strings.Contains(log, "boom") || !strings.Contains(log, "goroutine") {
		t.Errorf("panics not logged with their stacks:\n%s", log)
	}
	if resp, _ := ts.do(t, http.MethodGet, "/healthz", "", nil, nil); resp.StatusCode != 200 {
		t.Fatal("server not serving after panics")
	}
	if ts.srv.Limiter().InFlight() != 0 {
		t.Fatal("a panicking render kept its slot")
	}
}
