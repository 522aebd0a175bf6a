package digest

import (
	"context"
	"math/rand/v2"
	"time"
)

// backoff is the wait after failed attempt n (1 for the first): Initial
// doubled n−1 times, at most Max, less up to half of it at random so
// that digests failing together do not retry together.
func backoff(r RetryConfig, n int) time.Duration {
	d := r.Initial
	for i := 1; i < n && d < r.Max; i++ {
		d *= 2
	}
	d = min(d, r.Max)
	if half := d / 2; half > 0 {
		d -= rand.N(half)
	}
	return d
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
