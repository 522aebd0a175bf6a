package api

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// RateLimit configures the per-token token bucket.
type RateLimit struct {
	// PerSecond is the refill rate; 0 turns the limit off.
	PerSecond float64 `yaml:"per_second"`
	// Burst is the bucket size: requests allowed at once after a pause.
	Burst int `yaml:"burst"`
}

// limiter is a token bucket per key (token name, or client address when
// the API is open).
type limiter struct {
	rate  float64
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds the limiter's memory; past it, full buckets are
// dropped (a full bucket is the same as no bucket).
const maxBuckets = 10000

func newLimiter(cfg RateLimit, now func() time.Time) *limiter {
	if cfg.PerSecond <= 0 {
		return nil
	}
	return &limiter{rate: cfg.PerSecond, burst: float64(max(cfg.Burst, 1)), now: now, buckets: map[string]*bucket{}}
}

// take takes a token from key's bucket. When it is empty it returns false
// and how long until a token is back.
func (l *limiter) take(key string) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= maxBuckets {
			l.prune(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
	return false, wait
}

// prune drops the buckets that have refilled.
func (l *limiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, k)
		}
	}
}

// limit answers 429 with Retry-After once the caller's bucket is empty.
func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ok, wait := s.limiter.take(callerOf(r.Context()).key)
		if !ok {
			secs := int(math.Ceil(wait.Seconds()))
			w.Header().Set("Retry-After", strconv.Itoa(max(secs, 1)))
			writeError(w, &Error{Status: http.StatusTooManyRequests,
				Msg: "rate limit exceeded: retry after " + strconv.Itoa(max(secs, 1)) + "s (api.rate_limit)"})
			return
		}
		next.ServeHTTP(w, r)
	})
}
