package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/docexport/docexport/handlers"
	"github.com/docexport/docexport/render"
	"github.com/docexport/docexport/render/testtool"
)

// Bounds of the flood test. The server process's peak resident set
// (VmHWM) must stay under peakRSSBound while it reads a burst of maximum
// size bodies and renders the ones it admits; the deployment's container
// limit is 512 MiB with GOMEMLIMIT 450 MiB (deploy/k8s/deployment.yaml).
const (
	floodRequests = 24
	heavyRequests = 2 // as many as the server's render slots
	peakRSSBound  = 250 << 20
)

// vmHWM reads the peak resident set size of a process from
// /proc/<pid>/status, in bytes.
func vmHWM(t *testing.T, pid int) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				t.Fatalf("VmHWM %q: %v", v, err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no VmHWM in /proc/%d/status", pid)
	return 0
}

// maxSizeStatement returns the Myanmar sample with its body repeated until
// the JSON request is just under limit bytes: a valid statement as large as
// the server accepts.
func maxSizeStatement(t *testing.T, limit int) []byte {
	t.Helper()
	var st render.Statement
	if err := json.Unmarshal(testtool.ReadCorpus(t, "statement-my.json"), &st); err != nil {
		t.Fatal(err)
	}
	para := st.Body + "\n\n"
	st.Body = ""
	var out []byte
	for {
		next := st
		next.Body += para
		b, err := json.Marshal(next)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > limit {
			break
		}
		st, out = next, b
	}
	if len(out) < limit*9/10 {
		t.Fatalf("statement of %d bytes, want close to %d", len(out), limit)
	}
	return out
}

// scrapeMetrics parses a server's /metrics.
func scrapeMetrics(t *testing.T, base string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatalf("/metrics: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: status %d", resp.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parse /metrics: %v", err)
	}
	return fams
}

// metricSum sums the counter or gauge samples of a family whose labels
// include want.
func metricSum(fams map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	sum := 0.0
	for _, m := range fams[name].GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		match := true
		for k, v := range want {
			match = match && have[k] == v
		}
		if !match {
			continue
		}
		if m.Counter != nil {
			sum += m.GetCounter().GetValue()
		} else {
			sum += m.GetGauge().GetValue()
		}
	}
	return sum
}

// TestFloodOfMaximumSizeRequests sends a burst of concurrent requests with
// bodies just under the 1 MiB limit (the Myanmar sample repeated) to the
// real binary with small limits. Every request is either rendered or
// refused with 429 and Retry-After, the overload counter matches the 429s
// seen, and the server's peak RSS stays bounded.
func TestFloodOfMaximumSizeRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	t.Parallel()
	bin := buildServerBinary(t)
	srv := startChildServer(t, bin, []string{"GOMEMLIMIT=450MiB"},
		"-max-renders", "2", "-queue", "2", "-queue-wait", "500ms", "-render-timeout", "120s")
	pid := srv.cmd.Process.Pid
	baseline := vmHWM(t, pid)
	body := maxSizeStatement(t, handlers.DefaultMaxBodyBytes-1024)

	type result struct {
		format     string
		status     int
		retryAfter string
		code       string
		err        error
	}
	results := make([]result, floodRequests)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range results {
		// The first requests are PDFs, the heaviest render there is (a
		// 1 MiB Myanmar body), sent first so they hold the render slots
		// while the rest, Word documents, flood in at once.
		format := "docx"
		if i < heavyRequests {
			format = "pdf"
		}
		wg.Add(1)
		go func(i int, format string) {
			defer wg.Done()
			r := result{format: format}
			defer func() { results[i] = r }()
			client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 3 * time.Minute}
			if i >= heavyRequests {
				<-start
			}
			resp, err := client.Post(srv.base+"/v1/render/"+format, "application/json", bytes.NewReader(body))
			if err != nil {
				r.err = err
				return
			}
			defer resp.Body.Close()
			data, err := io.ReadAll(resp.Body)
			if err != nil {
				r.err = fmt.Errorf("read %d response: %w", resp.StatusCode, err)
				return
			}
			r.status, r.retryAfter = resp.StatusCode, resp.Header.Get("Retry-After")
			switch resp.StatusCode {
			case http.StatusOK:
				r.err = checkDocument(format, resp, data)
			default:
				var e struct {
					Error struct{ Code string } `json:"error"`
				}
				if err := json.Unmarshal(data, &e); err != nil {
					r.err = fmt.Errorf("status %d, body not a JSON error: %.200q", resp.StatusCode, data)
				}
				r.code = e.Error.Code
			}
		}(i, format)
	}
	began := time.Now()
	for deadline := time.Now().Add(time.Minute); metricSum(scrapeMetrics(t, srv.base), handlers.MetricRendersInFlight, nil) < heavyRequests; {
		if time.Now().After(deadline) {
			t.Fatalf("the %d PDF renders did not start within a minute", heavyRequests)
		}
		time.Sleep(5 * time.Millisecond)
	}
	close(start)
	wg.Wait()
	elapsed := time.Since(began)

	var ok, overloaded int
	for i, r := range results {
		switch {
		case r.err != nil:
			t.Errorf("request %d (%s): %v", i, r.format, r.err)
		case r.status == http.StatusOK:
			ok++
		case r.status == http.StatusTooManyRequests:
			overloaded++
			if r.code != string(handlers.CodeOverloaded) {
				t.Errorf("request %d: 429 with code %q", i, r.code)
			}
			if n, err := strconv.Atoi(r.retryAfter); err != nil || n < 1 {
				t.Errorf("request %d: 429 with Retry-After %q", i, r.retryAfter)
			}
		default:
			t.Errorf("request %d (%s): status %d code %q: only 200 and 429 are expected", i, r.format, r.status, r.code)
		}
	}
	if ok+overloaded != floodRequests {
		t.Errorf("%d rendered + %d refused != %d sent", ok, overloaded, floodRequests)
	}
	if ok < heavyRequests || overloaded == 0 {
		t.Errorf("%d rendered, %d refused: the %d PDFs should render and the flood be refused in part", ok, overloaded, heavyRequests)
	}

	fams := scrapeMetrics(t, srv.base)
	if got := metricSum(fams, handlers.MetricRejectedTotal, map[string]string{"reason": handlers.ReasonOverloaded}); got != float64(overloaded) {
		t.Errorf("%s{reason=overloaded} = %v, clients saw %d 429s", handlers.MetricRejectedTotal, got, overloaded)
	}
	if got := metricSum(fams, handlers.MetricRendersTotal, map[string]string{"outcome": handlers.OutcomeOK}); got != float64(ok) {
		t.Errorf("%s{outcome=ok} = %v, clients received %d documents", handlers.MetricRendersTotal, got, ok)
	}
	if got := metricSum(fams, handlers.MetricRendersTotal, nil); got != float64(ok) {
		t.Errorf("%s = %v in all, want only the %d successes", handlers.MetricRendersTotal, got, ok)
	}

	peak := vmHWM(t, pid)
	t.Logf("%d requests of %d bytes in %s: %d rendered, %d refused; VmHWM %d MiB at start, %d MiB peak",
		floodRequests, len(body), elapsed.Round(time.Millisecond), ok, overloaded, baseline>>20, peak>>20)
	if peak > peakRSSBound {
		t.Errorf("peak RSS %d MiB, bound %d MiB", peak>>20, peakRSSBound>>20)
	}
}
