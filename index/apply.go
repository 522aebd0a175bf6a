package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"path/filepath"
	"time"

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

// Apply indexes docs, replacing any comment with the same ID, and records
// that everything up to upTo (a raw-store sequence number) is indexed. The
// documents and the marker are committed in one bleve batch: after a crash
// either both are there or neither is. The marker never moves backwards;
// upTo 0 leaves it unchanged (use that when retagging old comments).
//
// The facts table gets the comments first, so a search never meets a
// document the table lacks. When the bleve marker is already at or past
// upTo (a replay for a facts table rebuilt from the raw store), only the
// table is updated.
//
// Apply returns once the batch is persisted. Call it from one goroutine
// at a time; searches may run concurrently.
func (ix *Index) Apply(ctx context.Context, docs []corpus.Comment, upTo uint64) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	for i := range docs {
		if docs[i].ID == "" {
			return fmt.Errorf("index batch: comment %d has no id", i)
		}
	}
	ix.mu.Lock()
	inBleve := upTo != 0 && upTo <= ix.marker
	ix.mu.Unlock()

	var b *bleve.Batch
	if !inBleve {
		b = ix.bi.NewBatch()
		for i := range docs {
			c := &docs[i]
			d, err := document(c)
			if err != nil {
				return fmt.Errorf("index batch: %w", err)
			}
			if err := b.Index(c.ID, d); err != nil {
				return fmt.Errorf("index batch: comment %s: %w", c.ID, err)
			}
		}
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("index batch: %w", err)
	}
	ix.facts.Apply(docs, upTo)
	ix.unsaved += len(docs)
	if grown := ix.opts.FactsGrown; grown != nil {
		if n := ix.facts.Bytes(); n-ix.factsBytes >= factsGrowthStep || ix.factsBytes == 0 {
			ix.factsBytes = n
			grown(n)
		}
	}
	if b != nil {
		next := max(ix.marker, upTo)
		if next != ix.marker {
			b.SetInternal([]byte(markerKey), encodeMarker(next))
		}
		if err := ix.bi.Batch(b); err != nil {
			return fmt.Errorf("index batch of %d into %q: %w", len(docs), ix.dir, err)
		}
		ix.marker = next
		ix.pruneRowMaps()
	}
	if ix.unsaved >= saveEvery || time.Since(ix.lastSave) >= saveInterval {
		if err := ix.saveFacts(); err != nil {
			return err
		}
	}
	return nil
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
	ix.facts.Delete(ids)
	ix.unsaved += len(ids)
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("delete %d comments from %q: %w", len(ids), ix.dir, err)
	}
	return nil
}

// IndexedUpTo returns the marker set by the last Apply: every raw-store
// entry up to it is in the index and the facts table. A new index
// returns 0.
func (ix *Index) IndexedUpTo() (uint64, error) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return min(ix.marker, ix.facts.UpTo()), nil
}

// The facts table is saved after saveEvery changed comments or
// saveInterval, whichever comes first, and at Close. What a crash loses
// since the last save is replayed from the raw store at the next start.
const (
	saveEvery    = 250_000
	saveInterval = 5 * time.Minute
)

// factsGrowthStep is how much the facts table grows between calls of
// Options.FactsGrown.
const factsGrowthStep = 16 << 20

// factsFile is the facts table's snapshot in the index directory.
const factsFile = "facts.bin"

func (ix *Index) factsPath() string { return filepath.Join(ix.dir, factsFile) }

// saveFacts writes the facts snapshot; ix.mu is held.
func (ix *Index) saveFacts() error {
	if err := ix.facts.Save(ix.factsPath()); err != nil {
		return fmt.Errorf("index %q: %w", ix.dir, err)
	}
	ix.unsaved, ix.lastSave = 0, time.Now()
	return nil
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
