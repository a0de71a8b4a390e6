package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// report summarizes a run.
type report struct {
	cfg     Config
	elapsed time.Duration
	entries []entryStats
	all     entryStats
	mem     memoryReport
	// serverCPU is the CPU time the server used during the run (with -pid).
	serverCPU time.Duration
}

// entryStats are the figures of one mix entry (or of the whole run).
type entryStats struct {
	name      string
	sent, ok  int
	latencies []time.Duration // of successful requests, sorted
	errors    map[string]int  // failure label → count
}

func newReport(cfg Config, samples []sample, results []result, elapsed time.Duration, mem memoryReport) *report {
	r := &report{cfg: cfg, elapsed: elapsed, mem: mem, all: entryStats{name: "all", errors: map[string]int{}}}
	for _, s := range samples {
		r.entries = append(r.entries, entryStats{name: s.entry.Name(), errors: map[string]int{}})
	}
	for _, res := range results {
		for _, st := range []*entryStats{&r.entries[res.entry], &r.all} {
			st.sent++
			if res.failure != "" {
				st.errors[failureLabel(res)]++
				continue
			}
			st.ok++
			st.latencies = append(st.latencies, res.latency)
		}
	}
	for i := range r.entries {
		sortDurations(r.entries[i].latencies)
	}
	sortDurations(r.all.latencies)
	return r
}

func sortDurations(d []time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
}

// failureLabel groups failures: the status code, or the transport error kind.
func failureLabel(res result) string {
	if res.status != 0 && strings.HasPrefix(res.failure, "status ") {
		return fmt.Sprint(res.status)
	}
	label, _, _ := strings.Cut(res.failure, ":")
	return label
}

func (r *report) failed() int { return r.all.sent - r.all.ok }

// percentile returns the nearest-rank p-th percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	k := int(p/100*float64(len(sorted))+0.999999) - 1
	if k < 0 {
		k = 0
	}
	if k >= len(sorted) {
		k = len(sorted) - 1
	}
	return sorted[k]
}

func (r *report) rate(n int) float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(n) / r.elapsed.Seconds()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }

// print writes the report as an aligned table.
func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "target %s, concurrency %d, %d requests in %s\n", r.cfg.URL, r.cfg.Concurrency, r.all.sent, r.elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "%-8s %7s %7s %10s %9s %9s %9s %9s  %s\n", "mix", "sent", "ok", "renders/s", "p50", "p95", "p99", "max", "errors")
	rows := append(append([]entryStats{}, r.entries...), r.all)
	for _, st := range rows {
		max := time.Duration(0)
		if n := len(st.latencies); n > 0 {
			max = st.latencies[n-1]
		}
		fmt.Fprintf(w, "%-8s %7d %7d %10.1f %9s %9s %9s %9s  %s\n", st.name, st.sent, st.ok, r.rate(st.ok),
			ms(percentile(st.latencies, 50)), ms(percentile(st.latencies, 95)), ms(percentile(st.latencies, 99)), ms(max), errorList(st.errors))
	}
	fmt.Fprintf(w, "server memory (%s): peak RSS sampled during the run %.1f MiB", r.mem.Source, float64(r.mem.PeakSampled)/(1<<20))
	if r.mem.HWM > 0 {
		fmt.Fprintf(w, ", VmHWM (lifetime peak) %.1f MiB", float64(r.mem.HWM)/(1<<20))
	}
	fmt.Fprintln(w)
	if r.serverCPU > 0 && r.all.ok > 0 {
		per := r.serverCPU / time.Duration(r.all.ok)
		fmt.Fprintf(w, "server CPU: %s in %s (%.2f cores busy), %s per successful render: at most %.0f renders/s per dedicated core\n",
			r.serverCPU.Round(time.Millisecond), r.elapsed.Round(time.Millisecond), r.serverCPU.Seconds()/r.elapsed.Seconds(),
			ms(per), float64(time.Second)/float64(per))
	}
	if r.mem.Err != nil {
		fmt.Fprintf(w, "memory sampling: %v\n", r.mem.Err)
	}
}

func errorList(errs map[string]int) string {
	if len(errs) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s×%d", k, errs[k])
	}
	return strings.Join(parts, " ")
}
