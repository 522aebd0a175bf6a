package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
)

// workspace is a data dir opened by a foreground command (ingest,
// reindex, retag, quarantine): the same raw store, engine and pipeline as
// the daemon, and optionally the index and its indexer.
type workspace struct {
	cfg      *Config
	logger   zerolog.Logger
	store    *rawstore.Store
	tagger   *tagger
	pipeline *corpus.Pipeline
	index    *index.Index
	indexer  *corpus.Indexer
}

// openWorkspace opens cfg's data dir. withIndex opens the index too and
// starts an indexer that follows the pipeline's commits.
func openWorkspace(ctx context.Context, cfg *Config, logger zerolog.Logger, withIndex bool) (_ *workspace, err error) {
	w := &workspace{cfg: cfg, logger: logger}
	defer func() {
		if err != nil {
			w.Close()
		}
	}()
	eng, err := newEngine(cfg.Engine)
	if err != nil {
		return nil, err
	}
	w.tagger = newTagger(eng, nil)
	if w.store, err = openStore(cfg); err != nil {
		return nil, err
	}
	notify := func([]corpus.Committed) {}
	if withIndex {
		if err := w.openIndexer(ctx, false); err != nil {
			return nil, err
		}
		notify = w.indexer.Committed
	}
	if w.pipeline, err = newPipeline(cfg, w.store, w.tagger, notify, nil, logger); err != nil {
		return nil, err
	}
	return w, nil
}

// openIndexer opens the index (fresh: dropped and recreated empty) and
// starts an indexer that replays what it misses.
func (w *workspace) openIndexer(ctx context.Context, fresh bool) error {
	var err error
	if fresh {
		opts, oerr := indexOptions(w.cfg)
		if oerr != nil {
			return oerr
		}
		w.index, err = index.OpenFresh(w.cfg.IndexDir(), opts)
		if errors.Is(err, index.ErrLocked) {
			return &lockedError{dir: w.cfg.Data, err: err}
		}
		if err != nil {
			return fmt.Errorf("recreate index: %w", err)
		}
	} else if w.index, err = openIndex(ctx, w.cfg, w.store, component(w.logger, "index")); err != nil {
		return err
	}
	w.indexer = newIndexer(w.cfg, w.store, w.index, w.logger)
	if err := w.indexer.Open(ctx); err != nil {
		w.indexer = nil
		return fmt.Errorf("start indexer: %w", err)
	}
	return nil
}

// Close flushes the indexer and closes the index and the raw store.
func (w *workspace) Close() error {
	var errs []error
	if w.indexer != nil {
		if err := w.indexer.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close indexer: %w", err))
		}
	}
	if w.index != nil {
		if err := w.index.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close index: %w", err))
		}
	}
	if w.store != nil {
		if err := w.store.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close raw store: %w", err))
		}
	}
	return errors.Join(errs...)
}

// commandLogger is the logger of a foreground command: warnings and
// errors only unless the configuration asks for debug, so the command's
// own output stays readable.
func commandLogger(cfg *Config, e env) zerolog.Logger {
	lc := cfg.Log
	if lc.Level != "debug" {
		lc.Level = "warn"
	}
	return newLogger(lc, e.stderr)
}
