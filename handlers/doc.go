// Package handlers is docexport's HTTP layer: it decodes a statement from a
// request, renders it through a Renderer under a concurrency limit and a
// deadline, and writes the file or a JSON error.
//
// The package is thin on purpose. The domain (validation, documents,
// formats, error codes) lives in package render; this package only maps it
// to HTTP. Every failure is a *render.Error whose Code is turned into a
// status by one function (Status), and one middleware (Server.instrument)
// assigns the request id, recovers panics, writes errors, logs one line per
// request and counts it. Metric names are declared in metrics.go only.
//
// Routes:
//
//	POST /v1/render/{format}   render a statement to pdf or docx
//	GET  /healthz              liveness
//	GET  /readyz               readiness (fonts loaded, not shutting down)
//	GET  /metrics              Prometheus metrics of the registry given to New
package handlers
