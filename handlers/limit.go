package handlers

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Errors returned by Limiter.Acquire when it turns a request away.
var (
	// ErrQueueFull: every slot is busy and the queue is full.
	ErrQueueFull = errors.New("render queue is full")
	// ErrQueueTimeout: the request waited its full queue time without a slot.
	ErrQueueTimeout = errors.New("timed out waiting for a render slot")
)

// Limiter bounds the renders running at once and the requests waiting for
// one. A request that finds every slot busy waits in a bounded queue for at
// most a given time; when the queue is full it is refused at once. The zero
// value is not usable; create one with NewLimiter. It is safe for concurrent
// use.
type Limiter struct {
	slots chan struct{}
	queue int

	mu      sync.Mutex
	waiting int
}

// NewLimiter returns a limiter with max slots (at least 1) and room for
// queue waiting requests (at least 0).
func NewLimiter(max, queue int) *Limiter {
	if max < 1 {
		max = 1
	}
	if queue < 0 {
		queue = 0
	}
	return &Limiter{slots: make(chan struct{}, max), queue: queue}
}

// Acquire takes a slot, waiting up to wait (and no longer than ctx allows)
// when all are busy. On success it returns a release function that must be
// called exactly once when the work is done (later calls do nothing). It
// fails with ErrQueueFull, ErrQueueTimeout or ctx's error.
func (l *Limiter) Acquire(ctx context.Context, wait time.Duration) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case l.slots <- struct{}{}:
		return l.releaser(), nil
	default:
	}
	l.mu.Lock()
	if l.waiting >= l.queue {
		l.mu.Unlock()
		return nil, ErrQueueFull
	}
	l.waiting++
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		l.waiting--
		l.mu.Unlock()
	}()

	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case l.slots <- struct{}{}:
		return l.releaser(), nil
	case <-timer.C:
		return nil, ErrQueueTimeout
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (l *Limiter) releaser() func() {
	var once sync.Once
	return func() { once.Do(func() { <-l.slots }) }
}

// InFlight returns the number of slots in use.
func (l *Limiter) InFlight() int { return len(l.slots) }

// Waiting returns the number of requests waiting for a slot.
func (l *Limiter) Waiting() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.waiting
}

// Max returns the number of slots.
func (l *Limiter) Max() int { return cap(l.slots) }

// QueueSize returns the number of requests that may wait.
func (l *Limiter) QueueSize() int { return l.queue }
