package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
)

const quarantineUsage = `
Usage:
  feedbackd quarantine list [--source S] [--limit N] [--json]
  feedbackd quarantine show ID
  feedbackd quarantine retry ID...
  feedbackd quarantine retry --all [--source S]

Every row or item that could not be stored is kept in the quarantine with
its source, file, line, raw record and reason. list and show read it; retry
re-parses the raw record through its source's current mapping (fix the
configuration first) and, if it passes now, stores it and removes it from
the quarantine in the same transaction. All take --data DIR and
--config FILE. Stop the daemon first: it holds the data dir.
`

// errStop ends a listing early.
var errStop = errors.New("stop")

func runQuarantine(ctx context.Context, e env, args []string) int {
	var cf configFlags
	var source string
	var limit int
	var all, asJSON bool
	fs := flag.NewFlagSet("quarantine", flag.ContinueOnError)
	cf.register(fs, false)
	fs.StringVar(&source, "source", "", "only entries of source `S` (list, retry --all)")
	fs.IntVar(&limit, "limit", 50, "list at most `N` entries (0: all)")
	fs.BoolVar(&all, "all", false, "retry every entry (of --source, if given)")
	fs.BoolVar(&asJSON, "json", false, "print JSON (list, show, retry)")
	pos, code, ok := parseFlags(e, fs, quarantineUsage, args)
	if !ok {
		return code
	}
	if len(pos) == 0 {
		return usageError(e, fs, quarantineUsage, "name a subcommand: list, show or retry")
	}
	sub, ids := pos[0], pos[1:]
	switch {
	case sub == "list" && len(ids) > 0:
		return usageError(e, fs, quarantineUsage, "list takes no arguments")
	case sub == "show" && len(ids) != 1:
		return usageError(e, fs, quarantineUsage, "show takes one ID")
	case sub == "retry" && all == (len(ids) > 0):
		return usageError(e, fs, quarantineUsage, "retry takes IDs or --all, not both")
	case sub != "list" && sub != "show" && sub != "retry":
		return usageError(e, fs, quarantineUsage, fmt.Sprintf("unknown subcommand %q: want list, show or retry", sub))
	}
	cfg, err := cf.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd quarantine: %v\n", err)
		return exitFail
	}
	// retry stores comments, so the index must follow; list and show only read.
	w, err := openWorkspace(ctx, &cfg, commandLogger(&cfg, e), sub == "retry")
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd quarantine: %v\n", err)
		return exitFail
	}
	switch sub {
	case "list":
		err = listQuarantine(ctx, e.stdout, w.store, source, limit, asJSON)
	case "show":
		err = showQuarantine(ctx, e.stdout, w.store, ids[0], asJSON)
	case "retry":
		code, err = retryQuarantine(ctx, e, w, ids, source, asJSON)
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd quarantine %s: %v\n", sub, err)
		return exitFail
	}
	return code
}

// listQuarantine prints up to limit entries, oldest first.
func listQuarantine(ctx context.Context, w io.Writer, store *rawstore.Store, source string, limit int, asJSON bool) error {
	var entries []corpus.Reject
	err := store.ListQuarantine(ctx, "", 0, func(r corpus.Reject) error {
		if source != "" && r.Source != source {
			return nil
		}
		entries = append(entries, r)
		if limit > 0 && len(entries) >= limit {
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return fmt.Errorf("list: %w", err)
	}
	if asJSON {
		if entries == nil {
			entries = []corpus.Reject{}
		}
		return writeIndented(w, entries)
	}
	if len(entries) == 0 {
		fmt.Fprintln(w, "the quarantine is empty")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSOURCE\tWHERE\tAT\tREASON")
	for _, r := range entries {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Source, where(r), r.At.Format(time.DateTime), clip(r.Reason, 80))
	}
	tw.Flush()
	if limit > 0 && len(entries) == limit {
		fmt.Fprintf(w, "(first %d entries; --limit 0 lists all)\n", limit)
	}
	return nil
}

// showQuarantine prints one entry with its raw record.
func showQuarantine(ctx context.Context, w io.Writer, store *rawstore.Store, id string, asJSON bool) error {
	r, err := store.GetQuarantine(ctx, id)
	if err != nil {
		return fmt.Errorf("%s: %w", id, err)
	}
	if asJSON {
		return writeIndented(w, r)
	}
	fmt.Fprintf(w, "id:      %s\nsource:  %s\nwhere:   %s\nat:      %s\nreason:  %s\n", r.ID, r.Source, where(r), r.At.Format(time.RFC3339), r.Reason)
	if r.Truncated {
		fmt.Fprintf(w, "raw:     truncated to %d of %d bytes\n", len(r.Raw), r.RawSize)
	}
	raw := string(r.Raw)
	if !utf8.ValidString(raw) {
		raw = strings.ToValidUTF8(raw, "\uFFFD")
	}
	fmt.Fprintf(w, "\n%s\n", raw)
	return nil
}

// where says where a reject was read: file:line, item N, or nothing.
func where(r corpus.Reject) string {
	switch {
	case r.File != "" && r.Line > 0:
		return fmt.Sprintf("%s:%d", r.File, r.Line)
	case r.File != "":
		return r.File
	case r.Line > 0:
		return fmt.Sprintf("item %d", r.Line)
	}
	return "-"
}

// clip shortens s to at most n runes for a table cell, on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// writeIndented writes v as indented JSON.
func writeIndented(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
