package main

import (
	"log/slog"
	"os"
	"runtime/debug"
)

// GC settings for serving, used unless GOGC / GOMEMLIMIT are set. A render
// allocates several megabytes (fpdf creates a zlib writer per page) but
// keeps little alive, so the default GOGC of 100 spends a quarter of the
// CPU on collection. At 200 the service renders about a quarter more
// documents per second for some 50 MiB more RSS (measured with
// cmd/loadtest); the soft memory limit makes the collector work harder
// well before a container limit would kill the process.
const (
	serveGCPercent   = 200
	serveMemoryLimit = 384 << 20
)

// tuneGC applies the serving GC settings where the environment sets none.
func tuneGC(logger *slog.Logger) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
		logger.Info("gc percent set", "gogc", serveGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
		logger.Info("soft memory limit set", "bytes", serveMemoryLimit)
	}
}
