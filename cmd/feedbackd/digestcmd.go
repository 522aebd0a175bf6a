package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/digest"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
)

const digestUsage = `
Usage:
  feedbackd digest list [--config FILE] [--data DIR]
  feedbackd digest run NAME [--dry-run] [--at DATE] [--config FILE] [--data DIR]
  feedbackd digest history NAME [--limit N] [--config FILE] [--data DIR]

Digests are the scheduled summaries of the configuration's digests:
section (docs/digests.md); feedbackd serve sends them.

list shows each digest, its schedule, next run and last period.
run builds the digest a run at DATE would send (default: now; DATE is
YYYY-MM-DD or RFC 3339, in the digest's time zone) for the whole days
before DATE's day. --dry-run prints its Markdown and sends nothing;
otherwise it is delivered to the channels that have not had that period
(failed ones are retried) and recorded, like a scheduled run.
history prints the delivery history: each attempt, its outcome and error.
run and history need the data dir, which a running feedbackd serve holds.
`

// runDigest is `feedbackd digest`.
func runDigest(ctx context.Context, e env, args []string) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			fmt.Fprint(e.stdout, strings.TrimLeft(digestUsage, "\n"))
			return exitOK
		}
		fmt.Fprintf(e.stderr, "feedbackd digest: want list, run or history\n\n%s", strings.TrimLeft(digestUsage, "\n"))
		return exitUsage
	}
	sub, args := args[0], args[1:]
	var cf configFlags
	fs := flag.NewFlagSet("digest "+sub, flag.ContinueOnError)
	cf.register(fs, false)
	var dryRun bool
	var at string
	var limit int
	switch sub {
	case "list":
	case "run":
		fs.BoolVar(&dryRun, "dry-run", false, "print the Markdown that would be sent; send and record nothing")
		fs.StringVar(&at, "at", "", "build the digest a run at `DATE` would send (YYYY-MM-DD or RFC 3339; default now)")
	case "history":
		fs.IntVar(&limit, "limit", 50, "show the last `N` events (0: all)")
	default:
		fmt.Fprintf(e.stderr, "feedbackd digest: unknown subcommand %q: want list, run or history\n", sub)
		return exitUsage
	}
	pos, code, ok := parseFlags(e, fs, digestUsage, args)
	if !ok {
		return code
	}
	if want := map[string]int{"list": 0, "run": 1, "history": 1}[sub]; len(pos) != want {
		return usageError(e, fs, digestUsage, fmt.Sprintf("digest %s takes %d argument(s)", sub, want))
	}
	cfg, err := cf.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd digest: %v\n", err)
		return exitFail
	}
	specs, _ := cfg.DigestSpecs() // validated by load
	var spec *digest.Spec
	if sub != "list" {
		if spec = findDigest(specs, pos[0]); spec == nil {
			fmt.Fprintf(e.stderr, "feedbackd digest %s: %q: %v (digest list shows them)\n", sub, pos[0], digest.ErrNotFound)
			return exitFail
		}
	}
	switch sub {
	case "list":
		err = digestList(ctx, e, &cfg, specs)
	case "run":
		err = digestRun(ctx, e, &cfg, spec, at, dryRun)
	case "history":
		err = digestHistory(ctx, e, &cfg, spec, limit)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd digest %s: %v\n", sub, err)
		return exitFail
	}
	return exitOK
}

func findDigest(specs []*digest.Spec, name string) *digest.Spec {
	for _, s := range specs {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// digestList prints the digests, with their last run when the data dir
// is free.
func digestList(ctx context.Context, e env, cfg *Config, specs []*digest.Spec) error {
	if len(specs) == 0 {
		fmt.Fprintln(e.stdout, "no digests configured")
		return nil
	}
	store, err := openStore(cfg)
	switch {
	case errors.Is(err, errDataDirLocked):
		fmt.Fprintln(e.stderr, "feedbackd serve holds the data dir: the last runs are not shown")
	case err != nil:
		return err
	default:
		defer store.Close()
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSCHEDULE\tPERIOD\tCHANNELS\tNEXT RUN\tLAST PERIOD")
	now := time.Now()
	for _, s := range specs {
		var chs []string
		for _, c := range s.Channels {
			chs = append(chs, c.Name)
		}
		last := "-"
		if store != nil {
			if r, ok, err := store.LastDigestRun(ctx, s.Name); err != nil {
				return err
			} else if ok {
				last = r.Period + " (" + runState(r) + ")"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.Name, s.Schedule, s.Length, strings.Join(chs, ","),
			s.Cron.Next(now).In(s.Location).Format("2006-01-02 15:04 MST"), last)
	}
	return tw.Flush()
}

// runState summarises a stored run.
func runState(r rawstore.DigestRun) string {
	switch {
	case r.Skipped != "":
		return "skipped"
	case !r.Done:
		return "unfinished"
	}
	for _, c := range r.Channels {
		if c.Status != digest.StatusSent {
			return "failed on some channels"
		}
	}
	return "sent"
}

// digestRun previews or sends spec's digest for a run at at.
func digestRun(ctx context.Context, e env, cfg *Config, spec *digest.Spec, at string, dryRun bool) error {
	when := time.Now()
	if at != "" {
		var err error
		if when, err = parseAt(at, spec.Location); err != nil {
			return err
		}
	}
	logger := commandLogger(cfg, e)
	store, err := openStore(cfg)
	if err != nil {
		if errors.Is(err, errDataDirLocked) {
			return fmt.Errorf("%w: stop feedbackd serve first (it sends the digests on schedule)", err)
		}
		return err
	}
	defer store.Close()
	ix, err := openIndexForReading(ctx, cfg, store, logger)
	if err != nil {
		return err
	}
	defer ix.Close()
	eng, err := newEngine(cfg.Engine)
	if err != nil {
		return err
	}
	s, err := newDigestSender(cfg, []*digest.Spec{spec}, store, ix, eng.label, os.Getenv, !dryRun, logger)
	if err != nil {
		return err
	}
	if dryRun {
		m, err := s.Prepare(ctx, spec, when)
		if err != nil {
			return err
		}
		if m.Skip != "" {
			fmt.Fprintf(e.stderr, "would be skipped (on_little_data: skip): %s\n", m.Skip)
		}
		fmt.Fprintf(e.stderr, "subject: %s\n\n", m.Subject)
		_, err = io.WriteString(e.stdout, m.Markdown)
		return err
	}
	res, err := s.Send(ctx, spec, when, digest.SendOptions{Redeliver: true})
	if err != nil {
		return err
	}
	switch {
	case res.Skipped != "":
		fmt.Fprintf(e.stdout, "%s %s: skipped: %s\n", spec.Name, res.Period, res.Skipped)
	case res.Done:
		fmt.Fprintf(e.stdout, "%s %s: already sent to every channel\n", spec.Name, res.Period)
	default:
		fmt.Fprintf(e.stdout, "%s %s: sent to %s", spec.Name, res.Period, orNone(res.Sent))
		if len(res.Failed) > 0 {
			fmt.Fprintf(e.stdout, "; failed on %s (digest history %s shows why)\n", strings.Join(res.Failed, ", "), spec.Name)
			return fmt.Errorf("%d channel(s) failed", len(res.Failed))
		}
		fmt.Fprintln(e.stdout)
	}
	return nil
}

func orNone(s []string) string {
	if len(s) == 0 {
		return "no channel"
	}
	return strings.Join(s, ", ")
}

// parseAt reads --at: a date (midnight) or an RFC 3339 time.
func parseAt(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("--at %q: want YYYY-MM-DD or an RFC 3339 time", s)
}

// digestHistory prints the last limit events of spec's history.
func digestHistory(ctx context.Context, e env, cfg *Config, spec *digest.Spec, limit int) error {
	store, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer store.Close()
	h, err := store.DigestHistory(ctx, spec.Name, limit)
	if err != nil {
		return err
	}
	if len(h) == 0 {
		fmt.Fprintf(e.stdout, "%s has not run yet\n", spec.Name)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tPERIOD\tCHANNEL\tATTEMPT\tOUTCOME\tERROR")
	for _, ev := range h {
		ch, attempt := ev.Channel, fmt.Sprint(ev.Attempt)
		if ch == "" {
			ch, attempt = "-", "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", ev.At.In(spec.Location).Format("2006-01-02 15:04:05"),
			ev.Period, ch, attempt, ev.Outcome, ev.Error)
	}
	return tw.Flush()
}

// newDigestSender wires a digest sender over the data dir: the
// digestBuilder over the index, the raw store's texts and the taxonomy's
// labels, the raw store's state and saved searches and, when deliver,
// each digest's channels with their credentials from getenv.
func newDigestSender(cfg *Config, specs []*digest.Spec, store *rawstore.Store, ix *index.Index,
	labels func(id string) (string, bool), getenv func(string) string, deliver bool, logger zerolog.Logger) (*digest.Sender, error) {
	loc, err := cfg.Location()
	if err != nil {
		return nil, err
	}
	b := &digestBuilder{sel: ix, texts: storeTexts(store), labels: labels, loc: loc, an: cfg.Analytics}
	s := &digest.Sender{Builder: b, Store: store, Searches: store,
		Channels: map[string][]digest.Channel{}, Log: logger}
	if !deliver {
		return s, nil
	}
	var errs []error
	for _, spec := range specs {
		chs, err := digest.NewChannels(spec, getenv)
		if err != nil {
			errs = append(errs, err)
		}
		s.Channels[spec.Name] = chs
	}
	return s, errors.Join(errs...)
}

// storeTexts returns the texts of comments by id from the raw store, ""
// for one that is gone.
func storeTexts(store *rawstore.Store) func(ctx context.Context, ids []string) ([]string, error) {
	return func(ctx context.Context, ids []string) ([]string, error) {
		out := make([]string, len(ids))
		for i, id := range ids {
			c, err := store.Get(ctx, id)
			if errors.Is(err, rawstore.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			out[i] = c.Text()
		}
		return out, nil
	}
}
