package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is a load run's configuration.
type Config struct {
	// URL is the service's base URL; only loopback hosts are accepted.
	URL string
	// Corpus is the directory holding statement-<lang>.json.
	Corpus string
	// Concurrency is the number of clients sending at once.
	Concurrency int
	// Requests bounds the number of requests sent (0: no bound but time).
	Requests int
	// Duration bounds the run (0: no bound but the request count).
	Duration time.Duration
	// Mix lists what the clients send, in turn.
	Mix []MixEntry
	// PID is the server's process id, to read its peak RSS from /proc
	// (0: sample process_resident_memory_bytes from /metrics instead).
	PID int
	// Timeout bounds one request.
	Timeout time.Duration
	// SampleEvery is the memory sampling interval.
	SampleEvery time.Duration
}

// MixEntry is one kind of request and its weight in the mix.
type MixEntry struct {
	Format string // "pdf" or "docx"
	Lang   string // "en" or "my"
	Weight int
}

// Name is the entry's label, e.g. "pdf/my".
func (m MixEntry) Name() string { return m.Format + "/" + m.Lang }

// parseFlags reads the configuration from args.
func parseFlags(args []string, stderr io.Writer) (Config, error) {
	var cfg Config
	var mix string
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.URL, "url", "http://127.0.0.1:8080", "base URL of the service (loopback only)")
	fs.StringVar(&cfg.Corpus, "corpus", "../shared/corpus", "directory with statement-en.json and statement-my.json")
	fs.IntVar(&cfg.Concurrency, "c", 16, "concurrent clients")
	fs.IntVar(&cfg.Requests, "n", 0, "stop after this many requests (0: only -duration bounds the run)")
	fs.DurationVar(&cfg.Duration, "duration", 20*time.Second, "stop after this long (0: only -n bounds the run)")
	fs.StringVar(&mix, "mix", "pdf/en,pdf/my,docx/en,docx/my", "requests to send in turn: format/lang[=weight],...")
	fs.IntVar(&cfg.PID, "pid", 0, "server process id, to read its peak RSS (VmHWM) from /proc")
	fs.DurationVar(&cfg.Timeout, "timeout", 60*time.Second, "longest one request may take")
	fs.DurationVar(&cfg.SampleEvery, "sample", 200*time.Millisecond, "memory sampling interval")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	var err error
	if cfg.Mix, err = parseMix(mix); err != nil {
		return Config{}, err
	}
	return cfg, cfg.validate()
}

func (c Config) validate() error {
	switch {
	case c.Concurrency < 1:
		return fmt.Errorf("-c must be at least 1, got %d", c.Concurrency)
	case c.Requests < 0:
		return fmt.Errorf("-n must not be negative, got %d", c.Requests)
	case c.Duration < 0:
		return fmt.Errorf("-duration must not be negative, got %s", c.Duration)
	case c.Requests == 0 && c.Duration == 0:
		return fmt.Errorf("the run must be bounded: set -n, -duration or both")
	case c.Timeout <= 0:
		return fmt.Errorf("-timeout must be positive, got %s", c.Timeout)
	case c.SampleEvery <= 0:
		return fmt.Errorf("-sample must be positive, got %s", c.SampleEvery)
	}
	return checkLoopback(context.Background(), c.URL)
}

// parseMix parses "pdf/en=2,docx/my" into entries (weight 1 by default).
func parseMix(s string) ([]MixEntry, error) {
	var out []MixEntry
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, weight, hasWeight := strings.Cut(item, "=")
		e := MixEntry{Weight: 1}
		var ok bool
		if e.Format, e.Lang, ok = strings.Cut(name, "/"); !ok {
			return nil, fmt.Errorf("mix entry %q: want format/lang, e.g. pdf/en", item)
		}
		if e.Format != "pdf" && e.Format != "docx" {
			return nil, fmt.Errorf("mix entry %q: format must be pdf or docx", item)
		}
		if e.Lang != "en" && e.Lang != "my" {
			return nil, fmt.Errorf("mix entry %q: lang must be en or my", item)
		}
		if hasWeight {
			w, err := strconv.Atoi(weight)
			if err != nil || w < 1 || w > 1000 {
				return nil, fmt.Errorf("mix entry %q: weight must be 1..1000", item)
			}
			e.Weight = w
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("-mix is empty")
	}
	return out, nil
}

// checkLoopback refuses URLs whose host is not a loopback address (or a
// name resolving only to loopback addresses): this tool must never load
// someone else's service.
func checkLoopback(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("-url: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("-url %q: scheme must be http or https", raw)
	}
	host := u.Hostname()
	if host == "" {
		return fmt.Errorf("-url %q has no host", raw)
	}
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() {
			return fmt.Errorf("-url %q: %s is not a loopback address; loadtest only targets this machine", raw, host)
		}
		return nil
	}
	if !strings.EqualFold(host, "localhost") {
		return fmt.Errorf("-url %q: host %q is not loopback; use 127.0.0.1, ::1 or localhost", raw, host)
	}
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return fmt.Errorf("-url %q: resolve %s: %w", raw, host, err)
	}
	for _, a := range addrs {
		if !a.IP.IsLoopback() {
			return fmt.Errorf("-url %q: %s resolves to %s, not loopback", raw, host, a.IP)
		}
	}
	return nil
}
