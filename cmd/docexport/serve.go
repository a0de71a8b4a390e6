package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/docexport/docexport/handlers"
	"github.com/docexport/docexport/render"
)

// Set at link time: -ldflags "-X main.version=v1.2.3 -X main.revision=abc".
var (
	version  string
	revision string
)

// HTTP server limits that are not configurable.
const (
	// writeMargin is added to the queue wait and render timeout to make
	// the write timeout: time to read the body and send the file.
	writeMargin    = 10 * time.Second
	maxHeaderBytes = 64 << 10
)

// Main is the running service: the renderer, the handler and the HTTP
// server. Tests create one with NewMain, Run it on 127.0.0.1:0 and read Addr.
type Main struct {
	Config Config
	Logger *slog.Logger
	// Registry receives the metrics; NewMain creates a fresh one.
	Registry *prometheus.Registry

	// renderer, when set before Run, replaces the real renderer (tests
	// wrap the real one to hold renders in flight).
	renderer handlers.Renderer

	server *handlers.Server
	http   *http.Server
	ln     net.Listener
	served chan error
}

// NewMain returns a Main with cfg, logging to logger.
func NewMain(cfg Config, logger *slog.Logger) *Main {
	return &Main{Config: cfg, Logger: logger, Registry: prometheus.NewRegistry()}
}

// Run prepares the renderer (parsing the embedded fonts), binds the
// listener, starts serving in the background and marks the server ready.
// It returns once the server accepts connections.
func (m *Main) Run(ctx context.Context) error {
	if err := m.Config.Validate(); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	start := time.Now()
	r := m.renderer
	if r == nil {
		rr, err := render.New(m.Config.Render)
		if err != nil {
			return fmt.Errorf("prepare renderer: %w", err)
		}
		r = rr
	}
	var err error
	m.server, err = handlers.New(m.Config.HTTP, handlers.Deps{
		Renderer: r, Registry: m.Registry, Logger: m.Logger,
		Build: handlers.Build{Version: version, Revision: revision},
	})
	if err != nil {
		return fmt.Errorf("handlers: %w", err)
	}
	if err := m.server.EnablePress(handlers.DefaultPressConfig()); err != nil {
		return fmt.Errorf("handlers: %w", err)
	}
	var lc net.ListenConfig
	m.ln, err = lc.Listen(ctx, "tcp", m.Config.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	h := m.Config.HTTP
	m.http = &http.Server{
		Handler:           m.server,
		ReadHeaderTimeout: m.Config.ReadHeaderTimeout,
		ReadTimeout:       m.Config.ReadTimeout,
		WriteTimeout:      h.QueueWait + h.RenderTimeout + writeMargin,
		IdleTimeout:       m.Config.IdleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	m.served = make(chan error, 1)
	go func() {
		if err := m.http.Serve(m.ln); !errors.Is(err, http.ErrServerClosed) {
			m.served <- err
		}
	}()
	m.server.SetReady(true)
	m.Logger.Info("serving", "addr", m.Addr(), "startup", time.Since(start),
		"max_renders", h.MaxRenders, "queue", h.QueueSize, "queue_wait", h.QueueWait,
		"render_timeout", h.RenderTimeout, "max_body", h.MaxBodyBytes)
	return nil
}

// Addr returns the bound address (useful after listening on port 0).
func (m *Main) Addr() string {
	if m.ln == nil {
		return ""
	}
	return m.ln.Addr().String()
}

// Server returns the HTTP handler (nil before Run).
func (m *Main) Server() *handlers.Server { return m.server }

// Served yields the error that stopped the server on its own (never
// http.ErrServerClosed, which only Close causes).
func (m *Main) Served() <-chan error { return m.served }

// Close shuts down gracefully: readiness turns false at once, the listener
// stops accepting, and in-flight requests get up to the shutdown grace to
// finish before their connections are closed.
func (m *Main) Close() error {
	if m.http == nil {
		return nil
	}
	m.server.SetReady(false)
	ctx, cancel := context.WithTimeout(context.Background(), m.Config.ShutdownGrace)
	defer cancel()
	start := time.Now()
	err := m.http.Shutdown(ctx)
	if err != nil {
		_ = m.http.Close()
		return fmt.Errorf("shutdown: in-flight requests did not finish within %s: %w", m.Config.ShutdownGrace, err)
	}
	m.Logger.Info("stopped", "drain", time.Since(start))
	return nil
}

// newLogger returns the process logger in the configured format.
func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// runServe is the serve subcommand: it serves until ctx ends (SIGINT or
// SIGTERM), then shuts down gracefully and exits 0.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseServeFlags(args, os.Getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "docexport serve: %v\n", err)
		return 2
	}
	logger := newLogger(cfg.LogFormat, stderr)
	tuneGC(logger)
	m := NewMain(cfg, logger)
	if err := m.Run(ctx); err != nil {
		m.Logger.Error("cannot start", "err", err)
		return 1
	}
	select {
	case <-ctx.Done():
		m.Logger.Info("shutting down", "grace", cfg.ShutdownGrace)
	case err := <-m.served:
		m.Logger.Error("server stopped", "err", err)
		return 1
	}
	if err := m.Close(); err != nil {
		m.Logger.Error("shutdown", "err", err)
		return 1
	}
	return 0
}
