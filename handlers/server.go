package handlers

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/gorilla/mux"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/docexport/docexport/render"
)

// Renderer renders one statement; *render.Renderer is the production one.
// Tests wrap it to make renders slow or to watch their contexts.
type Renderer interface {
	Render(ctx context.Context, st render.Statement, f render.Format) (*render.Result, error)
}

// Deps are the Server's collaborators.
type Deps struct {
	// Renderer renders statements (required).
	Renderer Renderer
	// Registry receives the metrics and is served on /metrics (required).
	Registry *prometheus.Registry
	// Logger receives one line per request; nil discards.
	Logger *slog.Logger
	// Build labels docexport_build_info.
	Build Build
}

// Server is docexport's HTTP handler. Create it with New; it starts not
// ready (see SetReady).
type Server struct {
	cfg      Config
	renderer Renderer
	log      *slog.Logger
	metrics  *Metrics
	limiter  *Limiter
	admit    admission
	router   *mux.Router
	handler  http.Handler
	ready    atomic.Bool
}

// New validates cfg and builds the server and its routes, registering the
// metrics on deps.Registry.
func New(cfg Config, deps Deps) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if deps.Renderer == nil {
		return nil, errors.New("handlers: a Renderer is required")
	}
	if deps.Registry == nil {
		return nil, errors.New("handlers: a prometheus Registry is required")
	}
	log := deps.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	lim := NewLimiter(cfg.MaxRenders, cfg.QueueSize)
	m, err := NewMetrics(deps.Registry, lim, deps.Build)
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, renderer: deps.Renderer, log: log, metrics: m, limiter: lim, admit: newAdmission(cfg), router: mux.NewRouter()}
	s.router.Handle(RouteRender, s.handle(RouteRender, s.handleRender))
	s.router.Handle(RouteHealthz, s.handle(RouteHealthz, getOnly(s.handleHealthz)))
	s.router.Handle(RouteReadyz, s.handle(RouteReadyz, getOnly(s.handleReadyz)))
	metrics := promhttp.HandlerFor(deps.Registry, promhttp.HandlerOpts{Registry: deps.Registry})
	s.router.Handle(RouteMetrics, s.handle(RouteMetrics, getOnly(func(w http.ResponseWriter, r *http.Request) error {
		metrics.ServeHTTP(w, r)
		return nil
	})))
	s.router.NotFoundHandler = s.handle(routeUnmatched, func(http.ResponseWriter, *http.Request) error {
		return &render.Error{Code: CodeNotFound, Message: "no such route"}
	})
	s.handler = s.instrument(s.router)
	return s, nil
}

// Route templates, also the route label of the HTTP metrics.
const (
	RouteRender  = "/v1/render/{format}"
	RouteHealthz = "/healthz"
	RouteReadyz  = "/readyz"
	RouteMetrics = "/metrics"
)

// Route adds a route served through the same middleware (request id,
// errors, logs, metrics). Call it before serving; method "" allows any.
func (s *Server) Route(method, template string, h HandlerFunc) {
	s.router.Handle(template, s.handle(template, func(w http.ResponseWriter, r *http.Request) error {
		if method != "" && r.Method != method {
			return methodNotAllowed(w, method)
		}
		return h(w, r)
	}))
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// SetReady sets what /readyz reports: true once the process can serve,
// false as soon as shutdown begins.
func (s *Server) SetReady(ready bool) { s.ready.Store(ready) }

// Ready reports the readiness flag.
func (s *Server) Ready() bool { return s.ready.Load() }

// Limiter returns the render limiter, shared by every route that renders.
func (s *Server) Limiter() *Limiter { return s.limiter }

// Metrics returns the server's metrics.
func (s *Server) Metrics() *Metrics { return s.metrics }

// Config returns the server's configuration.
func (s *Server) Config() Config { return s.cfg }

func methodNotAllowed(w http.ResponseWriter, allow string) error {
	w.Header().Set("Allow", allow)
	return &render.Error{Code: CodeMethodNotAllowed, Message: "method not allowed: use " + allow}
}

// getOnly refuses methods other than GET and HEAD.
func getOnly(h HandlerFunc) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return methodNotAllowed(w, "GET, HEAD")
		}
		return h(w, r)
	}
}

func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) error {
	writeText(w, http.StatusOK, "ok\n")
	return nil
}

func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) error {
	if !s.Ready() {
		writeText(w, http.StatusServiceUnavailable, "not ready\n")
		return nil
	}
	writeText(w, http.StatusOK, "ready\n")
	return nil
}

func writeText(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
