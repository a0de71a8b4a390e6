package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/docexport/docexport/handlers"
	"github.com/docexport/docexport/render"
	"github.com/docexport/docexport/render/testtool"
)

func TestParseMix(t *testing.T) {
	tests := []struct {
		name, in string
		want     []MixEntry
		wantErr  bool
	}{
		{"one", "pdf/en", []MixEntry{{"pdf", "en", 1}}, false},
		{"weights", "pdf/my=3, docx/en", []MixEntry{{"pdf", "my", 3}, {"docx", "en", 1}}, false},
		{"unknown format", "odt/en", nil, true},
		{"unknown lang", "pdf/fr", nil, true},
		{"no slash", "pdf", nil, true},
		{"zero weight", "pdf/en=0", nil, true},
		{"empty", " , ", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseMix(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parseMix(%q) error %v, want error %v", tt.in, err, tt.wantErr)
			}
			if !tt.wantErr && !equalMix(got, tt.want) {
				t.Errorf("parseMix(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func equalMix(a, b []MixEntry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		name, url string
		ok        bool
	}{
		{"ipv4 loopback", "http://127.0.0.1:8080", true},
		{"other 127/8", "http://127.0.0.2:8080", true},
		{"ipv6 loopback", "http://[::1]:8080", true},
		{"localhost", "http://localhost:8080", true},
		{"public ip", "http://93.184.216.34", false},
		{"private ip", "http://10.0.0.1:8080", false},
		{"any address", "http://0.0.0.0:8080", false},
		{"remote name", "https://example.org", false},
		{"localhost lookalike", "http://localhost.example.org", false},
		{"userinfo trick", "http://127.0.0.1@example.org/", false},
		{"no scheme", "127.0.0.1:8080", false},
		{"ftp", "ftp://127.0.0.1/", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkLoopback(context.Background(), tt.url)
			if (err == nil) != tt.ok {
				t.Errorf("checkLoopback(%q) = %v, want ok %v", tt.url, err, tt.ok)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	tests := []struct {
		name string
		in   []time.Duration
		p    float64
		want time.Duration
	}{
		{"p50 of 100", d, 50, 50 * time.Millisecond},
		{"p99 of 100", d, 99, 99 * time.Millisecond},
		{"p100 of 100", d, 100, 100 * time.Millisecond},
		{"p0 of 100", d, 0, time.Millisecond},
		{"one value", d[:1], 99, time.Millisecond},
		{"empty", nil, 50, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.in, tt.p); got != tt.want {
				t.Errorf("percentile(p%v) = %s, want %s", tt.p, got, tt.want)
			}
		})
	}
}

func TestRunRefusesBadUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"remote url", []string{"-url", "http://example.org", "-n", "1"}},
		{"unbounded", []string{"-n", "0", "-duration", "0"}},
		{"no clients", []string{"-c", "0"}},
		{"bad mix", []string{"-mix", "pdf/xx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(context.Background(), tt.args, &out, &errb); code != 2 {
				t.Errorf("exit %d, want 2; stderr %s", code, errb.String())
			}
		})
	}
}

// TestRunAgainstRealHandler drives a real handler on loopback with every
// mix entry and checks the report's accounting.
func TestRunAgainstRealHandler(t *testing.T) {
	r, err := render.New(render.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	srv, err := handlers.New(handlers.DefaultConfig(), handlers.Deps{Renderer: r, Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	srv.SetReady(true)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	corpus := filepath.Dir(testtool.Corpus(t, "statement-en.json"))
	var out, errb bytes.Buffer
	args := []string{"-url", hs.URL, "-corpus", corpus, "-c", "2", "-n", "8", "-duration", "60s", "-pid", "0"}
	if code := run(context.Background(), args, &out, &errb); code != 0 {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out.String(), errb.String())
	}
	report := out.String()
	for _, want := range []string{"pdf/en", "pdf/my", "docx/en", "docx/my", "renders/s", "p99"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	var allLine string
	for _, l := range strings.Split(report, "\n") {
		if strings.HasPrefix(l, "all ") {
			allLine = l
		}
	}
	if f := strings.Fields(allLine); len(f) < 3 || f[1] != "8" || f[2] != "8" || !strings.HasSuffix(allLine, "none") {
		t.Errorf("want 8 sent, 8 ok, no errors: %q", allLine)
	}
	if strings.Contains(report, "peak RSS sampled during the run 0.0 MiB") {
		t.Errorf("no memory sample:\n%s", report)
	}
	// With a pid, the figures come from /proc (this test process serves).
	if _, err := os.Stat("/proc/self/status"); err == nil {
		out.Reset()
		args := []string{"-url", hs.URL, "-corpus", corpus, "-c", "1", "-n", "2", "-pid", strconv.Itoa(os.Getpid())}
		if code := run(context.Background(), args, &out, &errb); code != 0 {
			t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
		}
		if !strings.Contains(out.String(), "VmHWM") || !strings.Contains(out.String(), "server CPU:") {
			t.Errorf("no VmHWM or CPU figures with -pid:\n%s", out.String())
		}
	}
}

func TestProcCPU(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	before, err := procCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	x := 0
	for start := time.Now(); time.Since(start) < 100*time.Millisecond; {
		x++
	}
	after, err := procCPU(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if after <= before || after-before > 10*time.Second {
		t.Errorf("CPU %s then %s after a 100ms busy loop (%d)", before, after, x)
	}
	if _, err := procCPU(-1); err == nil {
		t.Error("procCPU(-1) succeeded")
	}
}
