// Package deploy holds docexport's deployment artifacts and the tests that
// check them against the real tools and the real service:
//
//   - prometheus/: a scrape configuration for a local run and for the compose
//     stack, the alerting rules and their promtool unit tests;
//   - grafana/: the dashboard and its provisioning files;
//   - k8s/: plain Kubernetes manifests with a kustomization;
//   - compose.yaml: the local stack (service, Prometheus, Grafana).
//
// The tests build cmd/docexport, run it on a loopback port, let a real
// Prometheus scrape it with the project's rules loaded, and run every
// dashboard and alert query through Prometheus' HTTP API. The package has no
// non-test code: this file only documents it.
package deploy
