package deploy

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// dashboard is the part of the Grafana dashboard JSON the tests read.
type dashboard struct {
	UID        string  `json:"uid"`
	Title      string  `json:"title"`
	Panels     []panel `json:"panels"`
	Templating struct {
		List []struct {
			Name       string          `json:"name"`
			Type       string          `json:"type"`
			Definition string          `json:"definition"`
			AllValue   string          `json:"allValue"`
			Query      json.RawMessage `json:"query"`
		} `json:"list"`
	} `json:"templating"`
}

type panel struct {
	ID      int     `json:"id"`
	Type    string  `json:"type"`
	Title   string  `json:"title"`
	Panels  []panel `json:"panels"` // collapsed rows
	Targets []struct {
		Expr  string `json:"expr"`
		RefID string `json:"refId"`
	} `json:"targets"`
}

// dashQuery is one PromQL query of the dashboard.
type dashQuery struct {
	Panel, RefID, Expr string
}

func (q dashQuery) name() string { return q.Panel + "/" + q.RefID }

func loadDashboard(t testing.TB) dashboard {
	t.Helper()
	var d dashboard
	if err := json.Unmarshal(readFile(t, "deploy", "grafana", "dashboards", "docexport.json"), &d); err != nil {
		t.Fatalf("parse dashboard: %v", err)
	}
	return d
}

// queries returns every panel query of the dashboard, rows included.
func (d dashboard) queries() []dashQuery {
	var qs []dashQuery
	var walk func([]panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			for _, tg := range p.Targets {
				qs = append(qs, dashQuery{Panel: p.Title, RefID: tg.RefID, Expr: tg.Expr})
			}
			walk(p.Panels)
		}
	}
	walk(d.Panels)
	return qs
}

// grafanaVars substitutes the Grafana variables the dashboard uses the way
// Grafana would before sending a query: instance becomes a regex, and
// $__rate_interval a range.
func grafanaVars(expr, instanceRegex, rateInterval string) string {
	r := strings.NewReplacer(
		"${instance}", instanceRegex, "$instance", instanceRegex,
		"${__rate_interval}", rateInterval, "$__rate_interval", rateInterval,
	)
	return r.Replace(expr)
}

// leftoverVar finds a Grafana variable left in a query after substitution.
var leftoverVar = regexp.MustCompile(`\$\{?[A-Za-z_]\w*`)

func TestDashboardStructure(t *testing.T) {
	d := loadDashboard(t)
	if d.UID == "" || d.Title == "" {
		t.Errorf("uid %q, title %q: both are needed for provisioning", d.UID, d.Title)
	}
	vars := map[string]bool{}
	for _, v := range d.Templating.List {
		vars[v.Name] = true
		if v.Name == "instance" {
			if v.Type != "query" || !strings.Contains(v.Definition, "instance") || v.AllValue != ".*" {
				t.Errorf("instance variable: type %q, definition %q, allValue %q", v.Type, v.Definition, v.AllValue)
			}
		}
	}
	if !vars["instance"] {
		t.Fatal("no template variable instance")
	}
	qs := d.queries()
	if len(qs) < 10 {
		t.Fatalf("%d queries, want the full set of panels", len(qs))
	}
	// Each panel the brief asks for, by a metric it must use.
	for _, want := range []string{
		"docexport_render_duration_seconds_bucket", "docexport_renders_total",
		"docexport_renders_in_flight", "docexport_render_concurrency_limit",
		"docexport_document_size_bytes_bucket", "docexport_http_requests_total",
		"go_memstats_heap_inuse_bytes", "go_gc_duration_seconds",
	} {
		found := false
		for _, q := range qs {
			found = found || strings.Contains(q.Expr, want)
		}
		if !found {
			t.Errorf("no panel queries %s", want)
		}
	}
	for _, q := range qs {
		t.Run(q.name(), func(t *testing.T) {
			if !strings.Contains(q.Expr, `instance=~"$instance"`) {
				t.Errorf("query ignores the instance variable: %s", q.Expr)
			}
			if strings.Contains(q.Expr, "rate(") && !strings.Contains(q.Expr, "[$__rate_interval]") {
				t.Errorf("rate without $__rate_interval: %s", q.Expr)
			}
			if v := leftoverVar.FindString(grafanaVars(q.Expr, ".*", "1m")); v != "" {
				t.Errorf("unknown variable %s in %s", v, q.Expr)
			}
		})
	}
}
