package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// prom is a real Prometheus started by a test.
type prom struct {
	*process
	addr string
}

// startPrometheus runs Prometheus with deploy/prometheus/prometheus.yml,
// rewritten to scrape target every interval and to load rules.yml from the
// repository, and waits until it is ready.
func startPrometheus(t testing.TB, bin, target string, interval time.Duration) *prom {
	t.Helper()
	var cfg map[string]any
	if err := yaml.Unmarshal(readFile(t, "deploy", "prometheus", "prometheus.yml"), &cfg); err != nil {
		t.Fatalf("parse prometheus.yml: %v", err)
	}
	global, _ := cfg["global"].(map[string]any)
	if global == nil {
		t.Fatal("prometheus.yml has no global section")
	}
	global["scrape_interval"] = interval.String()
	global["scrape_timeout"] = interval.String()
	global["evaluation_interval"] = interval.String()
	rules, _ := cfg["rule_files"].([]any)
	if len(rules) != 1 || rules[0] != "rules.yml" {
		t.Fatalf("prometheus.yml rule_files %v, want [rules.yml]", cfg["rule_files"])
	}
	cfg["rule_files"] = []string{repoFile(t, "deploy", "prometheus", "rules.yml")}
	scrapes, _ := cfg["scrape_configs"].([]any)
	if len(scrapes) != 1 {
		t.Fatalf("prometheus.yml has %d scrape configs, want 1", len(scrapes))
	}
	job, _ := scrapes[0].(map[string]any)
	if job["job_name"] != "docexport" {
		t.Fatalf("scrape job %v: the rules select job=\"docexport\"", job["job_name"])
	}
	job["static_configs"] = []map[string]any{{"targets": []string{target}}}

	dir := t.TempDir()
	b, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfgPath, b, 0o644); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	p := startProcess(t, "prometheus", nil, bin,
		"--config.file="+cfgPath,
		"--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr,
	)
	pr := &prom{process: p, addr: addr}
	waitHTTP(t, p, "http://"+addr+"/-/ready", 30*time.Second)
	return pr
}

// apiResponse is the envelope of Prometheus' HTTP API.
type apiResponse struct {
	Status    string          `json:"status"`
	ErrorType string          `json:"errorType"`
	Error     string          `json:"error"`
	Data      json.RawMessage `json:"data"`
}

// api GETs a Prometheus API path and returns the data of a success.
func (p *prom) api(ctx context.Context, path string, params url.Values) (json.RawMessage, error) {
	u := "http://" + p.addr + path
	if len(params) > 0 {
		u += "?" + params.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("prometheus api: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("prometheus api %s: %w", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("prometheus api %s: %w", path, err)
	}
	var r apiResponse
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("prometheus api %s: %d %.300s: %w", path, resp.StatusCode, b, err)
	}
	if r.Status != "success" {
		return nil, fmt.Errorf("prometheus api %s: %s: %s", path, r.ErrorType, r.Error)
	}
	return r.Data, nil
}

// sample is one series of an instant query.
type sample struct {
	Metric map[string]string
	Value  float64
}

// query runs an instant query and returns its samples (a scalar result is
// one sample without labels).
func (p *prom) query(ctx context.Context, expr string) ([]sample, error) {
	data, err := p.api(ctx, "/api/v1/query", url.Values{"query": {expr}})
	if err != nil {
		return nil, err
	}
	var r struct {
		ResultType string          `json:"resultType"`
		Result     json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("query result: %w", err)
	}
	switch r.ResultType {
	case "vector":
		var vs []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		}
		if err := json.Unmarshal(r.Result, &vs); err != nil {
			return nil, fmt.Errorf("vector: %w", err)
		}
		out := make([]sample, 0, len(vs))
		for _, v := range vs {
			f, err := parseValue(v.Value[1])
			if err != nil {
				return nil, err
			}
			out = append(out, sample{Metric: v.Metric, Value: f})
		}
		return out, nil
	case "scalar":
		var v [2]any
		if err := json.Unmarshal(r.Result, &v); err != nil {
			return nil, fmt.Errorf("scalar: %w", err)
		}
		f, err := parseValue(v[1])
		if err != nil {
			return nil, err
		}
		return []sample{{Value: f}}, nil
	}
	return nil, fmt.Errorf("query %s: unexpected result type %s", expr, r.ResultType)
}

func parseValue(v any) (float64, error) {
	s, ok := v.(string)
	if !ok {
		return 0, fmt.Errorf("sample value %v is not a string", v)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("sample value %q: %w", s, err)
	}
	return f, nil
}

// lastScrape returns the time of the last scrape of the only target and its
// health.
func (p *prom) lastScrape(ctx context.Context) (time.Time, string, error) {
	data, err := p.api(ctx, "/api/v1/targets", url.Values{"state": {"active"}})
	if err != nil {
		return time.Time{}, "", err
	}
	var r struct {
		ActiveTargets []struct {
			LastScrape time.Time `json:"lastScrape"`
			Health     string    `json:"health"`
			LastError  string    `json:"lastError"`
		} `json:"activeTargets"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return time.Time{}, "", fmt.Errorf("targets: %w", err)
	}
	if len(r.ActiveTargets) != 1 {
		return time.Time{}, "", fmt.Errorf("%d active targets, want 1", len(r.ActiveTargets))
	}
	tg := r.ActiveTargets[0]
	return tg.LastScrape, tg.Health + " " + tg.LastError, nil
}

// waitScrapes waits until the target has been scraped n times after since,
// each scrape healthy.
func (p *prom) waitScrapes(t testing.TB, since time.Time, n int, timeout time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	after := since
	for i := 0; i < n; {
		last, health, err := p.lastScrape(ctx)
		switch {
		case ctx.Err() != nil:
			t.Fatalf("waiting for scrape %d of %d after %s: %v (last: %s %s %v)", i+1, n, since.Format(time.StampMilli), ctx.Err(), last.Format(time.StampMilli), health, err)
		case err == nil && last.After(after):
			if health != "up " {
				t.Fatalf("scrape at %s: target %s", last.Format(time.StampMilli), health)
			}
			after = last
			i++
		default: // not scraped again yet, or the target not yet discovered
			time.Sleep(100 * time.Millisecond)
		}
	}
}
