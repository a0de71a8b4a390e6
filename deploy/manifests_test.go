package deploy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"

	"github.com/docexport/docexport/render/testtool"
)

// manifests are the Kubernetes objects of deploy/k8s, decoded strictly into
// the Kubernetes API types (an unknown or misspelt field fails).
type manifests struct {
	files      []string // manifest files, kustomization.yaml excluded
	deployment *appsv1.Deployment
	service    *corev1.Service
	hpa        *autoscalingv2.HorizontalPodAutoscaler
	pdb        *policyv1.PodDisruptionBudget
}

func loadManifests(t testing.TB) manifests {
	t.Helper()
	dir := repoFile(t, "deploy", "k8s")
	paths, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var m manifests
	for _, p := range paths {
		name := filepath.Base(p)
		if name == "kustomization.yaml" {
			continue
		}
		m.files = append(m.files, name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, docb := range bytes.Split(b, []byte("\n---")) {
			if len(bytes.TrimSpace(docb)) == 0 {
				continue
			}
			if err := m.decode(docb); err != nil {
				t.Fatalf("%s document %d: %v", name, i, err)
			}
		}
	}
	if m.deployment == nil || m.service == nil || m.hpa == nil || m.pdb == nil {
		t.Fatalf("deploy/k8s lacks an object: deployment %v, service %v, hpa %v, pdb %v",
			m.deployment != nil, m.service != nil, m.hpa != nil, m.pdb != nil)
	}
	return m
}

func (m *manifests) decode(b []byte) error {
	var tm struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(b, &tm); err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	var obj any
	switch tm.APIVersion + " " + tm.Kind {
	case "apps/v1 Deployment":
		m.deployment = &appsv1.Deployment{}
		obj = m.deployment
	case "v1 Service":
		m.service = &corev1.Service{}
		obj = m.service
	case "autoscaling/v2 HorizontalPodAutoscaler":
		m.hpa = &autoscalingv2.HorizontalPodAutoscaler{}
		obj = m.hpa
	case "policy/v1 PodDisruptionBudget":
		m.pdb = &policyv1.PodDisruptionBudget{}
		obj = m.pdb
	default:
		return fmt.Errorf("unexpected object %s %s", tm.APIVersion, tm.Kind)
	}
	// As the API server decodes: case-sensitive field names, no unknown or
	// duplicate fields.
	j, err := yaml.YAMLToJSON(b)
	if err != nil {
		return fmt.Errorf("%s to JSON: %w", tm.Kind, err)
	}
	strict, err := kjson.UnmarshalStrict(j, obj)
	if err != nil {
		return fmt.Errorf("decode %s: %w", tm.Kind, err)
	}
	if len(strict) > 0 {
		return fmt.Errorf("decode %s: %w", tm.Kind, errors.Join(strict...))
	}
	return nil
}

// container returns the docexport container of the Deployment.
func (m manifests) container(t testing.TB) corev1.Container {
	t.Helper()
	cs := m.deployment.Spec.Template.Spec.Containers
	if len(cs) != 1 {
		t.Fatalf("deployment has %d containers, want 1", len(cs))
	}
	return cs[0]
}

// portNumber resolves a probe or service port (a number or a port name)
// against the container's ports.
func portNumber(t testing.TB, c corev1.Container, name string, number int32) int32 {
	t.Helper()
	if name == "" {
		return number
	}
	for _, p := range c.Ports {
		if p.Name == name {
			return p.ContainerPort
		}
	}
	t.Fatalf("container has no port named %q", name)
	return 0
}

func envValue(c corev1.Container, name string) (string, bool) {
	for _, e := range c.Env {
		if e.Name == name {
			return e.Value, true
		}
	}
	return "", false
}

func TestKustomizationListsEveryManifest(t *testing.T) {
	m := loadManifests(t)
	var k struct {
		Resources []string `json:"resources"`
	}
	if err := yaml.Unmarshal(readFile(t, "deploy", "k8s", "kustomization.yaml"), &k); err != nil {
		t.Fatalf("parse kustomization.yaml: %v", err)
	}
	got, want := slices.Sorted(slices.Values(k.Resources)), slices.Sorted(slices.Values(m.files))
	if !slices.Equal(got, want) {
		t.Errorf("kustomization resources %v, manifest files %v", got, want)
	}

	kubectl := testtool.Need(t, "kubectl")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, kubectl, "kustomize", repoFile(t, "deploy", "k8s")).CombinedOutput()
	if err != nil {
		t.Fatalf("kubectl kustomize: %v\n%s", err, out)
	}
	var kinds []string
	for _, docb := range bytes.Split(out, []byte("\n---")) {
		var tm struct {
			Kind     string `json:"kind"`
			Metadata struct {
				Labels map[string]string `json:"labels"`
			} `json:"metadata"`
		}
		if err := yaml.Unmarshal(docb, &tm); err != nil {
			t.Fatalf("kustomize output: %v", err)
		}
		kinds = append(kinds, tm.Kind)
		if tm.Metadata.Labels["app.kubernetes.io/part-of"] != "docexport" {
			t.Errorf("%s: kustomize did not apply the common labels", tm.Kind)
		}
	}
	slices.Sort(kinds)
	if want := []string{"Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service"}; !slices.Equal(kinds, want) {
		t.Errorf("kustomize built %v, want %v", kinds, want)
	}
}

func TestManifestsAgree(t *testing.T) {
	m := loadManifests(t)
	d := m.deployment
	c := m.container(t)
	pod := d.Spec.Template
	podLabels := pod.Labels

	selects := func(sel map[string]string) bool {
		for k, v := range sel {
			if podLabels[k] != v {
				return false
			}
		}
		return len(sel) > 0
	}
	t.Run("selectors", func(t *testing.T) {
		if !selects(d.Spec.Selector.MatchLabels) {
			t.Errorf("deployment selector %v does not select its pods %v", d.Spec.Selector.MatchLabels, podLabels)
		}
		if !selects(m.service.Spec.Selector) {
			t.Errorf("service selector %v does not select the pods %v", m.service.Spec.Selector, podLabels)
		}
		if !selects(m.pdb.Spec.Selector.MatchLabels) {
			t.Errorf("PDB selector %v does not select the pods %v", m.pdb.Spec.Selector.MatchLabels, podLabels)
		}
		ref := m.hpa.Spec.ScaleTargetRef
		if ref.Kind != "Deployment" || ref.Name != d.Name || ref.APIVersion != "apps/v1" {
			t.Errorf("HPA targets %+v, want the Deployment %s", ref, d.Name)
		}
		if m.hpa.Spec.MinReplicas == nil || *m.hpa.Spec.MinReplicas < 2 {
			t.Errorf("HPA minReplicas %v: a single replica cannot honour the PDB", m.hpa.Spec.MinReplicas)
		}
		if len(m.hpa.Spec.Metrics) == 0 || m.hpa.Spec.Metrics[0].Resource == nil || m.hpa.Spec.Metrics[0].Resource.Name != corev1.ResourceCPU {
			t.Errorf("HPA does not scale on CPU: %+v", m.hpa.Spec.Metrics)
		}
	})

	defaultPort := serviceDefaults(t).port
	t.Run("ports", func(t *testing.T) {
		if len(c.Ports) != 1 || c.Ports[0].Name != "http" || c.Ports[0].ContainerPort != defaultPort {
			t.Fatalf("container ports %+v, want one named http on %d", c.Ports, defaultPort)
		}
		sp := m.service.Spec.Ports
		if len(sp) != 1 || portNumber(t, c, sp[0].TargetPort.StrVal, sp[0].TargetPort.IntVal) != defaultPort {
			t.Errorf("service ports %+v do not reach container port %d", sp, defaultPort)
		}
		if v, ok := envValue(c, "DOCEXPORT_ADDR"); ok && !strings.HasSuffix(v, fmt.Sprintf(":%d", defaultPort)) {
			t.Errorf("DOCEXPORT_ADDR %q does not listen on the container port %d", v, defaultPort)
		}
	})

	t.Run("probes", func(t *testing.T) {
		probes := []struct {
			name string
			p    *corev1.Probe
			path string
		}{
			{"liveness", c.LivenessProbe, "/healthz"},
			{"readiness", c.ReadinessProbe, "/readyz"},
			{"startup", c.StartupProbe, "/healthz"},
		}
		for _, pr := range probes {
			if pr.p == nil || pr.p.HTTPGet == nil {
				t.Errorf("%s probe missing or not httpGet", pr.name)
				continue
			}
			g := pr.p.HTTPGet
			if g.Path != pr.path {
				t.Errorf("%s probe path %q, want %q", pr.name, g.Path, pr.path)
			}
			if n := portNumber(t, c, g.Port.StrVal, g.Port.IntVal); n != defaultPort {
				t.Errorf("%s probe port %v is %d, want %d", pr.name, g.Port.String(), n, defaultPort)
			}
		}
	})

	t.Run("scrape annotations", func(t *testing.T) {
		a := pod.Annotations
		if a["prometheus.io/scrape"] != "true" || a["prometheus.io/path"] != "/metrics" ||
			a["prometheus.io/port"] != fmt.Sprint(defaultPort) {
			t.Errorf("scrape annotations %v, want scrape=true path=/metrics port=%d", a, defaultPort)
		}
	})

	t.Run("shutdown", func(t *testing.T) {
		grace := shutdownGrace(t, c)
		var preStop time.Duration
		if c.Lifecycle == nil || c.Lifecycle.PreStop == nil || c.Lifecycle.PreStop.Sleep == nil {
			t.Errorf("no preStop sleep: endpoints would still route to a stopping pod")
		} else {
			preStop = time.Duration(c.Lifecycle.PreStop.Sleep.Seconds) * time.Second
		}
		tg := pod.Spec.TerminationGracePeriodSeconds
		if tg == nil {
			t.Errorf("terminationGracePeriodSeconds unset")
		} else if time.Duration(*tg)*time.Second <= preStop+grace {
			t.Errorf("terminationGracePeriodSeconds %d must exceed preStop %s + shutdown grace %s", *tg, preStop, grace)
		}
	})

	t.Run("security", func(t *testing.T) {
		ps, sc := pod.Spec.SecurityContext, c.SecurityContext
		if ps == nil || sc == nil {
			t.Fatal("pod or container securityContext missing")
		}
		checks := []struct {
			name string
			ok   bool
		}{
			{"runAsNonRoot", ps.RunAsNonRoot != nil && *ps.RunAsNonRoot && sc.RunAsNonRoot != nil && *sc.RunAsNonRoot},
			{"runAsUser non-zero", ps.RunAsUser != nil && *ps.RunAsUser != 0},
			{"readOnlyRootFilesystem", sc.ReadOnlyRootFilesystem != nil && *sc.ReadOnlyRootFilesystem},
			{"allowPrivilegeEscalation false", sc.AllowPrivilegeEscalation != nil && !*sc.AllowPrivilegeEscalation},
			{"drop ALL", sc.Capabilities != nil && slices.Equal(sc.Capabilities.Drop, []corev1.Capability{"ALL"}) && len(sc.Capabilities.Add) == 0},
			{"seccomp RuntimeDefault", ps.SeccompProfile != nil && ps.SeccompProfile.Type == corev1.SeccompProfileTypeRuntimeDefault},
		}
		for _, ck := range checks {
			if !ck.ok {
				t.Errorf("security: %s not set", ck.name)
			}
		}
	})

	t.Run("resources", func(t *testing.T) {
		r := c.Resources
		for _, res := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
			req, lim := r.Requests[res], r.Limits[res]
			if req.IsZero() || lim.IsZero() || req.Cmp(lim) > 0 {
				t.Errorf("%s: request %s, limit %s", res, req.String(), lim.String())
			}
		}
		// Renders are CPU-bound: more at once than CPUs only makes each slower.
		if v, ok := envValue(c, "DOCEXPORT_MAX_RENDERS"); ok {
			lim := r.Limits[corev1.ResourceCPU]
			if v != fmt.Sprint(lim.Value()) {
				t.Errorf("DOCEXPORT_MAX_RENDERS %s differs from the CPU limit %s", v, lim.String())
			}
		}
	})

	t.Run("env names are flags of the binary", func(t *testing.T) {
		flags := serviceDefaults(t).flags
		for _, e := range c.Env {
			if f, ok := flagOfEnv(e.Name); ok {
				if _, known := flags[f]; !known {
					t.Errorf("env %s sets no flag: docexport -h has no -%s", e.Name, f)
				}
			}
		}
	})
}

// TestProbesAnswerOnRealBinary starts the real service and requests the
// paths the Deployment probes and scrapes.
func TestProbesAnswerOnRealBinary(t *testing.T) {
	m := loadManifests(t)
	c := m.container(t)
	s := startService(t)
	paths := map[string]string{
		"liveness":  c.LivenessProbe.HTTPGet.Path,
		"readiness": c.ReadinessProbe.HTTPGet.Path,
		"startup":   c.StartupProbe.HTTPGet.Path,
		"scrape":    m.deployment.Spec.Template.Annotations["prometheus.io/path"],
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range paths {
			if !yield(k) {
				return
			}
		}
	}) {
		t.Run(name, func(t *testing.T) {
			code, body, err := get(s.URL(paths[name]))
			if err != nil || code != 200 {
				t.Fatalf("%s %s: %d %v %.300s", name, paths[name], code, err, body)
			}
			if name == "scrape" && !bytes.Contains(body, []byte("docexport_build_info")) {
				t.Errorf("/metrics has no docexport_build_info")
			}
		})
	}
}
