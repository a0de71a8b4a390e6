// Command loadtest drives a docexport service running on this machine with
// the sample statements and reports throughput, latency percentiles, errors
// by status and the server's peak resident memory.
//
// It only talks to loopback addresses, and every run is bounded by a
// request count (-n), a duration (-duration) or both.
//
// Usage:
//
//	loadtest [-url http://127.0.0.1:8080] [-corpus ../shared/corpus]
//	         [-c 16] [-n 0] [-duration 20s] [-mix pdf/en,pdf/my,docx/en,docx/my]
//	         [-pid PID]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses the flags, runs the load and prints the report; it returns
// the exit code: 0 when every request succeeded, 1 when some failed, 2 on
// bad usage.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "loadtest: %v\n", err)
		return 2
	}
	samples, err := loadSamples(cfg.Corpus, cfg.Mix)
	if err != nil {
		fmt.Fprintf(stderr, "loadtest: %v\n", err)
		return 2
	}
	rep, err := drive(ctx, cfg, samples)
	if err != nil {
		fmt.Fprintf(stderr, "loadtest: %v\n", err)
		return 1
	}
	rep.print(stdout)
	if rep.failed() > 0 {
		return 1
	}
	return 0
}
