package main

import (
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
)

// foreground gives people waiting for an answer (searches, reports, the
// comment view) priority over background ingest on a small machine: while
// such requests run, and until none has run for a short quiet period, the
// tagging workers and the indexer step back for a bounded time per chunk
// or batch, so a search does not compete with a batch being tagged or
// indexed, and ingest never stops: each wait is bounded.
//
// The quiet period matters: a client searching back to back leaves gaps
// of a millisecond between requests, and a worker that resumed at the
// first gap would hardly ever wait.
type foreground struct {
	active  atomic.Int64
	lastEnd atomic.Int64  // Unix nanoseconds when a foreground request last ended
	slots   chan struct{} // one per request allowed to run at once
	// poll is how often a waiting worker looks again; quiet is how long
	// after the last foreground request workers keep waiting.
	poll, quiet time.Duration
}

// Default waits: a tagging worker waits at most 20 ms per chunk of 16
// comments (about 0.3 ms of work each), the indexer at most 200 ms per
// batch of thousands. Under searches without pause ingest slows to about
// 1,200 comments/s (docs/performance.md) and speeds up again 20 ms after
// the last one.
const (
	foregroundPoll        = 2 * time.Millisecond
	foregroundQuiet       = 20 * time.Millisecond
	workerForegroundWait  = 20 * time.Millisecond
	indexerForegroundWait = 200 * time.Millisecond
)

// newForeground returns a gate that lets maxConcurrent foreground
// requests run at once (0: one less than the cores, at least 1).
func newForeground(maxConcurrent int) *foreground {
	if maxConcurrent <= 0 {
		maxConcurrent = max(1, runtime.GOMAXPROCS(0)-1)
	}
	return &foreground{poll: foregroundPoll, quiet: foregroundQuiet, slots: make(chan struct{}, maxConcurrent)}
}

// begin marks a foreground request; call the returned func when it ends.
func (f *foreground) begin() func() {
	f.active.Add(1)
	return func() {
		f.lastEnd.Store(time.Now().UnixNano())
		f.active.Add(-1)
	}
}

// busy reports whether a foreground request runs or ended within the
// quiet period.
func (f *foreground) busy(now time.Time) bool {
	return f.active.Load() > 0 || now.UnixNano()-f.lastEnd.Load() < int64(f.quiet)
}

// waiter returns a Yield function that waits while the foreground is
// busy, at most max per call.
func (f *foreground) waiter(max time.Duration) func() {
	return func() {
		now := time.Now()
		if !f.busy(now) {
			return
		}
		deadline := now.Add(max)
		for ; f.busy(now) && now.Before(deadline); now = time.Now() {
			time.Sleep(f.poll)
		}
	}
}

// middleware marks the API's read requests (GET under /api/v1/, except
// the export stream, which may run for minutes) as foreground and lets
// only as many run at once as there are slots; the others wait for one
// (or until the client gives up).
func (f *foreground) middleware(next http.Handler) http.Handler {
	if f == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !strings.HasPrefix(r.URL.Path, "/api/v1/") || r.URL.Path == "/api/v1/export" {
			next.ServeHTTP(w, r)
			return
		}
		defer f.begin()()
		select {
		case f.slots <- struct{}{}:
		case <-r.Context().Done():
			return // the client went away while waiting
		}
		defer func() { <-f.slots }()
		next.ServeHTTP(w, r)
	})
}
