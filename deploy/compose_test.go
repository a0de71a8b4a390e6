package deploy

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

// composeFile is the part of compose.yaml the tests read.
type composeFile struct {
	Services map[string]struct {
		Build *struct {
			Context    string `yaml:"context"`
			Dockerfile string `yaml:"dockerfile"`
		} `yaml:"build"`
		Image           string                   `yaml:"image"`
		Command         []string                 `yaml:"command"`
		Environment     map[string]string        `yaml:"environment"`
		Ports           []string                 `yaml:"ports"`
		Volumes         []string                 `yaml:"volumes"`
		StopGracePeriod string                   `yaml:"stop_grace_period"`
		DependsOn       []string                 `yaml:"depends_on"`
		Healthcheck     *struct{ Test []string } `yaml:"healthcheck"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

// TestComposeStackIsWired checks what `docker compose config` would and
// more: every bind mount exists, the containers find each other under the
// names and ports the configs use, and the service gets its drain time.
// (Docker itself does not run here.)
func TestComposeStackIsWired(t *testing.T) {
	var c composeFile
	if err := yaml.Unmarshal(readFile(t, "deploy", "compose.yaml"), &c); err != nil {
		t.Fatalf("parse compose.yaml: %v", err)
	}
	deployDir := repoFile(t, "deploy")
	d := serviceDefaults(t)

	svc, ok := c.Services["docexport"]
	if !ok || svc.Build == nil {
		t.Fatal("compose.yaml: no docexport service built from source")
	}
	t.Run("build", func(t *testing.T) {
		dockerfile := filepath.Join(deployDir, svc.Build.Context, svc.Build.Dockerfile)
		if filepath.Clean(filepath.Join(deployDir, svc.Build.Context)) != repoFile(t) {
			t.Errorf("build context %q is not the repository root", svc.Build.Context)
		}
		b, err := os.ReadFile(dockerfile)
		if err != nil {
			t.Fatalf("the repository Dockerfile the compose file builds: %v", err)
		}
		// The healthcheck runs the binary where the image puts it.
		if svc.Healthcheck == nil || len(svc.Healthcheck.Test) < 3 {
			t.Fatalf("no exec-form healthcheck: %+v", svc.Healthcheck)
		}
		bin := svc.Healthcheck.Test[1]
		if !strings.Contains(string(b), bin) {
			t.Errorf("healthcheck runs %s, which the Dockerfile does not mention", bin)
		}
		if svc.Healthcheck.Test[2] != "healthcheck" {
			t.Errorf("healthcheck %v does not run the healthcheck subcommand", svc.Healthcheck.Test)
		}
	})
	t.Run("drain", func(t *testing.T) {
		g, err := time.ParseDuration(svc.StopGracePeriod)
		grace := d.grace
		if v, ok := svc.Environment["DOCEXPORT_SHUTDOWN_GRACE"]; ok {
			if e, err := time.ParseDuration(v); err == nil {
				grace = max(grace, e)
			}
		}
		if err != nil || g <= grace {
			t.Errorf("stop_grace_period %q must exceed the shutdown grace %s", svc.StopGracePeriod, grace)
		}
		for k := range svc.Environment {
			if f, ok := flagOfEnv(k); ok {
				if _, known := d.flags[f]; !known {
					t.Errorf("env %s sets no flag: docexport -h has no -%s", k, f)
				}
			}
		}
		if !slices.Contains(svc.Ports, fmt.Sprintf("%d:%d", d.port, d.port)) {
			t.Errorf("ports %v do not publish %d", svc.Ports, d.port)
		}
	})
	t.Run("bind mounts exist", func(t *testing.T) {
		for name, s := range c.Services {
			for _, v := range s.Volumes {
				src, _, _ := strings.Cut(v, ":")
				if !strings.HasPrefix(src, ".") {
					if _, ok := c.Volumes[src]; !ok {
						t.Errorf("%s: named volume %s not declared", name, src)
					}
					continue
				}
				if _, err := os.Stat(filepath.Join(deployDir, src)); err != nil {
					t.Errorf("%s: bind mount %s: %v", name, src, err)
				}
			}
		}
	})
	t.Run("names and ports agree", func(t *testing.T) {
		prom := string(readFile(t, "deploy", "prometheus", "prometheus.compose.yml"))
		if want := fmt.Sprintf(`"docexport:%d"`, d.port); !strings.Contains(prom, want) {
			t.Errorf("prometheus.compose.yml does not scrape %s", want)
		}
		ds := string(readFile(t, "deploy", "grafana", "provisioning", "datasources", "prometheus.yaml"))
		if !strings.Contains(ds, "url: http://prometheus:9090") || !slices.Contains(c.Services["prometheus"].Ports, "9090:9090") {
			t.Errorf("Grafana's data source does not point at the prometheus service on 9090")
		}
		cmd := strings.Join(c.Services["prometheus"].Command, " ")
		if !strings.Contains(cmd, "--config.file=/etc/prometheus/prometheus.compose.yml") {
			t.Errorf("prometheus command %q does not load prometheus.compose.yml", cmd)
		}
		prov := string(readFile(t, "deploy", "grafana", "provisioning", "dashboards", "docexport.yaml"))
		m := regexp.MustCompile(`path:\s*(\S+)`).FindStringSubmatch(prov)
		if m == nil || !slices.Contains(c.Services["grafana"].Volumes, "./grafana/dashboards:"+m[1]+":ro") {
			t.Errorf("the dashboard provider's path %v is not where compose mounts grafana/dashboards", m)
		}
	})
}
