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
// such a request runs, all tagging workers but one and the indexer step
// back for a bounded time, so a search does not queue behind a batch
// being tagged, and ingest never stops.
type foreground struct {
	active atomic.Int64
	slots  chan struct{} // one per request allowed to run at once
	// poll is how often a waiting worker looks again; maxWait is the
	// longest it waits per call.
	poll, maxWait time.Duration
}

// Default waits: a tagging worker waits at most 50 ms per chunk of 16
// comments (about 0.3 ms of work each), the indexer at most 200 ms per
// batch of thousands.
const (
	foregroundPoll        = 2 * time.Millisecond
	workerForegroundWait  = 50 * time.Millisecond
	indexerForegroundWait = 200 * time.Millisecond
)

// newForeground returns a gate that lets maxConcurrent foreground
// requests run at once (0: one less than the cores, at least 1).
func newForeground(maxConcurrent int) *foreground {
	if maxConcurrent <= 0 {
		maxConcurrent = max(1, runtime.GOMAXPROCS(0)-1)
	}
	return &foreground{poll: foregroundPoll, slots: make(chan struct{}, maxConcurrent)}
}

// begin marks a foreground request; call the returned func when it ends.
func (f *foreground) begin() func() {
	f.active.Add(1)
	return func() { f.active.Add(-1) }
}

// waiter returns a Yield function that waits while a foreground request
// runs, at most max per call.
func (f *foreground) waiter(max time.Duration) func() {
	return func() {
		if f.active.Load() == 0 {
			return
		}
		deadline := time.Now().Add(max)
		for f.active.Load() > 0 && time.Now().Before(deadline) {
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
