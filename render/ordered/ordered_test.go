package ordered

import (
	"context"
	"math/rand"
	"sync/atomic"
	"testing"
	"time"
)

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name       string
		n, workers int
		stopAt     int // emit returns false at this index (-1: never)
		wantEmits  int
	}{
		{"nothing to do", 0, 4, -1, 0},
		{"one worker", 10, 1, -1, 10},
		{"more workers than jobs", 3, 8, -1, 3},
		{"many jobs", 200, 4, -1, 200},
		{"emit stops the batch", 100, 4, 9, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var running, peak atomic.Int32
			var emitted []int
			Run(context.Background(), tc.n, tc.workers, func(ctx context.Context, i int) int {
				if r := running.Add(1); r > peak.Load() {
					peak.Store(r)
				}
				defer running.Add(-1)
				time.Sleep(time.Duration(rand.Intn(300)) * time.Microsecond)
				return i * i
			}, func(i, v int) bool {
				if v != i*i {
					t.Errorf("emit(%d, %d): result of another job", i, v)
				}
				emitted = append(emitted, i)
				return i != tc.stopAt
			})
			if len(emitted) != tc.wantEmits {
				t.Fatalf("emitted %d results, want %d", len(emitted), tc.wantEmits)
			}
			for k, i := range emitted {
				if i != k {
					t.Fatalf("result %d emitted at position %d: out of order", i, k)
				}
			}
			if int(peak.Load()) > max(1, tc.workers) {
				t.Errorf("%d jobs ran at once with %d workers", peak.Load(), tc.workers)
			}
			if running.Load() != 0 {
				t.Error("Run returned while jobs were still running")
			}
		})
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var started atomic.Int32
	emits := 0
	Run(ctx, 1000, 2, func(ctx context.Context, i int) int {
		started.Add(1)
		if i == 5 {
			cancel()
		}
		return i
	}, func(int, int) bool { emits++; return true })
	if s := started.Load(); s > 5+2*2+2 {
		t.Errorf("%d jobs started after the context ended at job 5", s)
	}
	if emits > 5 {
		t.Errorf("%d results emitted after cancel", emits)
	}
}
