package main

import (
	"context"
	"fmt"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/demo"
)

// demoSource is the source name of the demo corpus.
const demoSource = "demo"

// demoBatch is how many demo comments are committed together.
const demoBatch = 1000

// loadDemo ingests the demo corpus through the pipeline as source "demo".
//
// The corpus is dated relative to now, and the raw store treats the same
// id with another created_at as a conflict (quarantined), so a data dir
// that already holds demo comments is left as it is: running --demo again
// is a no-op rather than 3,000 conflicts.
func (m *Main) loadDemo(ctx context.Context) error {
	logger := m.Logger.With().Str("component", "demo").Logger()
	st, err := m.store.Stats(ctx)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if n := st.PerSource[demoSource]; n > 0 {
		logger.Info().Uint64("comments", n).Msg("demo corpus already loaded")
		return nil
	}
	start := time.Now()
	res, err := ingestComments(ctx, m.pipeline, demoSource, demo.Generate(start, demo.DefaultSeed))
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	logger.Info().Int("accepted", res.accepted).Int("duplicates", res.duplicates).Int("rejected", res.rejected).
		Dur("elapsed", time.Since(start)).Msg("demo corpus loaded; it is being indexed now")
	return nil
}

// outcomes counts item results.
type outcomes struct {
	accepted, duplicates, rejected int
}

func (o *outcomes) add(res []corpus.ItemResult) {
	for _, r := range res {
		switch r.Outcome {
		case corpus.Accepted:
			o.accepted++
		case corpus.Duplicate:
			o.duplicates++
		case corpus.Rejected:
			o.rejected++
		}
	}
}

// ingestComments commits ready-made comments through sink in batches,
// under the given source name.
func ingestComments(ctx context.Context, sink corpus.Sink, source string, cs []corpus.Comment) (outcomes, error) {
	var o outcomes
	for len(cs) > 0 {
		n := min(len(cs), demoBatch)
		recs := make([]corpus.Record, n)
		for i := range n {
			c := &cs[i]
			c.Source = source
			recs[i] = corpus.Record{Comment: c}
		}
		res, err := sink.Commit(ctx, corpus.Batch{Source: source, Records: recs})
		if err != nil {
			return o, err
		}
		o.add(res)
		cs = cs[n:]
	}
	return o, nil
}
