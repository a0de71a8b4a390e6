package main

import (
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/docexport/docexport/handlers"
	"github.com/docexport/docexport/render"
)

// Config is the serve subcommand's configuration.
type Config struct {
	// Addr is the listen address, e.g. ":8080" or "127.0.0.1:0".
	Addr string
	// HTTP configures the handlers.
	HTTP handlers.Config
	// Render configures the renderer.
	Render render.Config
	// ShutdownGrace bounds how long in-flight requests may take to finish
	// after SIGTERM.
	ShutdownGrace time.Duration
	// LogFormat is "text" or "json".
	LogFormat string
	// ReadHeaderTimeout, ReadTimeout and IdleTimeout bound how long a
	// client may take to send its headers, its whole request, and how long
	// an idle keep-alive connection stays open, so slow clients cannot
	// hold connections.
	ReadHeaderTimeout, ReadTimeout, IdleTimeout time.Duration
}

// Defaults of the serve subcommand that are not the handlers'.
const (
	DefaultAddr          = ":8080"
	DefaultShutdownGrace = 20 * time.Second
	DefaultReadHeader    = 5 * time.Second
	DefaultReadTimeout   = 30 * time.Second
	DefaultIdleTimeout   = 60 * time.Second
)

// DefaultConfig returns the configuration used when nothing is set.
func DefaultConfig() Config {
	return Config{Addr: DefaultAddr, HTTP: handlers.DefaultConfig(), Render: render.DefaultConfig(), ShutdownGrace: DefaultShutdownGrace, LogFormat: "text",
		ReadHeaderTimeout: DefaultReadHeader, ReadTimeout: DefaultReadTimeout, IdleTimeout: DefaultIdleTimeout}
}

// envPrefix prefixes the environment variable of every flag:
// -max-body is DOCEXPORT_MAX_BODY.
const envPrefix = "DOCEXPORT_"

// envName returns the environment variable that overrides a flag's default.
func envName(flagName string) string {
	b := []byte(envPrefix)
	for i := 0; i < len(flagName); i++ {
		c := flagName[i]
		switch {
		case c == '-':
			c = '_'
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	return string(b)
}

// parseServeFlags reads the configuration from args, then from the
// environment for every flag not given, then the defaults. When the queue
// size is set nowhere it follows max-renders (16 per render slot).
func parseServeFlags(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	cfg := DefaultConfig()
	maxBody := byteSize(cfg.HTTP.MaxBodyBytes)
	fs := flag.NewFlagSet("docexport serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address")
	fs.Var(&maxBody, "max-body", "largest accepted request body (bytes, or e.g. 512KiB, 1MiB)")
	fs.DurationVar(&cfg.HTTP.RenderTimeout, "render-timeout", cfg.HTTP.RenderTimeout, "longest a render may take")
	fs.IntVar(&cfg.HTTP.MaxRenders, "max-renders", cfg.HTTP.MaxRenders, "renders running at once (default: number of CPUs)")
	fs.IntVar(&cfg.HTTP.QueueSize, "queue", cfg.HTTP.QueueSize, "requests that may wait for a render slot (default: 16 × max-renders)")
	fs.DurationVar(&cfg.HTTP.QueueWait, "queue-wait", cfg.HTTP.QueueWait, "longest a request waits for a render slot before 429")
	fs.DurationVar(&cfg.ShutdownGrace, "shutdown-grace", cfg.ShutdownGrace, "time in-flight requests get to finish at shutdown")
	fs.StringVar(&cfg.LogFormat, "log-format", cfg.LogFormat, "log format: text or json")
	fs.DurationVar(&cfg.ReadHeaderTimeout, "read-header-timeout", cfg.ReadHeaderTimeout, "longest a client may take to send its request headers")
	fs.DurationVar(&cfg.ReadTimeout, "read-timeout", cfg.ReadTimeout, "longest a client may take to send its whole request")
	fs.DurationVar(&cfg.IdleTimeout, "idle-timeout", cfg.IdleTimeout, "how long an idle keep-alive connection stays open")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: docexport [serve] [flags]\n\nEvery flag can also be set with DOCEXPORT_<FLAG> (e.g. DOCEXPORT_MAX_BODY=2MiB); flags win.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		if given[f.Name] || envErr != nil {
			return
		}
		if v := getenv(envName(f.Name)); v != "" {
			if err := fs.Set(f.Name, v); err != nil {
				envErr = fmt.Errorf("%s=%q: %w", envName(f.Name), v, err)
				return
			}
			given[f.Name] = true
		}
	})
	if envErr != nil {
		return Config{}, envErr
	}
	if !given["queue"] {
		cfg.HTTP.QueueSize = handlers.QueuePerRender * cfg.HTTP.MaxRenders
	}
	cfg.HTTP.MaxBodyBytes = int64(maxBody)
	return cfg, cfg.Validate()
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	switch {
	case c.Addr == "":
		return fmt.Errorf("addr must not be empty")
	case c.ShutdownGrace < 0:
		return fmt.Errorf("shutdown-grace must not be negative, got %s", c.ShutdownGrace)
	case c.LogFormat != "text" && c.LogFormat != "json":
		return fmt.Errorf("log-format must be text or json, got %q", c.LogFormat)
	case c.ReadHeaderTimeout <= 0 || c.ReadTimeout <= 0 || c.IdleTimeout <= 0:
		return fmt.Errorf("read-header-timeout, read-timeout and idle-timeout must be positive")
	case c.ReadHeaderTimeout > c.ReadTimeout:
		return fmt.Errorf("read-header-timeout (%s) must not exceed read-timeout (%s)", c.ReadHeaderTimeout, c.ReadTimeout)
	}
	if err := c.Render.Validate(); err != nil {
		return err
	}
	return c.HTTP.Validate()
}
