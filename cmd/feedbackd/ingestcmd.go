package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/feedbackd/feedbackd/corpus/folder"
)

const ingestUsage = `
Usage:
  feedbackd ingest [--data DIR] [--config FILE] [--source NAME] FILE...

Runs files (.csv, .tsv, .json, .jsonl/.ndjson) through the same parsing and
pipeline as the daemon's drop folder, in the foreground: validate, redact,
tag, store, index. The column mapping is the configured folder source's
(--source, or the first folder source; the default configuration's is
"inbox"). Files are neither moved nor deleted. A file already ingested
whole is skipped, and a file ingested halfway resumes where it stopped.

Prints a summary: rows, accepted, duplicates, rejected and rate. Exits 1 if
any row was rejected (see feedbackd quarantine list) or a file could not be
read.
`

func runIngest(ctx context.Context, e env, args []string) int {
	var cf configFlags
	var source string
	fs := flag.NewFlagSet("ingest", flag.ContinueOnError)
	cf.register(fs, false)
	fs.StringVar(&source, "source", "", "folder source `NAME` whose mapping and name to use (default: the first folder source)")
	files, code, ok := parseFlags(e, fs, ingestUsage, args)
	if !ok {
		return code
	}
	if len(files) == 0 {
		return usageError(e, fs, ingestUsage, "name at least one FILE")
	}
	cfg, err := cf.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd ingest: %v\n", err)
		return exitFail
	}
	fcfg, err := cfg.FolderSource(source)
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd ingest: %v\n", err)
		return exitFail
	}
	logger := commandLogger(&cfg, e)
	w, err := openWorkspace(ctx, &cfg, logger, true)
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd ingest: %v\n", err)
		return exitFail
	}
	src, err := folder.New(*fcfg, w.pipeline, w.store, component(logger, "source"))
	if err != nil {
		w.Close()
		fmt.Fprintf(e.stderr, "feedbackd ingest: %v\n", err)
		return exitFail
	}

	start := time.Now()
	bar := startProgress(e.stderr, 250*time.Millisecond, func(d time.Duration) string {
		p := w.pipeline.Metrics()
		rows := int64(p.Ingested + p.Duplicates + p.Rejected)
		return fmt.Sprintf("%d rows: %d accepted, %d duplicates, %d rejected (%.0f rows/s)",
			rows, p.Ingested, p.Duplicates, p.Rejected, rate(rows, d))
	})
	var total folder.FileStats
	failed := 0
	for _, path := range files {
		st, err := src.Ingest(ctx, path)
		total.Rows += st.Rows
		total.Accepted += st.Accepted
		total.Duplicates += st.Duplicates
		total.Rejected += st.Rejected
		switch {
		case err != nil:
			failed++
			fmt.Fprintf(e.stderr, "feedbackd ingest: %s: %v\n", path, err)
		case st.AlreadyDone:
			fmt.Fprintf(e.stderr, "%s: already ingested whole; skipped\n", path)
		}
		if ctx.Err() != nil {
			break
		}
	}
	bar.Stop()
	elapsed := time.Since(start)
	syncErr := w.indexer.Sync(ctx)
	indexed := time.Since(start)
	if err := w.Close(); err != nil {
		fmt.Fprintf(e.stderr, "feedbackd ingest: %v\n", err)
		return exitFail
	}
	fmt.Fprintf(e.stdout, "%d files, %d rows: %d accepted, %d duplicates, %d rejected in %s (%.0f rows/s; indexed after %s)\n",
		len(files)-failed, total.Rows, total.Accepted, total.Duplicates, total.Rejected,
		elapsed.Round(time.Millisecond), rate(total.Rows, elapsed), indexed.Round(time.Millisecond))
	if syncErr != nil {
		fmt.Fprintf(e.stderr, "feedbackd ingest: the comments are stored; indexing was interrupted (%v) and resumes at the next start\n", syncErr)
		return exitFail
	}
	if total.Rejected > 0 {
		fmt.Fprintf(e.stderr, "%d rows rejected: see feedbackd quarantine list --source %s\n", total.Rejected, fcfg.Name)
	}
	if failed > 0 || total.Rejected > 0 {
		return exitFail
	}
	return exitOK
}
