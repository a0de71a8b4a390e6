package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// result is one finished request.
type result struct {
	entry   int // index in the mix
	status  int // 0 for a transport failure
	failure string
	latency time.Duration
}

// drive runs the load: cfg.Concurrency clients take the samples in turn
// until cfg.Requests have been sent or cfg.Duration has passed (requests
// in flight then still complete), sampling the server's memory meanwhile.
func drive(ctx context.Context, cfg Config, samples []sample) (*report, error) {
	client := &http.Client{
		Timeout: cfg.Timeout,
		Transport: &http.Transport{
			MaxIdleConns:        cfg.Concurrency,
			MaxIdleConnsPerHost: cfg.Concurrency,
			IdleConnTimeout:     30 * time.Second,
		},
	}
	defer client.CloseIdleConnections()
	if err := probe(ctx, client, cfg.URL); err != nil {
		return nil, err
	}
	mem := startMemorySampler(ctx, client, cfg)
	var cpuBefore time.Duration
	if cfg.PID > 0 {
		var err error
		if cpuBefore, err = procCPU(cfg.PID); err != nil {
			return nil, err
		}
	}

	sched := schedule(samples)
	index := map[string]int{}
	for i, s := range samples {
		index[s.entry.Name()] = i
	}
	var stopAt time.Time
	start := time.Now()
	if cfg.Duration > 0 {
		stopAt = start.Add(cfg.Duration)
	}
	var (
		next    atomic.Int64
		mu      sync.Mutex
		results []result
		wg      sync.WaitGroup
	)
	for w := 0; w < cfg.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []result
			defer func() {
				mu.Lock()
				results = append(results, local...)
				mu.Unlock()
			}()
			for {
				n := next.Add(1) - 1
				if cfg.Requests > 0 && n >= int64(cfg.Requests) {
					return
				}
				if (!stopAt.IsZero() && time.Now().After(stopAt)) || ctx.Err() != nil {
					return
				}
				s := sched[n%int64(len(sched))]
				r := send(ctx, client, cfg.URL, s)
				r.entry = index[s.entry.Name()]
				local = append(local, r)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	rep := newReport(cfg, samples, results, elapsed, mem.stop())
	if cfg.PID > 0 {
		cpuAfter, err := procCPU(cfg.PID)
		if err != nil {
			return nil, err
		}
		rep.serverCPU = cpuAfter - cpuBefore
	}
	return rep, nil
}

// probe checks that the service answers /healthz before loading it.
func probe(ctx context.Context, client *http.Client, base string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/healthz", nil)
	if err != nil {
		return fmt.Errorf("probe: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("the service at %s does not answer: %w", base, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s/healthz answered %s", base, resp.Status)
	}
	return nil
}

// magic is the start of a valid document of each format.
var magic = map[string][]byte{"pdf": []byte("%PDF-"), "docx": []byte("PK\x03\x04")}

// send posts one sample and checks the answer: a 200 is a success only if
// the whole body arrived and starts like a document of its format.
func send(ctx context.Context, client *http.Client, base string, s sample) result {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/render/"+s.entry.Format, bytes.NewReader(s.body))
	if err != nil {
		return result{failure: err.Error(), latency: time.Since(start)}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return result{failure: "transport: " + err.Error(), latency: time.Since(start)}
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	r := result{status: resp.StatusCode, latency: time.Since(start)}
	switch {
	case err != nil:
		r.failure = "truncated body: " + err.Error()
	case resp.StatusCode != http.StatusOK:
		r.failure = "status " + strconv.Itoa(resp.StatusCode)
	case !bytes.HasPrefix(body, magic[s.entry.Format]):
		r.failure = "not a " + s.entry.Format + " document"
	case resp.Header.Get("Content-Length") != "" && resp.Header.Get("Content-Length") != strconv.Itoa(len(body)):
		r.failure = "Content-Length mismatch"
	}
	return r
}
