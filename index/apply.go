package index

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/feedbackd/feedbackd/corpus"
)

// BatchSize is the recommended number of comments per Apply call. Larger
// batches build fewer, larger segments and merge less; FACTS.md measured
// 5.2k docs/s at 1,000 and 5.8k at 5,000 here. BenchmarkApply on a machine
// shared with other benchmarks (load 4.5 on 2 cores) gave 1.6k–2.2k docs/s
// at 1,000 and 1.8k–2.6k at 5,000: too noisy to separate, so the larger
// size stays. Memory per batch is a few tens of MB at this size.
const BatchSize = 5000

// markerKey holds the "indexed up to" marker in the index's internal keys.
const markerKey = "feedbackd/indexed_up_to"

// minPart is the smallest share of an Apply worth building as a segment
// of its own.
const minPart = 1000

// Apply indexes docs, replacing any comment with the same ID, and records
// that everything up to upTo (a raw-store sequence number) is indexed. The
// marker is only written once the documents are persisted: after a crash
// the marker never claims a comment that is not in the index (the comments
// of an interrupted Apply may be there without it, and are replayed). The
// marker never moves backwards; upTo 0 leaves it unchanged (use that when
// retagging old comments).
//
// Building a bleve segment is single-threaded, so a large Apply is split
// into one part per core whose segments are built concurrently; the marker
// then follows in a batch of its own once every part is persisted. A small
// Apply (or one holding an id twice) is one bleve batch with the marker.
//
// Apply returns once the batch is persisted. Call it from one goroutine
// at a time; searches may run concurrently.
func (ix *Index) Apply(ctx context.Context, docs []corpus.Comment, upTo uint64) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	parts := min(runtime.GOMAXPROCS(0), len(docs)/minPart)
	if parts > 1 && hasDuplicateIDs(docs) {
		parts = 1 // the last version of an id must win
	}
	batches := make([]*bleve.Batch, max(parts, 1))
	errs := make([]error, len(batches))
	size := (len(docs) + len(batches) - 1) / len(batches)
	ix.each(len(batches), func(i int) {
		batches[i], errs[i] = ix.newBatch(docs[min(i*size, len(docs)):min((i+1)*size, len(docs))])
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	next := max(ix.marker, upTo)
	var marker *bleve.Batch
	if next != ix.marker {
		marker = batches[0]
		if len(batches) > 1 {
			marker = ix.bi.NewBatch()
		}
		marker.SetInternal([]byte(markerKey), encodeMarker(next))
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	ix.each(len(batches), func(i int) { errs[i] = ix.bi.Batch(batches[i]) })
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("index batch of %d into %q: %w", len(docs), ix.dir, err)
	}
	if marker != nil && len(batches) > 1 {
		if err := ix.bi.Batch(marker); err != nil {
			return fmt.Errorf("index marker %d into %q: %w", next, ix.dir, err)
		}
	}
	ix.marker = next
	return nil
}

// newBatch builds the bleve batch of docs.
func (ix *Index) newBatch(docs []corpus.Comment) (*bleve.Batch, error) {
	b := ix.bi.NewBatch()
	for i := range docs {
		c := &docs[i]
		if c.ID == "" {
			return nil, fmt.Errorf("index batch: comment %d has no id", i)
		}
		d, err := document(c, ix.opts.Location)
		if err != nil {
			return nil, fmt.Errorf("index batch: %w", err)
		}
		if err := b.Index(c.ID, d); err != nil {
			return nil, fmt.Errorf("index batch: comment %s: %w", c.ID, err)
		}
	}
	return b, nil
}

// each calls fn(i) for i in [0, n), concurrently when n > 1.
func (ix *Index) each(n int, fn func(i int)) {
	if n == 1 {
		fn(0)
		return
	}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { fn(i) })
	}
	wg.Wait()
}

// hasDuplicateIDs reports whether an id occurs twice in docs.
func hasDuplicateIDs(docs []corpus.Comment) bool {
	seen := make(map[string]struct{}, len(docs))
	for i := range docs {
		if _, ok := seen[docs[i].ID]; ok {
			return true
		}
		seen[docs[i].ID] = struct{}{}
	}
	return false
}

// Delete removes the comments with the given ids; unknown ids are ignored.
func (ix *Index) Delete(ctx context.Context, ids []string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("delete from index: %w", err)
	}
	b := ix.bi.NewBatch()
	for _, id := range ids {
		b.Delete(id)
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("delete %d comments from %q: %w", len(ids), ix.dir, err)
	}
	return nil
}

// IndexedUpTo returns the marker set by the last Apply: every raw-store
// entry up to it is in the index. A new index returns 0.
func (ix *Index) IndexedUpTo() (uint64, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.marker, nil
}

// readMarker reads the persisted marker.
func (ix *Index) readMarker() (uint64, error) {
	v, err := ix.bi.GetInternal([]byte(markerKey))
	if err != nil {
		return 0, fmt.Errorf("read indexed-up-to marker: %w", err)
	}
	if v == nil {
		return 0, nil
	}
	if len(v) != 8 {
		return 0, fmt.Errorf("indexed-up-to marker has %d bytes, want 8", len(v))
	}
	return binary.BigEndian.Uint64(v), nil
}

func encodeMarker(n uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, n)
}
