package main

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

const retagUsage = `
Usage:
  feedbackd retag [--data DIR] [--config FILE] [--dry-run] [--json]

Re-runs the text engine (the configured taxonomy and lexicon) over every
stored comment and prints what changed: per touchpoint, the comments that
gained or lost it, and the moves between overall sentiment labels. Then
writes the changed comments back and brings the index up to date.
--dry-run prints the report and changes nothing. Stop the daemon first:
it holds the data dir (a running daemon reloads its engine on SIGHUP, for
new comments).
`

func runRetag(ctx context.Context, e env, args []string) int {
	var cf configFlags
	var dryRun, asJSON bool
	fs := flag.NewFlagSet("retag", flag.ContinueOnError)
	cf.register(fs, false)
	fs.BoolVar(&dryRun, "dry-run", false, "report the changes without storing them")
	fs.BoolVar(&asJSON, "json", false, "print the report as JSON")
	pos, code, ok := parseFlags(e, fs, retagUsage, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(e, fs, retagUsage, "retag takes no arguments")
	}
	cfg, err := cf.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd retag: %v\n", err)
		return exitFail
	}
	rep, err := retag(ctx, &cfg, e, dryRun)
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd retag: %v\n", err)
		return exitFail
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return exitFail
		}
		return exitOK
	}
	printRetag(e.stdout, rep)
	return exitOK
}

// retag runs corpus.Retag over cfg's data dir and, unless dryRun, lets the
// indexer catch up with the rewritten comments.
func retag(ctx context.Context, cfg *Config, e env, dryRun bool) (rep corpus.RetagReport, err error) {
	w, err := openWorkspace(ctx, cfg, commandLogger(cfg, e), false)
	if err != nil {
		return rep, err
	}
	defer func() {
		if cerr := w.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	start := time.Now()
	rep, err = corpus.Retag(ctx, w.store, w.tagger, corpus.RetagOptions{DryRun: dryRun, Workers: cfg.Ingest.Workers})
	if err != nil {
		return rep, fmt.Errorf("retag: %w", err)
	}
	if dryRun {
		return rep, nil
	}
	if err := w.openIndexer(ctx, false); err != nil {
		return rep, fmt.Errorf("the comments are retagged; the index is not yet: %w", err)
	}
	if err := w.indexer.Sync(ctx); err != nil {
		return rep, fmt.Errorf("the comments are retagged; indexing was interrupted and resumes at the next start: %w", err)
	}
	w.logger.Debug().Dur("elapsed", time.Since(start)).Msg("retag indexed")
	return rep, nil
}

// printRetag writes the diff report for people.
func printRetag(w io.Writer, rep corpus.RetagReport) {
	verb := "retagged"
	if rep.DryRun {
		verb = "would retag (dry run)"
	}
	fmt.Fprintf(w, "scanned %d comments; %d changed; %s %d\n", rep.Scanned, rep.Changed, verb, max(rep.Written, changedIfDry(rep)))
	if len(rep.Touchpoints) > 0 {
		fmt.Fprintln(w, "\ntouchpoints:")
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "touchpoint\tgained\tlost\t")
		for _, tp := range slices.Sorted(maps.Keys(rep.Touchpoints)) {
			d := rep.Touchpoints[tp]
			fmt.Fprintf(tw, "%s\t+%d\t-%d\t\n", tp, d.Gained, d.Lost)
		}
		tw.Flush()
	}
	if len(rep.SentimentMoves) > 0 {
		fmt.Fprintln(w, "\nsentiment moves:")
		moves := slices.SortedFunc(maps.Keys(rep.SentimentMoves), func(a, b string) int {
			return cmp.Or(cmp.Compare(rep.SentimentMoves[b], rep.SentimentMoves[a]), cmp.Compare(a, b))
		})
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, mv := range moves {
			fmt.Fprintf(tw, "  %s\t%d\n", mv, rep.SentimentMoves[mv])
		}
		tw.Flush()
	}
}

// changedIfDry is what a dry run would write.
func changedIfDry(rep corpus.RetagReport) int {
	if rep.DryRun {
		return rep.Changed
	}
	return 0
}
