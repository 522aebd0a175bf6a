package main

import (
	"fmt"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/redact"
)

// noRedaction is the redactor when redaction.enabled is false.
type noRedaction struct{}

func (noRedaction) Redact(s string) (string, []string) { return s, nil }

// newRedactor builds the redactor the configuration asks for.
func newRedactor(cfg RedactionConfig) (corpus.Redactor, error) {
	if !cfg.Enabled {
		return noRedaction{}, nil
	}
	r, err := redact.New(cfg.Config)
	if err != nil {
		return nil, fmt.Errorf("redaction: %w", err)
	}
	return r, nil
}

// newPipeline wires the ingest pipeline: store is where batches are
// committed, notify is given the comments of each commit that stored
// some, and
// yield (nil: never) lets tagging workers step back for searches.
func newPipeline(cfg *Config, store corpus.Store, t corpus.Tagger, notify func([]corpus.Committed), yield func(), logger zerolog.Logger) (*corpus.Pipeline, error) {
	red, err := newRedactor(cfg.Redaction)
	if err != nil {
		return nil, err
	}
	return corpus.NewPipeline(store, t, corpus.PipelineConfig{
		Redactor:     red,
		Workers:      cfg.Ingest.Workers,
		MaxTextBytes: cfg.Ingest.MaxTextBytes,
		Notify:       notify,
		Yield:        yield,
		Logger:       component(logger, "pipeline"),
	}), nil
}

// newIndexer wires the indexer from the raw store's log into the index.
func newIndexer(cfg *Config, log corpus.Log, ix corpus.Index, logger zerolog.Logger) *corpus.Indexer {
	in := corpus.NewIndexer(log, ix, component(logger, "indexer"))
	in.BatchSize = cfg.Index.BatchSize
	in.MaxDelay = cfg.Index.MaxDelay
	return in
}

// newEngine builds the text engine the configuration names.
func newEngine(cfg EngineConfig) (*engine, error) {
	f := engineFlags{taxonomy: cfg.Taxonomy, lexicon: cfg.Lexicon}
	return f.build()
}
