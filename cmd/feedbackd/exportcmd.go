package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/export"
)

const exportUsage = `
Usage:
  feedbackd export [--format csv|ndjson|parquet] [--shape wide|long] [--q QUERY]
                   [--touchpoint T] [--sentiment S] [--audience A] [--source S]
                   [--meta KEY=VALUE] [--from TIME] [--to TIME] [--nps-min N] ...
                   [--since TIME] [--since-cursor CURSOR] [--out FILE|-]
                   [--data DIR] [--config FILE]

Writes stored comments for BI tools (docs/export.md has the schema).
Without --q it streams the raw store, applying the filters as it goes;
--q (full-text, search syntax) reads the search index. --since keeps
comments received at or after TIME. --since-cursor exports only the
comments added or retagged since the export that printed CURSOR.

The next cursor is printed on stderr ("next cursor: seq-N"). --out FILE is
written atomically (temporary file, then rename); "-" (the default) is
stdout. Filters taking several values accept them comma-separated.
`

// runExport is `feedbackd export`.
func runExport(ctx context.Context, e env, args []string) int {
	var cf configFlags
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	cf.register(fs, false)
	v := url.Values{}
	str := func(name, param, usage string) {
		fs.Func(name, usage, func(s string) error { v.Add(param, s); return nil })
	}
	str("format", "format", "csv, ndjson or parquet (default csv)")
	str("shape", "shape", "wide (one row per comment, default) or long (one per comment and touchpoint)")
	str("q", "q", "full-text QUERY in search syntax (reads the index)")
	str("touchpoint", "touchpoint", "keep comments tagged with touchpoint T or its descendants")
	str("sentiment", "sentiment", "keep comments with overall sentiment S")
	str("audience", "audience", "keep comments from audience A (customer, employee)")
	str("source", "source", "keep comments from source S")
	fs.Func("meta", "keep comments whose metadata KEY=VALUE (repeatable)", func(s string) error {
		k, val, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return fmt.Errorf("want KEY=VALUE")
		}
		v.Add("meta."+k, val)
		return nil
	})
	str("from", "from", "keep comments created at or after TIME (RFC 3339 or YYYY-MM-DD)")
	str("to", "to", "keep comments created before TIME")
	for _, s := range []string{"nps", "csat", "ces", "sentiment-score"} {
		p := strings.ReplaceAll(s, "-", "_")
		str(s+"-min", p+"_min", "keep comments with "+p+" at least N")
		str(s+"-max", p+"_max", "keep comments with "+p+" at most N")
	}
	str("since", "since", "keep comments received at or after TIME")
	str("since-cursor", "since_cursor", "export only what was added or retagged since the export that printed CURSOR")
	out := fs.String("out", "-", "write to FILE (atomically) or - for stdout")
	pos, code, ok := parseFlags(e, fs, exportUsage, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(e, fs, exportUsage, "export takes no arguments")
	}
	req, err := export.ParseRequest(v)
	if err != nil {
		return usageError(e, fs, exportUsage, strings.ReplaceAll(err.Error(), "_", "-"))
	}
	cfg, err := cf.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd export: %v\n", err)
		return exitFail
	}
	if err := exportTo(ctx, e, &cfg, req, *out); err != nil {
		fmt.Fprintf(e.stderr, "feedbackd export: %v\n", err)
		return exitFail
	}
	return exitOK
}

// exportTo opens the data dir (the index only for --q) and writes the
// export to out.
func exportTo(ctx context.Context, e env, cfg *Config, req export.Request, out string) error {
	store, err := openStore(cfg)
	if err != nil {
		if errors.Is(err, errDataDirLocked) {
			return fmt.Errorf("%w: while feedbackd serve runs, use GET /api/v1/export", err)
		}
		return err
	}
	defer store.Close()
	x := &export.Exporter{Store: store}
	if req.Query.Q != "" {
		ix, err := openIndexForReading(ctx, cfg, store, commandLogger(cfg, e))
		if err != nil {
			return fmt.Errorf("open index for --q: %w", err)
		}
		defer ix.Close()
		x.Index = ix
	}
	job, err := x.Prepare(ctx, req)
	if err != nil {
		return err
	}
	start := time.Now()
	var st export.Stats
	write := func(w io.Writer) error {
		st, err = job.WriteTo(ctx, w)
		return err
	}
	if out == "-" || out == "" {
		err = write(e.stdout)
	} else {
		err = export.WriteFile(out, write)
	}
	if err != nil {
		return err
	}
	el := time.Since(start)
	fmt.Fprintf(e.stderr, "exported %d comments, %d rows in %s (%.0f rows/s), schema %s\n",
		st.Comments, st.Rows, el.Round(time.Millisecond), float64(st.Rows)/max(el.Seconds(), 1e-9), export.SchemaVersion)
	fmt.Fprintf(e.stderr, "next cursor: %s\n", job.Next)
	return nil
}
