package handlers

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/docexport/docexport/render"
)

// Metric names. Dashboards and alerts depend on them: do not rename.
const (
	MetricRenderDuration   = "docexport_render_duration_seconds"
	MetricRendersTotal     = "docexport_renders_total"
	MetricDocumentSize     = "docexport_document_size_bytes"
	MetricRendersInFlight  = "docexport_renders_in_flight"
	MetricConcurrencyLimit = "docexport_render_concurrency_limit"
	MetricQueueDepth       = "docexport_render_queue_depth"
	MetricRejectedTotal    = "docexport_rejected_requests_total"
	MetricHTTPRequests     = "docexport_http_requests_total"
	MetricHTTPDuration     = "docexport_http_request_duration_seconds"
	MetricBuildInfo        = "docexport_build_info"
)

// Render outcomes, the values of the outcome label.
const (
	OutcomeOK      = "ok"
	OutcomeInvalid = "invalid"
	OutcomeTimeout = "timeout"
	OutcomeError   = "error"
)

// Rejection reasons, the values of the reason label.
const (
	ReasonOverloaded           = "overloaded"
	ReasonBodyTooLarge         = "body_too_large"
	ReasonUnsupportedMediaType = "unsupported_media_type"
)

// renderBuckets resolve millisecond renders and still reach the timeout.
var renderBuckets = []float64{0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.2, 0.5, 1, 2, 5, 10}

// Build identifies the running binary in docexport_build_info. Empty fields
// are filled from runtime/debug.ReadBuildInfo.
type Build struct {
	Version, Revision string
}

// Metrics holds docexport's collectors, registered on one registry.
type Metrics struct {
	renderDuration *prometheus.HistogramVec
	renders        *prometheus.CounterVec
	size           *prometheus.HistogramVec
	rejected       *prometheus.CounterVec
	httpRequests   *prometheus.CounterVec
	httpDuration   *prometheus.HistogramVec
}

// NewMetrics creates the collectors on reg, including the Go and process
// collectors, the build info and the gauges that read lim.
func NewMetrics(reg prometheus.Registerer, lim *Limiter, build Build) (*Metrics, error) {
	m := &Metrics{
		renderDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: MetricRenderDuration, Help: "Time spent rendering one document, once it had a render slot.",
			Buckets: renderBuckets,
		}, []string{"format", "lang"}),
		renders: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricRendersTotal, Help: "Renders attempted, by outcome (ok, invalid, timeout, error).",
		}, []string{"format", "lang", "outcome"}),
		size: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: MetricDocumentSize, Help: "Size of rendered documents in bytes.",
			Buckets: prometheus.ExponentialBuckets(1024, 2, 14), // 1 KiB .. 8 MiB
		}, []string{"format"}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricRejectedTotal, Help: "Requests refused before rendering, by reason.",
		}, []string{"reason"}),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricHTTPRequests, Help: "HTTP requests by route template, method and status code.",
		}, []string{"route", "method", "code"}),
		httpDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: MetricHTTPDuration, Help: "HTTP request duration by route template and method.",
			Buckets: renderBuckets,
		}, []string{"route", "method"}),
	}
	version, revision, goversion := buildLabels(build)
	buildInfo := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: MetricBuildInfo, Help: "Always 1; labels identify the build.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "goversion": goversion},
	})
	buildInfo.Set(1)
	cs := []prometheus.Collector{
		m.renderDuration, m.renders, m.size, m.rejected, m.httpRequests, m.httpDuration, buildInfo,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: MetricRendersInFlight, Help: "Renders running now.",
		}, func() float64 { return float64(lim.InFlight()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: MetricConcurrencyLimit, Help: "Renders allowed to run at once.",
		}, func() float64 { return float64(lim.Max()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: MetricQueueDepth, Help: "Requests waiting for a render slot now.",
		}, func() float64 { return float64(lim.Waiting()) }),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("handlers: register metrics: %w", err)
		}
	}
	// Expose the known series at zero so rates and alerts work from the start.
	for _, r := range []string{ReasonOverloaded, ReasonBodyTooLarge, ReasonUnsupportedMediaType} {
		m.rejected.WithLabelValues(r)
	}
	return m, nil
}

// ObserveRender records one render attempt: its duration, its outcome and,
// when it succeeded, the document size. Batch renders call it per document.
func (m *Metrics) ObserveRender(format, lang string, d time.Duration, size int, err error) {
	format, lang = formatLabel(format), langLabel(lang)
	m.renderDuration.WithLabelValues(format, lang).Observe(d.Seconds())
	m.renders.WithLabelValues(format, lang, Outcome(err)).Inc()
	if err == nil {
		m.size.WithLabelValues(format).Observe(float64(size))
	}
}

// Reject counts a request refused before rendering; reason is one of the
// Reason constants.
func (m *Metrics) Reject(reason string) { m.rejected.WithLabelValues(reason).Inc() }

// observeHTTP records one finished HTTP request.
func (m *Metrics) observeHTTP(route, method string, status int, d time.Duration) {
	method = methodLabel(method)
	m.httpRequests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.httpDuration.WithLabelValues(route, method).Observe(d.Seconds())
}

// Outcome maps a render error to the outcome label: ok, invalid (the input
// was refused), timeout, or error (canceled, internal and anything else).
func Outcome(err error) string {
	switch render.ErrorCode(err) {
	case "":
		return OutcomeOK
	case render.CodeInvalidField, render.CodeUnsupportedCharacters, render.CodeZawgyiDetected:
		return OutcomeInvalid
	case render.CodeTimeout:
		return OutcomeTimeout
	}
	return OutcomeError
}

// Label values are bounded so clients cannot create series at will.
func formatLabel(f string) string {
	if _, err := render.ParseFormat(f); err != nil {
		return "other"
	}
	return f
}

func langLabel(l string) string {
	switch l {
	case render.LangEnglish, render.LangMyanmar:
		return l
	case "":
		return "none"
	}
	return "other"
}

func methodLabel(m string) string {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS":
		return m
	}
	return "other"
}

func buildLabels(b Build) (version, revision, goversion string) {
	version, revision, goversion = b.Version, b.Revision, runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		if version == "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && revision == "" {
				revision = s.Value
			}
		}
		if bi.GoVersion != "" {
			goversion = bi.GoVersion
		}
	}
	if version == "" {
		version = "(devel)"
	}
	if revision == "" {
		revision = "unknown"
	}
	return version, revision, goversion
}
