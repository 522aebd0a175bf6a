package main

import (
	"context"
	"flag"
	"fmt"
	"time"
)

const reindexUsage = `
Usage:
  feedbackd reindex [--data DIR] [--config FILE]

Drops the search index and rebuilds it from the raw store, the source of
truth. The daemon does this by itself when the index is missing or
corrupt; run it after changing the time zone or to reclaim disk space.
Stop the daemon first: it holds the data dir.
`

func runReindex(ctx context.Context, e env, args []string) int {
	var cf configFlags
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	cf.register(fs, false)
	pos, code, ok := parseFlags(e, fs, reindexUsage, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(e, fs, reindexUsage, "reindex takes no arguments")
	}
	cfg, err := cf.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd reindex: %v\n", err)
		return exitFail
	}
	n, elapsed, err := reindex(ctx, &cfg, e)
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd reindex: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(e.stdout, "reindexed %d comments in %s (%.0f comments/s)\n", n, elapsed.Round(time.Millisecond), rate(int64(n), elapsed))
	return exitOK
}

// reindex rebuilds the index of cfg's data dir and returns how many
// comments it holds afterwards.
func reindex(ctx context.Context, cfg *Config, e env) (n uint64, elapsed time.Duration, err error) {
	w, err := openWorkspace(ctx, cfg, commandLogger(cfg, e), false)
	if err != nil {
		return 0, 0, err
	}
	defer func() {
		if cerr := w.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	st, err := w.store.Stats(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("raw store stats: %w", err)
	}
	start := time.Now()
	if err := w.openIndexer(ctx, true); err != nil {
		return 0, 0, err
	}
	bar := startProgress(e.stderr, 250*time.Millisecond, func(d time.Duration) string {
		m := w.indexer.Metrics()
		return fmt.Sprintf("indexed %d of %d comments (%.0f/s)", m.Indexed, st.Comments, rate(int64(m.Indexed), d))
	})
	err = w.indexer.Sync(ctx)
	bar.Stop()
	if err != nil {
		return 0, 0, fmt.Errorf("rebuild interrupted (run reindex again, or start the daemon, to finish): %w", err)
	}
	elapsed = time.Since(start)
	n, err = w.index.Count()
	if err != nil {
		return 0, 0, fmt.Errorf("count index: %w", err)
	}
	return n, elapsed, nil
}
