package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memoryReport is what the sampler saw of the server's resident memory.
type memoryReport struct {
	// Source says where the figures come from.
	Source string
	// PeakSampled is the largest resident set seen while the load ran.
	PeakSampled int64
	// HWM is the process's lifetime peak (VmHWM), when read from /proc.
	HWM int64
	// Err is the last sampling failure, if any.
	Err error
}

type memorySampler struct {
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	rep    memoryReport
	pid    int
}

// startMemorySampler samples the server's RSS every cfg.SampleEvery:
// VmRSS from /proc/<pid>/status when cfg.PID is set, otherwise the
// process_resident_memory_bytes metric from /metrics.
func startMemorySampler(ctx context.Context, client *http.Client, cfg Config) *memorySampler {
	ctx, cancel := context.WithCancel(ctx)
	m := &memorySampler{cancel: cancel, done: make(chan struct{}), pid: cfg.PID}
	sample := func() (int64, error) { return scrapeRSS(ctx, client, cfg.URL) }
	m.rep.Source = "process_resident_memory_bytes (sampled from /metrics)"
	if cfg.PID > 0 {
		m.rep.Source = fmt.Sprintf("/proc/%d/status", cfg.PID)
		sample = func() (int64, error) { return procStatus(cfg.PID, "VmRSS") }
	}
	go func() {
		defer close(m.done)
		t := time.NewTicker(cfg.SampleEvery)
		defer t.Stop()
		for {
			v, err := sample()
			m.mu.Lock()
			if err != nil {
				m.rep.Err = err
			} else if v > m.rep.PeakSampled {
				m.rep.PeakSampled = v
			}
			m.mu.Unlock()
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return m
}

// stop ends the sampling and returns what it saw (and VmHWM with a pid).
func (m *memorySampler) stop() memoryReport {
	m.cancel()
	<-m.done
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.pid > 0 {
		if v, err := procStatus(m.pid, "VmHWM"); err == nil {
			m.rep.HWM = v
		} else {
			m.rep.Err = err
		}
	}
	return m.rep
}

// procStatus reads a "Key:   N kB" line of /proc/<pid>/status, in bytes.
func procStatus(pid int, key string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("memory: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("memory: %s %q: %w", key, v, err)
			}
			return kb << 10, nil
		}
	}
	return 0, fmt.Errorf("memory: no %s in /proc/%d/status", key, pid)
}

// scrapeRSS reads process_resident_memory_bytes from the service's /metrics.
func scrapeRSS(ctx context.Context, client *http.Client, base string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return 0, fmt.Errorf("memory: %w", err)
	}
	req.Header.Set("Accept", "text/plain")
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("memory: scrape: %w", err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "process_resident_memory_bytes "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return 0, fmt.Errorf("memory: metric %q: %w", v, err)
			}
			return int64(f), nil
		}
	}
	return 0, fmt.Errorf("memory: no process_resident_memory_bytes in %s/metrics", base)
}
