package doc

import (
	"context"
	"time"
)

// ContextErr is ctx.Err(), except that a deadline already passed counts
// even before the context's timer has fired. Under load the timer goroutine
// can run late, and a render that checks only ctx.Err() would then finish
// long after its deadline. Renders call it between blocks and pages.
func ContextErr(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Before(dl) {
		return context.DeadlineExceeded
	}
	return nil
}
