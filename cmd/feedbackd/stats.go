package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
)

// statsReport is what `feedbackd stats` prints and /healthz includes.
type statsReport struct {
	DataDir     string            `json:"data_dir"`
	Comments    uint64            `json:"comments"`
	PerSource   map[string]uint64 `json:"per_source"`
	Quarantined uint64            `json:"quarantined"`
	// Indexed is the number of comments in the index; IndexedUpTo the
	// change-log seq up to which it is complete; IndexLag the change-log
	// entries (new or retagged comments) not yet searchable.
	Indexed     uint64 `json:"indexed"`
	IndexedUpTo uint64 `json:"indexed_up_to"`
	LastSeq     uint64 `json:"last_seq"`
	IndexLag    uint64 `json:"index_lag"`
	RawBytes    int64  `json:"raw_bytes"`
	// The versions of the engine the configuration builds (in the daemon:
	// the engine in use).
	TaxonomyVersion string `json:"taxonomy_version"`
	LexiconVersion  string `json:"lexicon_version"`
}

// collectStats reads the counts of an open raw store and index.
func collectStats(ctx context.Context, dir string, store *rawstore.Store, ix *index.Index, taxonomy, lexicon string) (statsReport, error) {
	st, err := store.Stats(ctx)
	if err != nil {
		return statsReport{}, fmt.Errorf("raw store stats: %w", err)
	}
	var n, upTo uint64
	if ix != nil {
		if n, err = ix.Count(); err != nil {
			return statsReport{}, fmt.Errorf("count index: %w", err)
		}
		if upTo, err = ix.IndexedUpTo(); err != nil {
			return statsReport{}, fmt.Errorf("read index marker: %w", err)
		}
	}
	r := statsReport{
		DataDir: dir, Comments: st.Comments, PerSource: st.PerSource, Quarantined: st.Quarantined,
		Indexed: n, IndexedUpTo: upTo, LastSeq: st.LastSeq, RawBytes: st.FileBytes,
		TaxonomyVersion: taxonomy, LexiconVersion: lexicon,
	}
	if r.PerSource == nil {
		r.PerSource = map[string]uint64{}
	}
	if st.LastSeq > upTo {
		r.IndexLag = st.LastSeq - upTo
	}
	return r, nil
}

const statsUsage = `
Usage:
  feedbackd stats [--data DIR] [--config FILE] [--json]

Prints the counts of a data dir: comments (in total and per source),
quarantined records, indexed comments, index lag and the engine versions.
When a running feedbackd holds the data dir, asks it instead (GET /healthz
on the configured http.addr).
`

func runStats(ctx context.Context, e env, args []string) int {
	var cf configFlags
	var asJSON bool
	fs := flag.NewFlagSet("stats", flag.ContinueOnError)
	cf.register(fs, true)
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	pos, code, ok := parseFlags(e, fs, statsUsage, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(e, fs, statsUsage, "stats takes no arguments")
	}
	cfg, err := cf.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd stats: %v\n", err)
		return exitFail
	}
	r, err := readStats(ctx, &cfg)
	if errors.Is(err, errDataDirLocked) {
		r, err = daemonStats(ctx, cfg.HTTP.Addr, cfg.Data, err)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd stats: %v\n", err)
		return exitFail
	}
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return exitFail
		}
		return exitOK
	}
	printStats(e.stdout, r)
	return exitOK
}

// readStats opens the data dir itself. It never creates or rebuilds the
// index: a missing one counts as empty, a corrupt one is an error.
func readStats(ctx context.Context, cfg *Config) (statsReport, error) {
	eng, err := newEngine(cfg.Engine)
	if err != nil {
		return statsReport{}, err
	}
	tv, lv := eng.Versions()
	store, err := openStore(cfg)
	if err != nil {
		return statsReport{}, err
	}
	defer store.Close()
	var ix *index.Index
	if _, err := os.Stat(cfg.IndexDir()); err == nil {
		if ix, err = openIndexAsIs(cfg); err != nil {
			return statsReport{}, err
		}
		defer ix.Close()
	}
	return collectStats(ctx, cfg.Data, store, ix, tv, lv)
}

// daemonStats asks the daemon holding the data dir; locked is the error
// to return if no daemon answers at addr.
func daemonStats(ctx context.Context, addr, dir string, locked error) (statsReport, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/healthz", nil)
	if err != nil {
		return statsReport{}, locked
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return statsReport{}, fmt.Errorf("%w (and no feedbackd answers on %s: %v)", locked, addr, err)
	}
	defer resp.Body.Close()
	var h health
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&h); err != nil {
		return statsReport{}, fmt.Errorf("%w (and the reply of %s is not feedbackd's: %v)", locked, addr, err)
	}
	if !sameDir(h.Stats.DataDir, dir) {
		return statsReport{}, fmt.Errorf("%w (and the feedbackd on %s serves data dir %q)", locked, addr, h.Stats.DataDir)
	}
	return h.Stats, nil
}

// printStats writes r for people.
func printStats(w io.Writer, r statsReport) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "data dir\t%s\n", r.DataDir)
	fmt.Fprintf(tw, "comments\t%d\n", r.Comments)
	for _, src := range slices.Sorted(maps.Keys(r.PerSource)) {
		fmt.Fprintf(tw, "  %s\t%d\n", src, r.PerSource[src])
	}
	fmt.Fprintf(tw, "quarantined\t%d\n", r.Quarantined)
	fmt.Fprintf(tw, "indexed\t%d\n", r.Indexed)
	fmt.Fprintf(tw, "index lag\t%d\n", r.IndexLag)
	fmt.Fprintf(tw, "raw store\t%.1f MB\n", float64(r.RawBytes)/1e6)
	fmt.Fprintf(tw, "taxonomy\t%s\n", r.TaxonomyVersion)
	fmt.Fprintf(tw, "lexicon\t%s\n", r.LexiconVersion)
	tw.Flush()
}

// sameDir reports whether a and b name the same directory.
func sameDir(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	return err1 == nil && err2 == nil && aa == bb
}
