package handlers

import (
	"fmt"
	"runtime"
	"time"
)

// Config configures a Server. Start from DefaultConfig.
type Config struct {
	// MaxBodyBytes bounds a request body; larger bodies get 413.
	MaxBodyBytes int64
	// RenderTimeout bounds one render, counted from the moment it gets a
	// render slot; a render that passes it gets 503 timeout.
	RenderTimeout time.Duration
	// MaxRenders is the number of renders that may run at once.
	MaxRenders int
	// QueueSize is the number of requests that may wait for a render slot;
	// further requests are rejected at once with 429. Zero disables waiting.
	QueueSize int
	// QueueWait is how long a request may wait for a slot before it gets 429.
	QueueWait time.Duration
	// RetryAfter is the delay advertised in Retry-After on 429 responses.
	RetryAfter time.Duration
}

// Defaults.
const (
	DefaultMaxBodyBytes  = 1 << 20
	DefaultRenderTimeout = 10 * time.Second
	DefaultQueueWait     = 2 * time.Second
	DefaultRetryAfter    = time.Second
	// QueuePerRender is the default queue length per render slot.
	QueuePerRender = 16
)

// DefaultConfig returns the defaults: 1 MiB bodies, 10 s renders, one render
// per CPU, a queue of four waiting requests per render slot, 2 s queue wait.
func DefaultConfig() Config {
	n := runtime.NumCPU()
	return Config{
		MaxBodyBytes:  DefaultMaxBodyBytes,
		RenderTimeout: DefaultRenderTimeout,
		MaxRenders:    n,
		QueueSize:     QueuePerRender * n,
		QueueWait:     DefaultQueueWait,
		RetryAfter:    DefaultRetryAfter,
	}
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	switch {
	case c.MaxBodyBytes < 1:
		return fmt.Errorf("handlers: MaxBodyBytes must be positive, got %d", c.MaxBodyBytes)
	case c.RenderTimeout <= 0:
		return fmt.Errorf("handlers: RenderTimeout must be positive, got %s", c.RenderTimeout)
	case c.MaxRenders < 1:
		return fmt.Errorf("handlers: MaxRenders must be at least 1, got %d", c.MaxRenders)
	case c.QueueSize < 0:
		return fmt.Errorf("handlers: QueueSize must not be negative, got %d", c.QueueSize)
	case c.QueueWait < 0:
		return fmt.Errorf("handlers: QueueWait must not be negative, got %s", c.QueueWait)
	case c.RetryAfter < time.Second:
		return fmt.Errorf("handlers: RetryAfter must be at least 1s, got %s", c.RetryAfter)
	}
	return nil
}
