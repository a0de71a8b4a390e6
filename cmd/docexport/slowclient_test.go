package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/docexport/docexport/handlers"
	"github.com/docexport/docexport/render"
	"github.com/docexport/docexport/render/testtool"
)

// maxConnTimeoutUnderTest is the longest server timeout these tests wait
// out; a longer one (not configurable yet) skips its test.
const maxConnTimeoutUnderTest = 10 * time.Second

// startInProcess runs Main on 127.0.0.1:0 with cfg's HTTP settings and
// closes it at cleanup.
func startInProcess(t *testing.T, http handlers.Config) *Main {
	t.Helper()
	cfg := DefaultConfig()
	cfg.HTTP = http
	return startInProcessWith(t, cfg)
}

// startInProcessWith runs Main with cfg on 127.0.0.1:0.
func startInProcessWith(t *testing.T, cfg Config) *Main {
	t.Helper()
	cfg.Addr = "127.0.0.1:0"
	cfg.ShutdownGrace = 10 * time.Second
	// Short connection timeouts, so the slow-client tests take seconds.
	cfg.ReadHeaderTimeout, cfg.ReadTimeout, cfg.IdleTimeout = 2*time.Second, 3*time.Second, 2*time.Second
	m := NewMain(cfg, slog.New(slog.DiscardHandler))
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return m
}

// repeatedStatement returns the corpus statement lang with its body
// repeated times, as JSON.
func repeatedStatement(t *testing.T, lang string, times int) []byte {
	t.Helper()
	var st render.Statement
	if err := json.Unmarshal(testtool.ReadCorpus(t, "statement-"+lang+".json"), &st); err != nil {
		t.Fatal(err)
	}
	st.Body = strings.Repeat(st.Body+"\n\n", times)
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRenderPastDeadlineAnswers503 starts Main with a 1 ms render timeout:
// a real statement cannot render in time and gets 503 timeout, counted as
// a timeout outcome.
func TestRenderPastDeadlineAnswers503(t *testing.T) {
	t.Parallel()
	cfg := handlers.DefaultConfig()
	cfg.RenderTimeout = time.Millisecond
	m := startInProcess(t, cfg)
	base := "http://" + m.Addr()
	for _, format := range []string{"pdf", "docx"} {
		resp, err := http.Post(base+"/v1/render/"+format, "application/json", bytes.NewReader(repeatedStatement(t, "my", 5)))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var e struct {
			Error struct{ Code string } `json:"error"`
		}
		_ = json.Unmarshal(body, &e)
		if resp.StatusCode != http.StatusServiceUnavailable || e.Error.Code != string(render.CodeTimeout) {
			t.Errorf("%s: status %d code %q, want 503 timeout; body %.200s", format, resp.StatusCode, e.Error.Code, body)
		}
	}
	fams := scrapeMetrics(t, base)
	if got := metricSum(fams, handlers.MetricRendersTotal, map[string]string{"outcome": handlers.OutcomeTimeout}); got != 2 {
		t.Errorf("%s{outcome=timeout} = %v, want 2", handlers.MetricRendersTotal, got)
	}
}

// awaitClose reads conn until the server closes it (EOF or reset) or
// limit passes; it returns how long after since that happened and what
// the server sent.
func awaitClose(conn net.Conn, since time.Time, limit time.Duration) (time.Duration, []byte, bool) {
	_ = conn.SetReadDeadline(since.Add(limit))
	got, err := io.ReadAll(conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return time.Since(since), got, false
	}
	return time.Since(since), got, true
}

// dial opens a raw TCP connection to m, closed at cleanup.
func dial(t *testing.T, m *Main) net.Conn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", m.Addr(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// trickle writes b to conn every 200 ms until the returned channel is
// closed or a write fails: a client too slow to finish its request.
func trickle(conn net.Conn, b string) chan struct{} {
	stop := make(chan struct{})
	go func() {
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := conn.Write([]byte(b)); err != nil {
					return
				}
			}
		}
	}()
	return stop
}

// TestSlowHeadersAreCut: a client that trickles its request headers (one
// byte every 200 ms, forever) is disconnected at ReadHeaderTimeout.
func TestSlowHeadersAreCut(t *testing.T) {
	t.Parallel()
	m := startInProcess(t, handlers.DefaultConfig())
	timeout := m.http.ReadHeaderTimeout
	if timeout <= 0 || timeout > maxConnTimeoutUnderTest {
		t.Fatalf("ReadHeaderTimeout is %s: the test needs a short, configured timeout", timeout)
	}
	conn := dial(t, m)
	start := time.Now()
	if _, err := io.WriteString(conn, "POST /v1/render/pdf HTTP/1.1\r\nHost: x\r\nX-Slow: "); err != nil {
		t.Fatal(err)
	}
	stop := trickle(conn, "a")
	defer close(stop)
	after, got, closed := awaitClose(conn, start, timeout+5*time.Second)
	if !closed {
		t.Fatalf("connection still open %s after a slow header started (ReadHeaderTimeout %s)", after, timeout)
	}
	if after < timeout-100*time.Millisecond {
		t.Errorf("cut after %s, before ReadHeaderTimeout %s", after, timeout)
	}
	if len(got) > 0 && !bytes.HasPrefix(got, []byte("HTTP/1.1 4")) {
		t.Errorf("server answered %.100q", got)
	}
	t.Logf("slow header client cut after %s (ReadHeaderTimeout %s)", after.Round(time.Millisecond), timeout)
}

// TestSlowBodyIsCut: a client that sends its headers and then trickles the
// body is cut at ReadTimeout; it never gets a render slot.
func TestSlowBodyIsCut(t *testing.T) {
	t.Parallel()
	m := startInProcess(t, handlers.DefaultConfig())
	timeout := m.http.ReadTimeout
	if timeout <= 0 || timeout > maxConnTimeoutUnderTest {
		t.Fatalf("ReadTimeout is %s: the test needs a short, configured timeout", timeout)
	}
	conn := dial(t, m)
	start := time.Now()
	if _, err := io.WriteString(conn, "POST /v1/render/pdf HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"); err != nil {
		t.Fatal(err)
	}
	stop := trickle(conn, " ")
	defer close(stop)
	after, got, closed := awaitClose(conn, start, timeout+5*time.Second)
	if !closed {
		t.Fatalf("connection still open %s after a slow body started (ReadTimeout %s)", after, timeout)
	}
	if after < timeout-100*time.Millisecond {
		t.Errorf("cut after %s, before ReadTimeout %s", after, timeout)
	}
	if resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(got)), nil); err == nil && resp.StatusCode < 400 {
		t.Errorf("slow body answered %d: %.300q", resp.StatusCode, got)
	}
	if n := metricSum(scrapeMetrics(t, "http://"+m.Addr()), handlers.MetricRendersTotal, nil); n != 0 {
		t.Errorf("%v renders ran for a body that never arrived", n)
	}
}

// TestIdleKeepAliveIsClosed: a kept-alive connection that sends nothing
// after its response is closed at IdleTimeout.
func TestIdleKeepAliveIsClosed(t *testing.T) {
	t.Parallel()
	m := startInProcess(t, handlers.DefaultConfig())
	timeout := m.http.IdleTimeout
	if timeout <= 0 || timeout > maxConnTimeoutUnderTest {
		t.Fatalf("IdleTimeout is %s: the test needs a short, configured timeout", timeout)
	}
	conn := dial(t, m)
	if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Close {
		t.Fatalf("/healthz: status %d, close %v", resp.StatusCode, resp.Close)
	}
	start := time.Now()
	_ = conn.SetReadDeadline(start.Add(timeout + 5*time.Second))
	_, err = br.ReadByte()
	after := time.Since(start)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("idle connection still open after %s (IdleTimeout %s)", after, timeout)
	}
	if after < timeout-100*time.Millisecond {
		t.Errorf("idle connection closed after %s, before IdleTimeout %s", after, timeout)
	}
}

// TestClientDisconnectStopsRender: when the client goes away mid-render the
// render itself stops (its slot frees long before the render could have
// finished) and is counted as an error outcome with status 499.
func TestClientDisconnectStopsRender(t *testing.T) {
	t.Parallel()
	cfg := DefaultConfig()
	cfg.HTTP.MaxRenders, cfg.HTTP.QueueSize = 1, 0
	cfg.HTTP.RenderTimeout = 2 * time.Minute
	// No caches shared between renders: the render left alone below must
	// cost what the canceled one would have.
	cfg.Render.ShapeCacheWords, cfg.Render.SubsetCacheFonts = 0, 0
	// A statement large enough (about 4 MiB) that a whole render takes
	// several times the jitter of a busy machine.
	cfg.HTTP.MaxBodyBytes = 8 << 20
	m := startInProcessWith(t, cfg)
	base := "http://" + m.Addr()
	body := repeatedStatement(t, "my", 250)
	inFlight := func() float64 {
		return metricSum(scrapeMetrics(t, base), handlers.MetricRendersInFlight, nil)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/render/pdf", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	errc := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			err = errors.New("the request completed: " + resp.Status)
		}
		errc <- err
	}()
	deadline := time.Now().Add(30 * time.Second)
	for inFlight() != 1 {
		if time.Now().After(deadline) {
			t.Fatal("the render never started")
		}
		time.Sleep(5 * time.Millisecond)
	}
	renderStart := time.Now()
	time.Sleep(200 * time.Millisecond)
	cancel()
	canceledAt := time.Now()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("client: %v", err)
	}
	for inFlight() != 0 {
		if time.Since(canceledAt) > 30*time.Second {
			t.Fatal("the render still holds its slot 30s after the client left")
		}
		time.Sleep(5 * time.Millisecond)
	}
	stopped, ran := time.Since(canceledAt), time.Since(renderStart)

	// The same render left alone, for comparison.
	start := time.Now()
	resp, err := http.Post(base+"/v1/render/pdf", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	full := time.Since(start)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("uncanceled render: status %d", resp.StatusCode)
	}
	// The render must end well before it would have completed (it checks
	// the context between paragraphs, blocks, pages and stages).
	if ran > full*3/4 {
		t.Errorf("the canceled render held its slot %s in all (%s after the client left); a whole render takes %s", ran, stopped, full)
	}

	fams := scrapeMetrics(t, base)
	if got := metricSum(fams, handlers.MetricRendersTotal, map[string]string{"outcome": handlers.OutcomeError}); got != 1 {
		t.Errorf("%s{outcome=error} = %v, want 1 (the canceled render)", handlers.MetricRendersTotal, got)
	}
	if got := metricSum(fams, handlers.MetricHTTPRequests, map[string]string{"code": "499"}); got != 1 {
		t.Errorf("%s{code=499} = %v, want 1", handlers.MetricHTTPRequests, got)
	}
	t.Logf("canceled render held its slot %s (%s after the client left); a whole render takes %s", ran.Round(time.Millisecond), stopped.Round(time.Millisecond), full.Round(time.Millisecond))
}
