package corpus

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
)

// RetagStore is what Retag needs from the raw store; *rawstore.Store
// implements it. Retag streams the stored comments through fn in chunks
// and writes back those fn changed, appending them to the change log.
type RetagStore interface {
	Since(ctx context.Context, after uint64, fn func(seq uint64, c *Comment) error) error
	Retag(ctx context.Context, fn func(ctx context.Context, cs []*Comment) error) (int, error)
}

// RetagOptions tune Retag.
type RetagOptions struct {
	DryRun  bool // report only; store nothing
	Workers int  // tagging goroutines; all cores when 0
}

// TouchpointDiff counts the comments that gained or lost a touchpoint.
type TouchpointDiff struct {
	Gained int `json:"gained"`
	Lost   int `json:"lost"`
}

// RetagReport says what a retag changed (or, in a dry run, would change).
type RetagReport struct {
	DryRun  bool `json:"dry_run"`
	Scanned int  `json:"scanned"`
	Changed int  `json:"changed"` // comments whose tags differ
	Written int  `json:"written"` // comments stored (0 in a dry run)
	// Touchpoints maps a touchpoint id to its gains and losses.
	Touchpoints map[string]TouchpointDiff `json:"touchpoints"`
	// SentimentMoves counts overall sentiment label changes, keyed
	// "old→new" (an untagged comment's old label is "none").
	SentimentMoves map[string]int `json:"sentiment_moves"`
}

// retagChunk is how many comments a dry run tags at a time.
const retagChunk = 1024

// Retag re-runs tagger over every stored comment and reports the
// differences. Unless opts.DryRun, changed comments are written back and
// take new change-log seqs, so the indexer re-indexes exactly those. A
// comment whose tags come out the same keeps its old tags and tag time and
// is not rewritten.
func Retag(ctx context.Context, store RetagStore, tagger Tagger, opts RetagOptions) (RetagReport, error) {
	rep := RetagReport{DryRun: opts.DryRun, Touchpoints: map[string]TouchpointDiff{}, SentimentMoves: map[string]int{}}
	var mu sync.Mutex
	retag := func(_ context.Context, cs []*Comment) error {
		changed := make([]bool, len(cs))
		olds := make([]*Tags, len(cs))
		forEach(len(cs), opts.Workers, 64, nil, func(i int) {
			c := cs[i]
			olds[i] = c.Tags
			tagger.Tag(c)
			if sameTags(olds[i], c.Tags) {
				c.Tags = olds[i]
				return
			}
			changed[i] = true
		})
		mu.Lock()
		defer mu.Unlock()
		rep.Scanned += len(cs)
		for i, c := range cs {
			if changed[i] {
				rep.Changed++
				rep.diff(olds[i], c.Tags)
			}
		}
		return nil
	}
	if !opts.DryRun {
		n, err := store.Retag(ctx, retag)
		rep.Written = n
		if err != nil {
			return rep, fmt.Errorf("retag: %w", err)
		}
		return rep, nil
	}
	chunk := make([]*Comment, 0, retagChunk)
	err := store.Since(ctx, 0, func(_ uint64, c *Comment) error {
		chunk = append(chunk, c)
		if len(chunk) == retagChunk {
			retag(ctx, chunk)
			chunk = chunk[:0]
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("retag dry run: %w", err)
	}
	retag(ctx, chunk)
	return rep, nil
}

// sameTags reports whether two taggings agree, ignoring when they were made.
// They are compared in the form the raw store keeps: fresh tags carry token
// spans that stored ones lost in encoding, and must not count as a change.
func sameTags(a, b *Tags) bool {
	if a == nil || b == nil {
		return a == b
	}
	ea, errA := json.Marshal(a.Result)
	eb, errB := json.Marshal(b.Result)
	return errA == nil && errB == nil && bytes.Equal(ea, eb)
}

// diff adds one changed comment to the report.
func (rep *RetagReport) diff(old, cur *Tags) {
	before, after := touchpointSet(old), touchpointSet(cur)
	for id := range after {
		if !before[id] {
			d := rep.Touchpoints[id]
			d.Gained++
			rep.Touchpoints[id] = d
		}
	}
	for id := range before {
		if !after[id] {
			d := rep.Touchpoints[id]
			d.Lost++
			rep.Touchpoints[id] = d
		}
	}
	if from, to := labelOf(old), labelOf(cur); from != to {
		rep.SentimentMoves[from+"→"+to]++
	}
}

// touchpointSet returns the touchpoint ids of a tagging.
func touchpointSet(t *Tags) map[string]bool {
	set := map[string]bool{}
	if t != nil {
		for _, tp := range t.Touchpoints {
			set[tp.ID] = true
		}
	}
	return set
}

// labelOf returns a tagging's overall sentiment label, "none" if untagged.
func labelOf(t *Tags) string {
	if t == nil {
		return "none"
	}
	return string(t.Sentiment.Label)
}
