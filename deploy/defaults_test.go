package deploy

import (
	"context"
	"net"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
)

// defaults are the real binary's flag defaults, read from `docexport -h`
// (every flag can also be set as DOCEXPORT_<FLAG>).
type defaults struct {
	flags map[string]string // flag name -> default, as -h prints it
	port  int32             // port of the default -addr
	grace time.Duration     // default -shutdown-grace
}

var (
	defaultsOnce sync.Once
	defaultsVal  defaults
	defaultsErr  string
)

// flagLine and defaultOf parse the flag package's usage output.
var (
	flagLine  = regexp.MustCompile(`^  -([a-z0-9-]+)`)
	defaultOf = regexp.MustCompile(`\(default "?([^")]*)"?\)\s*$`)
)

// serviceDefaults runs `docexport -h` once and parses the defaults.
func serviceDefaults(t testing.TB) defaults {
	t.Helper()
	bin := docexportBinary(t)
	defaultsOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out, _ := exec.CommandContext(ctx, bin, "-h").CombinedOutput() // -h exits 0 or 2 by flag package convention
		d := defaults{flags: map[string]string{}}
		name := ""
		for _, line := range strings.Split(string(out), "\n") {
			if m := flagLine.FindStringSubmatch(line); m != nil {
				name = m[1]
				d.flags[name] = ""
			} else if m := defaultOf.FindStringSubmatch(line); m != nil && name != "" {
				d.flags[name] = m[1]
			}
		}
		_, port, err := net.SplitHostPort(d.flags["addr"])
		if err != nil {
			defaultsErr = "docexport -h: no default -addr: " + string(out)
			return
		}
		p, _ := strconv.Atoi(port)
		d.port = int32(p)
		if d.grace, err = time.ParseDuration(d.flags["shutdown-grace"]); err != nil {
			defaultsErr = "docexport -h: no default -shutdown-grace: " + string(out)
			return
		}
		defaultsVal = d
	})
	if defaultsErr != "" {
		t.Fatal(defaultsErr)
	}
	return defaultsVal
}

// flagOfEnv returns the flag an environment variable sets (DOCEXPORT_MAX_RENDERS
// sets -max-renders).
func flagOfEnv(env string) (string, bool) {
	rest, ok := strings.CutPrefix(env, "DOCEXPORT_")
	return strings.ReplaceAll(strings.ToLower(rest), "_", "-"), ok
}

// shutdownGrace returns the longer of the binary's default and the value
// the Deployment sets.
func shutdownGrace(t testing.TB, c corev1.Container) time.Duration {
	t.Helper()
	g := serviceDefaults(t).grace
	if v, ok := envValue(c, "DOCEXPORT_SHUTDOWN_GRACE"); ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("DOCEXPORT_SHUTDOWN_GRACE %q: %v", v, err)
		}
		g = max(g, d)
	}
	return g
}

func TestServiceDefaults(t *testing.T) {
	d := serviceDefaults(t)
	// The manifests, the compose file and the Prometheus configs assume these.
	if d.port != 8080 {
		t.Errorf("default port %d, the deploy files assume 8080", d.port)
	}
	if d.grace <= 0 || d.grace > 25*time.Second {
		t.Errorf("default shutdown grace %s: the Deployment's 5 s preStop + grace must stay under its 30 s termination grace", d.grace)
	}
	for _, f := range []string{"addr", "shutdown-grace", "max-renders"} {
		if _, ok := d.flags[f]; !ok {
			t.Errorf("docexport -h lists no -%s", f)
		}
	}
}
