package corpus

import (
	"sync"
	"time"
)

// Committed is a comment as the raw store committed it, with the
// change-log seq it got.
type Committed struct {
	Seq     uint64
	Comment *Comment
}

// handoff holds the comments the pipeline just committed, so the indexer
// can index them without reading them back from the raw store and
// decoding them (a sixth of the whole ingest's CPU). It is only a
// shortcut: the change log stays the truth. It holds a run of
// consecutive seqs; a comment that does not continue the run (another
// source's commit arriving out of order, a gap left by a retag) starts a
// new one. Whatever it does not hold, the indexer reads from the log.
//
// It is also the ingest's backpressure: when it holds max comments and
// the indexer is consuming, add waits (at most maxWait) for the indexer
// to take some, so a pipeline that tags faster than bleve indexes waits
// for it instead of running ahead and making the indexer read everything
// back. A stopped or failing indexer never holds commits up: add then
// drops the oldest comments beyond max.
type handoff struct {
	mu        sync.Mutex
	items     []Committed // consecutive seqs
	max       int
	maxWait   time.Duration
	consuming bool          // an indexer is running and its last apply succeeded
	taken     chan struct{} // closed and replaced whenever comments are taken
}

func newHandoff(max int, maxWait time.Duration) *handoff {
	return &handoff{max: max, maxWait: maxWait, taken: make(chan struct{})}
}

// setConsuming says whether an indexer is taking comments (see handoff).
func (h *handoff) setConsuming(on bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.consuming = on
	if !on {
		h.signalTaken()
	}
}

// signalTaken wakes the adds waiting for room; h.mu must be held.
func (h *handoff) signalTaken() {
	close(h.taken)
	h.taken = make(chan struct{})
}

// add appends committed comments (in seq order), first waiting for room
// while an indexer is consuming (at most maxWait).
func (h *handoff) add(cs []Committed) {
	var deadline <-chan time.Time
	h.mu.Lock()
	for h.consuming && len(h.items) > 0 && len(h.items)+len(cs) > h.max {
		if deadline == nil {
			t := time.NewTimer(h.maxWait)
			defer t.Stop()
			deadline = t.C
		}
		taken := h.taken
		h.mu.Unlock()
		select {
		case <-taken:
		case <-deadline:
			h.mu.Lock()
			h.add1(cs)
			h.mu.Unlock()
			return
		}
		h.mu.Lock()
	}
	h.add1(cs)
	h.mu.Unlock()
}

// add1 appends without waiting, dropping the oldest beyond max; h.mu
// must be held.
func (h *handoff) add1(cs []Committed) {
	for _, c := range cs {
		if n := len(h.items); n > 0 && c.Seq != h.items[n-1].Seq+1 {
			h.dropOldest(n) // not a continuation: start a new run
		}
		h.items = append(h.items, c)
	}
	if over := len(h.items) - h.max; over > 0 {
		h.dropOldest(over)
	}
}

// dropOldest forgets the k oldest comments; h.mu must be held.
func (h *handoff) dropOldest(k int) {
	clear(h.items[:k])
	h.items = h.items[k:]
}

// has reports whether the handoff holds seq.
func (h *handoff) has(seq uint64) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.items) > 0 && h.items[0].Seq <= seq && seq <= h.items[len(h.items)-1].Seq
}

// takeInto forgets every comment up to seq after and, when the next
// ones continue right after it, appends them to b until it holds n
// comments. It reports whether it appended any.
func (h *handoff) takeInto(b *logBatch, after uint64, n int) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.items) > 0 && h.items[0].Seq <= after { // indexed already
		h.dropOldest(int(min(after-h.items[0].Seq+1, uint64(len(h.items)))))
		h.signalTaken()
	}
	n = min(n-len(b.comments), len(h.items))
	if n <= 0 || h.items[0].Seq != after+1 {
		return false
	}
	if b.comments == nil {
		b.comments = make([]Comment, 0, n)
	}
	for _, c := range h.items[:n] {
		b.comments = append(b.comments, *c.Comment)
	}
	b.upTo = h.items[n-1].Seq
	h.dropOldest(n)
	h.signalTaken()
	return true
}
