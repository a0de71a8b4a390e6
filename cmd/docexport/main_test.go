package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/docexport/docexport/handlers"
	"github.com/docexport/docexport/render"
)

// TestMain lets the test binary act as docexport for the signal test.
func TestMain(m *testing.M) {
	if os.Getenv("DOCEXPORT_TEST_BE_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func testConfig() Config {
	cfg := DefaultConfig()
	cfg.Addr = "127.0.0.1:0"
	cfg.ShutdownGrace = 10 * time.Second
	return cfg
}

// startMain runs a Main on a free loopback port and closes it at cleanup.
func startMain(t *testing.T, cfg Config, r handlers.Renderer) (*Main, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	m := NewMain(cfg, slog.New(slog.NewTextHandler(&log, nil)))
	m.renderer = r
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := m.Run(ctx); err != nil {
		t.Fatalf("Run: %v", err)
	}
	t.Cleanup(func() { _ = m.Close() })
	return m, &log
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func post(ctx context.Context, url string, v any) (*http.Response, []byte, error) {
	b, _ := json.Marshal(v)
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp, body, err
}

var sample = render.Statement{Lang: "en", Title: "Served", Body: "Hello from the test.\n"}

func TestMainServes(t *testing.T) {
	m, _ := startMain(t, testConfig(), nil)
	base := "http://" + m.Addr()
	if code, body := get(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Fatalf("healthz: %d %q", code, body)
	}
	if code, _ := get(t, base+"/readyz"); code != 200 {
		t.Fatalf("readyz: %d", code)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	resp, body, err := post(ctx, base+"/v1/render/pdf", sample)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 && resp.StatusCode != 500 { // 500 only while the writer is unbuilt
		t.Fatalf("render: %d %s", resp.StatusCode, body)
	}
	if code, body := get(t, base+"/metrics"); code != 200 || !strings.Contains(body, handlers.MetricBuildInfo) {
		t.Fatalf("metrics: %d", code)
	}
	var out, errb bytes.Buffer
	if code := dispatch(ctx, []string{"healthcheck", "-url", base + "/healthz"}, &out, &errb); code != 0 {
		t.Fatalf("healthcheck exit %d: %s", code, errb.String())
	}
	if code := dispatch(ctx, []string{"healthcheck", "-url", base + "/nowhere"}, &out, &errb); code != 1 {
		t.Fatalf("healthcheck of a 404 exit %d, want 1", code)
	}
}

// gated holds renders until released, reporting starts.
type gated struct {
	next    handlers.Renderer
	started chan struct{}
	gate    chan struct{}
}

func (g gated) Render(ctx context.Context, st render.Statement, f render.Format) (*render.Result, error) {
	g.started <- struct{}{}
	<-g.gate
	return g.next.Render(ctx, st, f)
}

// TestGracefulShutdown: Close turns readiness off at once, stops
// accepting, and lets the in-flight request finish.
func TestGracefulShutdown(t *testing.T) {
	r, err := render.New(render.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	g := gated{next: r, started: make(chan struct{}, 1), gate: make(chan struct{})}
	m, _ := startMain(t, testConfig(), g)
	base := "http://" + m.Addr()

	type answer struct {
		status int
		err    error
	}
	inflight := make(chan answer, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		resp, _, err := post(ctx, base+"/v1/render/pdf", sample)
		if err != nil {
			inflight <- answer{err: err}
			return
		}
		inflight <- answer{status: resp.StatusCode}
	}()
	<-g.started

	closed := make(chan error, 1)
	go func() { closed <- m.Close() }()
	deadline := time.Now().Add(5 * time.Second)
	for m.Server().Ready() {
		if time.Now().After(deadline) {
			t.Fatal("still ready after shutdown began")
		}
		time.Sleep(time.Millisecond)
	}
	// The listener stops accepting.
	for {
		c, err := net.DialTimeout("tcp", m.Addr(), time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections after shutdown began")
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) before the in-flight request finished", err)
	default:
	}
	close(g.gate)
	a := <-inflight
	if a.err != nil || (a.status != 200 && a.status != 500) {
		t.Fatalf("in-flight request: %+v, want it completed", a)
	}
	if err := <-closed; err != nil {
		t.Fatalf("Close: %v", err)
	}
}

// TestSignalShutdown runs the real main in a child process and sends it
// SIGTERM: it must stop serving and exit 0.
func TestSignalShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(exe, "serve", "-log-format", "json")
	cmd.Env = append(os.Environ(), "DOCEXPORT_TEST_BE_MAIN=1", "DOCEXPORT_ADDR="+addr)
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	defer func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready in 30s: %s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit: %v\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no exit 30s after SIGTERM")
	}
	if !strings.Contains(stderr.String(), `"msg":"shutting down"`) {
		t.Errorf("no shutdown log line:\n%s", stderr.String())
	}
}

func TestDispatch(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name string
		args []string
		code int
		out  string
	}{
		{"help", []string{"help"}, 0, "healthcheck"},
		{"unknown command", []string{"frobnicate"}, 2, ""},
		{"serve help", []string{"serve", "-h"}, 0, ""},
		{"bad flag", []string{"-no-such-flag"}, 2, ""},
		{"bad value", []string{"serve", "-max-body", "lots"}, 2, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := dispatch(ctx, c.args, &out, &errb); code != c.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, c.code, errb.String())
			}
			if !strings.Contains(out.String(), c.out) {
				t.Fatalf("stdout %q lacks %q", out.String(), c.out)
			}
		})
	}
}

func TestParseServeFlags(t *testing.T) {
	def := DefaultConfig()
	for _, c := range []struct {
		name  string
		args  []string
		env   map[string]string
		check func(Config) error
		fails bool
	}{
		{"defaults", nil, nil, func(c Config) error {
			if c.Addr != ":8080" || c.HTTP.MaxBodyBytes != 1<<20 || c.HTTP.RenderTimeout != 10*time.Second ||
				c.ShutdownGrace != 20*time.Second || c.HTTP.MaxRenders != def.HTTP.MaxRenders || c.HTTP.QueueSize != handlers.QueuePerRender*def.HTTP.MaxRenders || c.ReadHeaderTimeout != 5*time.Second || c.LogFormat != "text" {
				return fmt.Errorf("%+v", c)
			}
			return nil
		}, false},
		{"environment", nil, map[string]string{"DOCEXPORT_ADDR": ":9000", "DOCEXPORT_MAX_BODY": "2MiB", "DOCEXPORT_MAX_RENDERS": "3",
			"DOCEXPORT_QUEUE_WAIT": "500ms", "DOCEXPORT_LOG_FORMAT": "json", "DOCEXPORT_READ_TIMEOUT": "7s"}, func(c Config) error {
			if c.Addr != ":9000" || c.HTTP.MaxBodyBytes != 2<<20 || c.HTTP.MaxRenders != 3 || c.HTTP.QueueSize != 3*handlers.QueuePerRender || c.ReadTimeout != 7*time.Second ||
				c.HTTP.QueueWait != 500*time.Millisecond || c.LogFormat != "json" {
				return fmt.Errorf("%+v", c)
			}
			return nil
		}, false},
		{"flags beat environment", []string{"-addr", ":7000", "-max-body", "65536", "-queue", "0"},
			map[string]string{"DOCEXPORT_ADDR": ":9000", "DOCEXPORT_QUEUE": "5"}, func(c Config) error {
				if c.Addr != ":7000" || c.HTTP.MaxBodyBytes != 65536 || c.HTTP.QueueSize != 0 {
					return fmt.Errorf("%+v", c)
				}
				return nil
			}, false},
		{"bad environment value", nil, map[string]string{"DOCEXPORT_RENDER_TIMEOUT": "soon"}, nil, true},
		{"zero renders", []string{"-max-renders", "0"}, nil, nil, true},
		{"bad log format", []string{"-log-format", "xml"}, nil, nil, true},
		{"zero idle timeout", []string{"-idle-timeout", "0s"}, nil, nil, true},
		{"header timeout beyond read timeout", []string{"-read-header-timeout", "1m", "-read-timeout", "10s"}, nil, nil, true},
		{"stray argument", []string{"extra"}, nil, nil, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := parseServeFlags(c.args, func(k string) string { return c.env[k] }, io.Discard)
			if c.fails {
				if err == nil {
					t.Fatalf("no error; config %+v", cfg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := c.check(cfg); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestByteSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"1048576", 1 << 20, true}, {"1MiB", 1 << 20, true}, {"1mb", 1 << 20, true}, {"512KiB", 512 << 10, true},
		{"2 M", 2 << 20, true}, {"1GiB", 1 << 30, true}, {"100B", 100, true},
		{"", 0, false}, {"0", 0, false}, {"-1", 0, false}, {"1.5MiB", 0, false}, {"1TiB", 0, false}, {"99999999GiB", 0, false},
	} {
		t.Run(c.in, func(t *testing.T) {
			var b byteSize
			err := b.Set(c.in)
			if (err == nil) != c.ok || (c.ok && int64(b) != c.want) {
				t.Fatalf("Set(%q) = %d, %v; want %d ok=%v", c.in, b, err, c.want, c.ok)
			}
		})
	}
}

func TestDefaultHealthURL(t *testing.T) {
	for addr, want := range map[string]string{
		"":               "http://127.0.0.1:8080/healthz",
		":9000":          "http://127.0.0.1:9000/healthz",
		"0.0.0.0:81":     "http://127.0.0.1:81/healthz",
		"10.0.0.5:8080":  "http://10.0.0.5:8080/healthz",
		"[::1]:8080":     "http://[::1]:8080/healthz",
		"not an address": "http://127.0.0.1:8080/healthz",
	} {
		if got := defaultHealthURL(func(string) string { return addr }); got != want {
			t.Errorf("addr %q: %q, want %q", addr, got, want)
		}
	}
}
