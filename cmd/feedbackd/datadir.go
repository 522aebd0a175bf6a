package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
)

// errDataDirLocked is returned when another process holds the data dir's
// raw store or index.
var errDataDirLocked = errors.New("another feedbackd is using the data dir")

// lockedError names the data dir another process holds.
type lockedError struct {
	dir string
	err error
}

func (e *lockedError) Error() string {
	return fmt.Sprintf("data dir %q is in use by another feedbackd (stop it or pass another --data): %v", e.dir, e.err)
}

func (e *lockedError) Is(target error) bool { return target == errDataDirLocked }
func (e *lockedError) Unwrap() error        { return e.err }

// openStore opens the raw store of cfg's data dir, creating the dir.
func openStore(cfg *Config) (*rawstore.Store, error) {
	if err := os.MkdirAll(cfg.Data, 0o755); err != nil {
		return nil, fmt.Errorf("create data dir: %w", err)
	}
	s, err := rawstore.Open(cfg.RawPath(), cfg.Index.LockTimeout)
	if errors.Is(err, rawstore.ErrLocked) {
		return nil, &lockedError{dir: cfg.Data, err: err}
	}
	if err != nil {
		return nil, fmt.Errorf("open raw store: %w", err)
	}
	return s, nil
}

// indexOptions returns the index options of cfg.
func indexOptions(cfg *Config) (index.Options, error) {
	loc, err := cfg.Location()
	if err != nil {
		return index.Options{}, err
	}
	return index.Options{
		LockTimeout:      cfg.Index.LockTimeout,
		Location:         loc,
		MinEmployeeGroup: cfg.Analytics.MinRespondents,
		RespondentField:  cfg.Analytics.RespondentField,
		FactsGrown:       followFactsSize(os.Getenv),
	}, nil
}

// openIndex opens the index of cfg's data dir. A corrupt or stale index is
// removed and recreated empty, and a missing one created, each with a
// warning when the raw store has comments to rebuild it from; the indexer
// then replays the raw store into it.
func openIndex(ctx context.Context, cfg *Config, store *rawstore.Store, logger zerolog.Logger) (*index.Index, error) {
	opts, err := indexOptions(cfg)
	if err != nil {
		return nil, err
	}
	ix, err := index.Open(cfg.IndexDir(), opts)
	switch {
	case errors.Is(err, index.ErrLocked):
		return nil, &lockedError{dir: cfg.Data, err: err}
	case errors.Is(err, index.ErrCorrupt):
		logger.Warn().Err(err).Str("dir", cfg.IndexDir()).Msg("index is corrupt or stale: removing it and rebuilding it from the raw store")
		ix, err = index.OpenFresh(cfg.IndexDir(), opts)
		if errors.Is(err, index.ErrLocked) {
			return nil, &lockedError{dir: cfg.Data, err: err}
		}
		if err != nil {
			return nil, fmt.Errorf("recreate index: %w", err)
		}
		return ix, nil
	case err != nil:
		return nil, fmt.Errorf("open index: %w", err)
	}
	if note := ix.FactsRebuild(); note != "" && !ix.Created() {
		logger.Warn().Str("dir", cfg.IndexDir()).Str("reason", note).
			Msg("facts table (filters, facets, trends) has no usable snapshot: rebuilding it from the raw store")
	}
	if ix.Created() {
		last, err := store.LastSeq(ctx)
		if err != nil {
			ix.Close()
			return nil, fmt.Errorf("read raw store: %w", err)
		}
		if last > 0 {
			logger.Warn().Str("dir", cfg.IndexDir()).Uint64("last_seq", last).Msg("index is missing: rebuilding it from the raw store")
		}
	}
	return ix, nil
}

// openIndexForReading opens the index for a command that reads it without
// the daemon (search, export --q) and first applies whatever the raw
// store has that the index lacks: comments stored by an ingest that was
// stopped before indexing them, or the part of the facts table a crash
// kept from its snapshot.
func openIndexForReading(ctx context.Context, cfg *Config, store *rawstore.Store, logger zerolog.Logger) (*index.Index, error) {
	ix, err := openIndexAsIs(cfg)
	if err != nil {
		return nil, err
	}
	in := newIndexer(cfg, store, ix, logger)
	if err := in.Open(ctx); err != nil {
		ix.Close()
		return nil, err
	}
	err = in.Sync(ctx)
	in.Close()
	if err != nil {
		ix.Close()
		return nil, fmt.Errorf("bring the index up to date with the raw store: %w", err)
	}
	return ix, nil
}

// openIndexAsIs opens the index of cfg's data dir without repairing it: a
// corrupt or stale index is an error that says how to rebuild it.
func openIndexAsIs(cfg *Config) (*index.Index, error) {
	opts, err := indexOptions(cfg)
	if err != nil {
		return nil, err
	}
	ix, err := index.Open(cfg.IndexDir(), opts)
	switch {
	case errors.Is(err, index.ErrLocked):
		return nil, &lockedError{dir: cfg.Data, err: err}
	case errors.Is(err, index.ErrCorrupt):
		return nil, fmt.Errorf("%w (feedbackd serve or feedbackd reindex rebuilds it)", err)
	case err != nil:
		return nil, fmt.Errorf("open index: %w", err)
	}
	return ix, nil
}
