package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/docexport/docexport/render/testtool"
)

// scrapeInterval is the integration test's scrape and rule interval.
const scrapeInterval = time.Second

// corpusRequest is one sample statement to render.
type corpusRequest struct {
	format, lang string
	body         []byte
}

// corpusRequests returns every format with every language of the corpus.
func corpusRequests(t testing.TB) []corpusRequest {
	t.Helper()
	var rs []corpusRequest
	for _, lang := range []string{"en", "my"} {
		b := testtool.ReadCorpus(t, "statement-"+lang+".json")
		for _, format := range []string{"pdf", "docx"} {
			rs = append(rs, corpusRequest{format: format, lang: lang, body: b})
		}
	}
	return rs
}

// renderAll renders every corpus request and requires 200s, plus one
// invalid request that must be refused with a 4xx.
func renderAll(t testing.TB, s *service, rs []corpusRequest) {
	t.Helper()
	for _, r := range rs {
		code, body, err := s.render(r.format, r.body)
		if err != nil || code != 200 {
			t.Fatalf("render %s %s: %d %v %.300s", r.format, r.lang, code, err, body)
		}
	}
	code, body, err := s.render("pdf", []byte(`{"lang":"xx","title":"","body":""}`))
	if err != nil || code < 400 || code >= 500 {
		t.Fatalf("invalid request: %d %v %.300s, want 4xx", code, err, body)
	}
}

// TestPrometheusRunsEveryQuery runs the real service and a real Prometheus
// with the project's rules, renders the corpus, and runs every dashboard
// query and every rule expression through Prometheus' API.
func TestPrometheusRunsEveryQuery(t *testing.T) {
	promBin := testtool.Need(t, "prometheus")
	start := time.Now()
	docexportBinary(t)
	t.Logf("built in %s", time.Since(start).Round(time.Millisecond))
	s := startService(t)
	p := startPrometheus(t, promBin, s.addr, scrapeInterval)
	t.Logf("service and Prometheus ready after %s", time.Since(start).Round(time.Millisecond))
	rs := corpusRequests(t)

	// Two rounds of renders with a scrape between them, so that counters
	// and histograms have risen between two samples; then two scrapes.
	// (Prometheus applies new targets on a 5 s tick: the first scrape comes
	// up to 5 s after it is ready.)
	p.waitScrapes(t, time.Now(), 1, 15*time.Second)
	t.Logf("first scrape after %s", time.Since(start).Round(time.Millisecond))
	renderAll(t, s, rs)
	p.waitScrapes(t, time.Now(), 1, 10*time.Second)
	renderAll(t, s, rs)
	p.waitScrapes(t, time.Now(), 2, 10*time.Second)
	t.Logf("renders scraped after %s", time.Since(start).Round(time.Millisecond))

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	t.Run("up", func(t *testing.T) {
		got, err := p.query(ctx, `up{job="docexport"}`)
		if err != nil || len(got) != 1 || got[0].Value != 1 {
			t.Fatalf("up{job=\"docexport\"}: %v %v", got, err)
		}
	})

	t.Run("instance variable", func(t *testing.T) {
		data, err := p.api(ctx, "/api/v1/label/instance/values", url.Values{"match[]": {"docexport_build_info"}})
		if err != nil {
			t.Fatal(err)
		}
		var values []string
		if err := json.Unmarshal(data, &values); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(values, s.addr) {
			t.Errorf("label_values(docexport_build_info, instance) = %v, want %s", values, s.addr)
		}
	})

	// As Grafana writes a variable's value into a regex matcher: regex-quoted,
	// then backslashes doubled for the PromQL string.
	instance := strings.ReplaceAll(regexp.QuoteMeta(s.addr), `\`, `\\`)
	for _, q := range loadDashboard(t).queries() {
		t.Run("dashboard/"+q.name(), func(t *testing.T) {
			expr := grafanaVars(q.Expr, instance, "1m")
			got, err := p.query(ctx, expr)
			if err != nil {
				t.Fatalf("%s\n%v", expr, err)
			}
			finite := 0
			for _, s := range got {
				if !math.IsNaN(s.Value) && !math.IsInf(s.Value, 0) {
					finite++
				}
			}
			if finite == 0 {
				t.Fatalf("%s\nno finite sample in %v", expr, got)
			}
			// Per-format (and per-language) panels must show every one rendered.
			for _, label := range []string{"format", "lang"} {
				if !strings.Contains(q.Expr, "by ("+label) && !strings.Contains(q.Expr, ", "+label) {
					continue
				}
				seen := map[string]bool{}
				for _, s := range got {
					if !math.IsNaN(s.Value) {
						seen[s.Metric[label]] = true
					}
				}
				for _, r := range rs {
					v := r.format
					if label == "lang" {
						v = r.lang
					}
					if !seen[v] {
						t.Errorf("%s=%q missing from %v", label, v, got)
					}
				}
			}
		})
	}

	for _, g := range loadRules(t).Groups {
		for _, r := range g.Rules {
			t.Run("rule/"+r.Alert, func(t *testing.T) {
				if _, err := p.query(ctx, r.Expr); err != nil {
					t.Fatalf("%s\n%v", r.Expr, err)
				}
			})
		}
	}

	t.Run("rules evaluate", func(t *testing.T) {
		checkRuleHealth(ctx, t, p)
	})
	t.Logf("total %s", time.Since(start).Round(time.Millisecond))
}

// checkRuleHealth requires every loaded rule to have been evaluated without
// error, and no alert to fire against a healthy service.
func checkRuleHealth(ctx context.Context, t *testing.T, p *prom) {
	data, err := p.api(ctx, "/api/v1/rules", nil)
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Groups []struct {
			File  string `json:"file"`
			Rules []struct {
				Name           string    `json:"name"`
				Health         string    `json:"health"`
				LastError      string    `json:"lastError"`
				State          string    `json:"state"`
				LastEvaluation time.Time `json:"lastEvaluation"`
			} `json:"rules"`
		} `json:"groups"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, g := range r.Groups {
		for _, rule := range g.Rules {
			n++
			if rule.Health != "ok" || rule.LastEvaluation.IsZero() {
				t.Errorf("rule %s: health %q %s, last evaluation %s", rule.Name, rule.Health, rule.LastError, rule.LastEvaluation)
			}
			if rule.State == "firing" {
				t.Errorf("alert %s fires against a healthy service", rule.Name)
			}
		}
	}
	want := 0
	for _, g := range loadRules(t).Groups {
		want += len(g.Rules)
	}
	if n != want {
		t.Errorf("Prometheus loaded %d rules, rules.yml has %d", n, want)
	}
	if t.Failed() {
		t.Log(fmt.Sprintf("%+v", r))
	}
}
