package handlers

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLimiterCounts(t *testing.T) {
	l := NewLimiter(2, 1)
	ctx := context.Background()
	r1, err := l.Acquire(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := l.Acquire(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if l.InFlight() != 2 || l.Waiting() != 0 || l.Max() != 2 || l.QueueSize() != 1 {
		t.Fatalf("in flight %d waiting %d max %d queue %d", l.InFlight(), l.Waiting(), l.Max(), l.QueueSize())
	}

	// A third request waits in the queue; a fourth finds it full.
	got := make(chan error, 1)
	go func() {
		r3, err := l.Acquire(ctx, time.Minute)
		if err == nil {
			r3()
		}
		got <- err
	}()
	waitFor(t, func() bool { return l.Waiting() == 1 })
	start := time.Now()
	if _, err := l.Acquire(ctx, time.Minute); !errors.Is(err, ErrQueueFull) {
		t.Fatalf("full queue: %v, want ErrQueueFull", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("a full queue should refuse at once, took %s", d)
	}

	// Releasing a slot lets the waiter in.
	r1()
	r1() // a second call does nothing
	if err := <-got; err != nil {
		t.Fatalf("waiter: %v", err)
	}
	r2()
	waitFor(t, func() bool { return l.InFlight() == 0 && l.Waiting() == 0 })
}

func TestLimiterQueueTimeoutAndCancel(t *testing.T) {
	l := NewLimiter(1, 4)
	release, err := l.Acquire(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	for _, c := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		wait time.Duration
		want error
	}{
		{"queue wait passes", func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }, 20 * time.Millisecond, ErrQueueTimeout},
		{"no queue wait", func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }, 0, ErrQueueTimeout},
		{"context deadline first", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 20*time.Millisecond)
		}, time.Minute, context.DeadlineExceeded},
		{"already canceled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, time.Minute, context.Canceled},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := c.ctx()
			defer cancel()
			if _, err := l.Acquire(ctx, c.wait); !errors.Is(err, c.want) {
				t.Fatalf("err %v, want %v", err, c.want)
			}
			if l.Waiting() != 0 {
				t.Fatalf("waiting %d after giving up", l.Waiting())
			}
		})
	}
}

func TestLimiterZeroQueue(t *testing.T) {
	l := NewLimiter(1, 0)
	release, _ := l.Acquire(context.Background(), time.Minute)
	defer release()
	if _, err := l.Acquire(context.Background(), time.Minute); !errors.Is(err, ErrQueueFull) {
		t.Fatalf("err %v, want ErrQueueFull", err)
	}
}

// TestLimiterNeverExceedsMax hammers the limiter and checks the bound.
func TestLimiterNeverExceedsMax(t *testing.T) {
	const max, workers = 3, 40
	l := NewLimiter(max, workers)
	var running, peak, done atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := l.Acquire(context.Background(), time.Minute)
			if err != nil {
				t.Error(err)
				return
			}
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(time.Millisecond)
			running.Add(-1)
			done.Add(1)
			release()
		}()
	}
	wg.Wait()
	if peak.Load() > max {
		t.Fatalf("peak %d renders, max %d", peak.Load(), max)
	}
	if done.Load() != workers || l.InFlight() != 0 || l.Waiting() != 0 {
		t.Fatalf("done %d, in flight %d, waiting %d", done.Load(), l.InFlight(), l.Waiting())
	}
}

func BenchmarkLimiterUncontended(b *testing.B) {
	l := NewLimiter(4, 16)
	ctx := context.Background()
	for b.Loop() {
		release, _ := l.Acquire(ctx, time.Second)
		release()
	}
}

// waitFor polls cond for up to 10 s.
func waitFor(t testing.TB, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 10s")
		}
		time.Sleep(time.Millisecond)
	}
}
