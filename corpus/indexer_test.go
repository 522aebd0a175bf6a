package corpus_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
)

// ingest commits n comments numbered from first in batches of size.
func ingest(t *testing.T, p *corpus.Pipeline, first, n, size int) {
	t.Helper()
	for i := first; i < first+n; i += size {
		var cs []*corpus.Comment
		for j := i; j < min(i+size, first+n); j++ {
			cs = append(cs, newComment(fmt.Sprintf("c%05d", j), fmt.Sprintf("comment %d", j)))
		}
		if _, err := p.Commit(context.Background(), corpus.Batch{Source: "test", Records: records(cs...)}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestIndexerReplayAfterRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "raw.db")
	index := newFakeIndex()

	// First run: ingest with the indexer running, then stop both.
	store := openStore(t, path)
	ix := corpus.NewIndexer(store, index, zerolog.Nop())
	ix.BatchSize, ix.MaxDelay = 100, 10*time.Millisecond
	if err := ix.Open(ctx); err != nil {
		t.Fatal(err)
	}
	p := corpus.NewPipeline(store, nil, corpus.PipelineConfig{Notify: ix.Committed, Logger: zerolog.Nop()})
	ingest(t, p, 0, 450, 50)
	syncCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := ix.Sync(syncCtx); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	// Comments committed while no indexer runs (a crash between commit
	// and index).
	ingest(t, p, 450, 320, 40)
	store.Close()

	// Restart: reopen the store; the indexer replays exactly what the
	// index is missing.
	store = openStore(t, path)
	defer store.Close()
	before := index.calls
	ix = corpus.NewIndexer(store, index, zerolog.Nop())
	ix.BatchSize, ix.MaxDelay = 100, 10*time.Millisecond
	if err := ix.Open(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ix.Sync(syncCtx); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	if len(index.applied) != 770 {
		t.Fatalf("index holds %d comments, want 770", len(index.applied))
	}
	for id, n := range index.applied {
		if n != 1 {
			t.Errorf("comment %s applied %d times", id, n)
		}
	}
	if got := index.calls - before; got != 4 {
		t.Errorf("replay of 320 comments took %d batches, want 4 of up to 100", got)
	}
	m := ix.Metrics()
	if m.IndexedUpTo != 770 || m.Lag != 0 || m.Indexed != 320 {
		t.Errorf("metrics %+v", m)
	}
}

// stallingLog yields n comments, then blocks until its context ends, like
// a replay interrupted by shutdown.
type stallingLog struct{ n int }

func (l stallingLog) Since(ctx context.Context, after uint64, fn func(uint64, *corpus.Comment) error) error {
	for i := after + 1; i <= uint64(l.n); i++ {
		if err := fn(i, newComment(fmt.Sprint(i), "x")); err != nil {
			return err
		}
	}
	<-ctx.Done()
	return ctx.Err()
}

func (l stallingLog) LastSeq(context.Context) (uint64, error) { return uint64(l.n) + 100, nil }

func TestIndexerCloseFlushesBatchInHand(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		index := newFakeIndex()
		ix := corpus.NewIndexer(stallingLog{30}, index, zerolog.Nop())
		ix.BatchSize, ix.MaxDelay = 1000, time.Hour
		if err := ix.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		synctest.Wait() // the replay has read its 30 comments and stalls
		if len(index.applied) != 0 {
			t.Fatal("a partial batch was applied before Close")
		}
		ix.Close()
		// The partial batch (30 < 1000) was flushed, not dropped.
		if up, _ := index.IndexedUpTo(); up != 30 || len(index.applied) != 30 {
			t.Errorf("after close: indexed up to %d, %d comments", up, len(index.applied))
		}
	})
}

func TestIndexerFollowsCommits(t *testing.T) {
	ctx := context.Background()
	store := tempStore(t)
	index := newFakeIndex()
	ix := corpus.NewIndexer(store, index, zerolog.Nop())
	ix.BatchSize, ix.MaxDelay = 50, 20*time.Millisecond
	if err := ix.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	p := corpus.NewPipeline(store, nil, corpus.PipelineConfig{Notify: ix.Committed, Logger: zerolog.Nop()})
	ingest(t, p, 0, 5, 5) // fewer than a batch: indexed after MaxDelay
	deadline := time.Now().Add(5 * time.Second)
	for ix.IndexedUpTo() < 5 {
		if time.Now().After(deadline) {
			t.Fatalf("5 comments not indexed after 5s (up to %d)", ix.IndexedUpTo())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// countingLog counts the comments read back from the change log.
type countingLog struct {
	corpus.Log
	mu   sync.Mutex
	read int
}

func (l *countingLog) Since(ctx context.Context, after uint64, fn func(uint64, *corpus.Comment) error) error {
	return l.Log.Since(ctx, after, func(seq uint64, c *corpus.Comment) error {
		l.mu.Lock()
		l.read++
		l.mu.Unlock()
		return fn(seq, c)
	})
}

func (l *countingLog) readBack() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.read
}

// indexAfterHandoff commits n comments in commits of size, handing each
// commit to a new indexer through the func notify returns (which may
// drop some), opens the indexer only then (so no replay races the
// hand-over), waits until everything is indexed and checks that every
// comment was applied once.
func indexAfterHandoff(t *testing.T, n, size int, notify func(*corpus.Indexer) func([]corpus.Committed)) (*countingLog, *fakeIndex) {
	t.Helper()
	ctx := context.Background()
	log := &countingLog{Log: tempStore(t)}
	index := newFakeIndex()
	ix := corpus.NewIndexer(log, index, zerolog.Nop())
	ix.BatchSize, ix.MaxDelay = 100, 10*time.Millisecond
	p := corpus.NewPipeline(log.Log.(corpus.Store), nil, corpus.PipelineConfig{Notify: notify(ix), Logger: zerolog.Nop()})
	ingest(t, p, 0, n, size)
	if err := ix.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	syncCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := ix.Sync(syncCtx); err != nil {
		t.Fatal(err)
	}
	if len(index.applied) != n {
		t.Fatalf("index holds %d comments, want %d", len(index.applied), n)
	}
	for id, k := range index.applied {
		if k != 1 {
			t.Errorf("comment %s applied %d times", id, k)
		}
	}
	return log, index
}

// TestIndexerIndexesCommitsFromMemory checks that comments handed over by
// the pipeline are indexed without being read back from the raw store.
func TestIndexerIndexesCommitsFromMemory(t *testing.T) {
	log, _ := indexAfterHandoff(t, 300, 30, func(ix *corpus.Indexer) func([]corpus.Committed) { return ix.Committed })
	if n := log.readBack(); n != 0 {
		t.Errorf("%d comments read back from the change log, want 0", n)
	}
}

// TestIndexerReadsGapsFromTheLog checks that comments the handoff does
// not hold are read from the change log, in the same batches as those it
// does, and nothing is applied twice.
func TestIndexerReadsGapsFromTheLog(t *testing.T) {
	log, index := indexAfterHandoff(t, 100, 20, func(ix *corpus.Indexer) func([]corpus.Committed) {
		commits := 0
		return func(cs []corpus.Committed) {
			if commits++; commits != 2 { // the second commit's hand-over is lost
				ix.Committed(cs)
			}
		}
	})
	// Seqs 1–20 were handed over, then 21–40 were not, so the handoff
	// started over at 41: 1–40 come from the log, 41–100 from memory.
	if n := log.readBack(); n != 40 {
		t.Errorf("%d comments read back from the change log, want 40", n)
	}
	if index.calls != 1 {
		t.Errorf("%d batches applied, want 1 of 100", index.calls)
	}
}
