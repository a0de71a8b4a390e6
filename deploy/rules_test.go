package deploy

import (
	"context"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/docexport/docexport/render/testtool"
)

// ruleFile is the part of a Prometheus rule file the tests read.
type ruleFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Record      string            `yaml:"record"`
			Expr        string            `yaml:"expr"`
			For         string            `yaml:"for"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

func loadRules(t testing.TB) ruleFile {
	t.Helper()
	var rf ruleFile
	if err := yaml.Unmarshal(readFile(t, "deploy", "prometheus", "rules.yml"), &rf); err != nil {
		t.Fatalf("parse rules.yml: %v", err)
	}
	return rf
}

// runTool runs a program with a bounded time and fails the test on error.
func runTool(t *testing.T, dir, path string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", path, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestPromtool(t *testing.T) {
	promtool := testtool.Need(t, "promtool")
	dir := repoFile(t, "deploy", "prometheus")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"check rules", []string{"check", "rules", "rules.yml"}, "SUCCESS"},
		{"test rules", []string{"test", "rules", "rules_test.yml"}, "SUCCESS"},
		{"check local config", []string{"check", "config", "prometheus.yml"}, "SUCCESS"},
		{"check compose config", []string{"check", "config", "prometheus.compose.yml"}, "SUCCESS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := runTool(t, dir, promtool, tc.args...)
			if !strings.Contains(out, tc.want) {
				t.Errorf("promtool %s: no %q in output:\n%s", strings.Join(tc.args, " "), tc.want, out)
			}
		})
	}
}

// readmeAnchors returns the GitHub-style anchors of README.md's headings.
func readmeAnchors(t testing.TB) map[string]bool {
	t.Helper()
	anchors := map[string]bool{}
	drop := regexp.MustCompile(`[^a-z0-9 _-]`)
	for _, line := range strings.Split(string(readFile(t, "deploy", "README.md")), "\n") {
		if !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#")))
		anchors[strings.ReplaceAll(drop.ReplaceAllString(h, ""), " ", "-")] = true
	}
	return anchors
}

func TestAlertsAreDocumentedAndTested(t *testing.T) {
	rf := loadRules(t)
	anchors := readmeAnchors(t)
	unitTests := string(readFile(t, "deploy", "prometheus", "rules_test.yml"))
	n := 0
	for _, g := range rf.Groups {
		for _, r := range g.Rules {
			if r.Alert == "" {
				continue
			}
			n++
			t.Run(r.Alert+"/"+r.Labels["severity"], func(t *testing.T) {
				for _, k := range []string{"summary", "description", "runbook"} {
					if strings.TrimSpace(r.Annotations[k]) == "" {
						t.Errorf("annotation %s missing", k)
					}
				}
				if s := r.Labels["severity"]; s != "page" && s != "warning" {
					t.Errorf("severity %q, want page or warning", s)
				}
				rb := r.Annotations["runbook"]
				anchor, ok := strings.CutPrefix(rb, "deploy/README.md#")
				if !ok {
					t.Errorf("runbook %q does not point into deploy/README.md", rb)
				} else if !anchors[anchor] {
					t.Errorf("runbook %q: deploy/README.md has no heading with anchor %q", rb, anchor)
				}
				if !strings.Contains(unitTests, "alertname: "+r.Alert+"\n") {
					t.Errorf("rules_test.yml has no test for %s", r.Alert)
				}
				if r.For == "" {
					t.Errorf("no 'for': the alert would fire on one evaluation")
				}
			})
		}
	}
	if n < 5 {
		t.Errorf("rules.yml has %d alerts, want at least 5", n)
	}
}
