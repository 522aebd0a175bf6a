package corpus

import (
	"fmt"
	"slices"
	"testing"
	"testing/synctest"
	"time"
)

func committedRange(first, last uint64) []Committed {
	var out []Committed
	for s := first; s <= last; s++ {
		out = append(out, Committed{Seq: s, Comment: &Comment{ID: fmt.Sprint("c", s)}})
	}
	return out
}

func batchIDs(b logBatch) []string {
	var ids []string
	for _, c := range b.comments {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestHandoffTakesConsecutiveComments(t *testing.T) {
	h := newHandoff(100, time.Second)
	h.add(committedRange(1, 10))
	var b logBatch
	if !h.takeInto(&b, 0, 4) || b.upTo != 4 || !slices.Equal(batchIDs(b), []string{"c1", "c2", "c3", "c4"}) {
		t.Fatalf("first take: %v up to %d", batchIDs(b), b.upTo)
	}
	if h.takeInto(&b, 4, 4) {
		t.Fatal("took into a full batch")
	}
	// The caller indexed up to 6 from elsewhere: 5 and 6 are skipped.
	b = logBatch{}
	if !h.takeInto(&b, 6, 100) || b.upTo != 10 || !slices.Equal(batchIDs(b), []string{"c7", "c8", "c9", "c10"}) {
		t.Fatalf("second take: %v up to %d", batchIDs(b), b.upTo)
	}
	if h.has(10) || h.has(11) {
		t.Error("taken comments are still held")
	}
}

func TestHandoffStartsOverOnAGap(t *testing.T) {
	h := newHandoff(100, time.Second)
	h.add(committedRange(1, 5))
	h.add(committedRange(11, 12)) // 6–10 went elsewhere (another source, a retag)
	if h.has(3) || !h.has(11) {
		t.Fatal("a gap did not start a new run")
	}
	var b logBatch
	if h.takeInto(&b, 0, 10) {
		t.Fatalf("took %v though seq 1 is no longer held", batchIDs(b))
	}
	if !h.takeInto(&b, 10, 10) || !slices.Equal(batchIDs(b), []string{"c11", "c12"}) {
		t.Fatalf("took %v, want c11 c12", batchIDs(b))
	}
}

func TestHandoffDropsTheOldestBeyondMax(t *testing.T) {
	h := newHandoff(4, time.Second)
	h.add(committedRange(1, 6))
	if h.has(2) || !h.has(3) || !h.has(6) {
		t.Fatal("want seqs 3–6 held")
	}
	var b logBatch
	if h.takeInto(&b, 0, 10) {
		t.Fatal("took from seq 1, which was dropped")
	}
	if !h.takeInto(&b, 2, 10) || b.upTo != 6 || len(b.comments) != 4 {
		t.Fatalf("took %v up to %d", batchIDs(b), b.upTo)
	}
}

func TestHandoffBackpressure(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := newHandoff(4, time.Second)
		h.setConsuming(true)
		h.add(committedRange(1, 4))
		done := make(chan struct{})
		go func() {
			h.add(committedRange(5, 6)) // full: waits for the indexer
			close(done)
		}()
		synctest.Wait()
		select {
		case <-done:
			t.Fatal("add did not wait while the handoff was full")
		default:
		}
		var b logBatch
		if !h.takeInto(&b, 0, 3) {
			t.Fatal("take failed")
		}
		<-done
		if !h.has(4) || !h.has(6) {
			t.Error("want seqs 4–6 held after the wait")
		}

		// The indexer stops taking: an add waits at most maxWait, then
		// drops the oldest.
		start := time.Now()
		h.add(committedRange(7, 8))
		if waited := time.Since(start); waited != time.Second {
			t.Errorf("add waited %v, want the 1s maximum", waited)
		}
		if h.has(4) || !h.has(5) || !h.has(8) {
			t.Error("want seqs 5–8 held")
		}

		// No indexer consuming: never waits.
		h.setConsuming(false)
		start = time.Now()
		h.add(committedRange(9, 12))
		if waited := time.Since(start); waited != 0 {
			t.Errorf("add waited %v with no indexer consuming", waited)
		}
		if !h.has(9) || h.has(8) {
			t.Error("want seqs 9–12 held")
		}
	})
}
