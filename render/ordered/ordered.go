// Package ordered runs numbered jobs in parallel and hands their results
// over in input order, so batch output (ZIP entries, files on disk, lines
// of progress) is deterministic however the jobs interleave.
package ordered

import (
	"context"
	"sync"
)

// Run calls work(ctx, i) for every i in [0, n) on up to workers goroutines,
// and emit(i, v) for each result in order of i, on the calling goroutine.
// Jobs start at most 2×workers ahead of the next result to emit, so memory
// holds a bounded window of finished results. When emit returns false or
// ctx ends, no further job starts, the context given to running jobs is
// canceled and the remaining results are dropped. Run returns once every
// job it started has returned.
func Run[T any](ctx context.Context, n, workers int, work func(context.Context, int) T, emit func(int, T) bool) {
	if n <= 0 {
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers = max(1, min(workers, n))
	window := 2 * workers
	tickets := make(chan struct{}, window)
	jobs := make(chan int)
	type done struct {
		i int
		v T
	}
	results := make(chan done, window)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // dispatcher: in input order, at most window ahead
		defer wg.Done()
		defer close(jobs)
		for i := range n {
			select {
			case tickets <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results <- done{i, work(ctx, i)}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	pending := map[int]T{}
	next := 0
	for d := range results {
		pending[d.i] = d.v
		for ctx.Err() == nil {
			v, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			<-tickets
			next++
			if !emit(next-1, v) {
				cancel()
			}
		}
	}
}
