// Package httppull is the http pull source: it polls a JSON API on a
// robfig/cron schedule, follows an incremental cursor (a timestamp or a
// page token), maps each item to a comment with the field mapping the
// webhook source uses too (package fieldmap), and commits every page to
// the ingest sink together with the cursor that follows it, so the cursor
// only advances once the page is stored. Requests are retried with
// exponential backoff and full jitter on network errors, 5xx and 429
// (honouring Retry-After), never on other 4xx.
package httppull

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/fieldmap"
)

// Checkpoints reads a source's stored checkpoint; *rawstore.Store
// implements it.
type Checkpoints interface {
	Checkpoint(ctx context.Context, source, key string) (string, bool, error)
}

// Source polls one API. Create it with New, start it with Open and stop it
// with Close; RunOnce runs it by hand.
type Source struct {
	cfg     Config
	m       *fieldmap.Mapper
	sched   cron.Schedule
	base    *url.URL
	headers http.Header
	sink    corpus.Sink
	cps     Checkpoints
	log     zerolog.Logger

	client *http.Client
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(ceil time.Duration) time.Duration

	mu   sync.Mutex // serialises runs
	cron *cron.Cron
	stop context.CancelFunc
	wg   sync.WaitGroup // the run at start
}

// New validates cfg, reads its header values from the environment (a
// missing variable is an error naming it) and returns a source committing
// to sink and resuming from the cursor read from cps (nil: always start
// from cursor.start).
func New(cfg Config, sink corpus.Sink, cps Checkpoints, log zerolog.Logger) (*Source, error) {
	fail := func(err error) (*Source, error) { return nil, fmt.Errorf("http source %q: %w", cfg.Name, err) }
	if err := cfg.Validate(); err != nil {
		return fail(err)
	}
	m, err := fieldmap.NewMapper(cfg.Name, cfg.Audience, cfg.Fields, cfg.MaxTextBytes)
	if err != nil {
		return fail(err)
	}
	sched, err := ParseSchedule(cfg.Schedule)
	if err != nil {
		return fail(fmt.Errorf("schedule: %w", err))
	}
	base, err := url.Parse(cfg.URL)
	if err != nil {
		return fail(fmt.Errorf("url: %w", err))
	}
	headers := http.Header{}
	for name, h := range cfg.Headers {
		v := h.Value
		if h.Env != "" {
			env, ok := os.LookupEnv(h.Env)
			if !ok || env == "" {
				return fail(fmt.Errorf("headers.%s: environment variable %s is not set", name, h.Env))
			}
			v = h.Prefix + env
		}
		headers.Set(name, v)
	}
	if headers.Get("Accept") == "" {
		headers.Set("Accept", "application/json")
	}
	return &Source{
		cfg: cfg, m: m, sched: sched, base: base, headers: headers, sink: sink, cps: cps,
		log:    log.With().Str("source", cfg.Name).Logger(),
		client: &http.Client{},
		now:    time.Now,
		sleep:  sleepCtx,
		jitter: fullJitter,
	}, nil
}

// Name returns the source's name.
func (s *Source) Name() string { return s.cfg.Name }

// Open starts the schedule (and, with run_at_start, a first run at once)
// until Close. Runs never overlap: a run still going when the next is
// due makes cron skip that one; a panic in a run is logged, not fatal.
func (s *Source) Open(ctx context.Context) error {
	if s.cron != nil {
		return fmt.Errorf("http source %q: already open", s.cfg.Name)
	}
	ctx, s.stop = context.WithCancel(ctx)
	cl := CronLogger{s.log}
	// Recover must sit inside SkipIfStillRunning: the other way round, a
	// panic skips the code that frees SkipIfStillRunning's slot and every
	// later run is skipped as "still running".
	job := cron.NewChain(cron.SkipIfStillRunning(cl), cron.Recover(cl)).Then(cron.FuncJob(func() { s.scheduled(ctx) }))
	s.cron = cron.New(cron.WithParser(parser()), cron.WithLocation(time.UTC), cron.WithLogger(cl))
	s.cron.Schedule(s.sched, job)
	s.cron.Start()
	if s.cfg.RunAtStart {
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			job.Run()
		}()
	}
	return nil
}

// Close stops the schedule, cancels a run in progress (its last committed
// page and cursor stand) and waits for it to end.
func (s *Source) Close() error {
	if s.cron == nil {
		return nil
	}
	s.stop()
	<-s.cron.Stop().Done()
	s.wg.Wait()
	s.cron = nil
	return nil
}

// scheduled is one scheduled run: it logs the outcome, one line per run.
func (s *Source) scheduled(ctx context.Context) {
	st, err := s.RunOnce(ctx)
	ev := s.log.Info()
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		ev = s.log.Error().Err(err)
	}
	ev.Int("pages", st.Pages).Int("accepted", st.Accepted).Int("duplicates", st.Duplicates).
		Int("rejected", st.Rejected).Dur("took", st.Elapsed).Str("cursor", st.Cursor).Msg("pull run")
}

// RunStats is what one run did.
type RunStats struct {
	Pages      int
	Accepted   int
	Duplicates int
	Rejected   int
	Cursor     string // the stored cursor after the run
	Elapsed    time.Duration
}

// RunOnce fetches pages from the stored cursor until the API has no more
// (or page_limit pages), committing each page with the cursor after it.
// An error leaves the cursor after the last committed page, so the next
// run resumes there.
func (s *Source) RunOnce(ctx context.Context) (st RunStats, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	start := time.Now()
	defer func() { st.Elapsed = time.Since(start) }()
	cur, err := s.loadCursor(ctx)
	if err != nil {
		return st, err
	}
	st.Cursor = cur.String()
	for overlap := true; st.Pages < s.cfg.PageLimit; overlap = false {
		u := s.pageURL(cur, overlap)
		body, err := s.fetch(ctx, u)
		if err != nil {
			return st, err
		}
		st.Pages++
		file := fmt.Sprintf("GET %s page %d", safeURL(u), st.Pages)
		p, err := parsePage(body, &s.cfg)
		if err != nil {
			return st, fmt.Errorf("%s: %w", file, err)
		}
		now := s.now().UTC()
		recs, newest := s.records(p, file, now)
		next := cur
		switch cur.kind {
		case CursorTimestamp:
			if newest.After(cur.ts) {
				next.ts = newest
			}
		case CursorPageToken:
			if p.next != "" {
				next.token = p.next
			}
		}
		if len(recs) > 0 || next != cur {
			res, err := s.sink.Commit(ctx, corpus.Batch{
				Source:     s.cfg.Name,
				Records:    recs,
				Checkpoint: &corpus.Checkpoint{Source: s.cfg.Name, Key: CheckpointKey, Value: next.String()},
			})
			if err != nil {
				return st, fmt.Errorf("commit %s: %w", file, err)
			}
			st.count(res)
			st.Cursor = next.String()
		}
		var done bool
		switch cur.kind {
		case CursorTimestamp:
			// Without progress past the overlap, the API has nothing newer
			// (or more items share one timestamp than fit on a page).
			done = len(p.items) == 0 || (next == cur && !overlap)
		case CursorPageToken:
			done = p.next == "" || p.next == cur.token
		default:
			done = true
		}
		if done {
			return st, nil
		}
		cur = next
	}
	s.log.Info().Int("page_limit", s.cfg.PageLimit).Msg("page limit reached; the next run goes on from the stored cursor")
	return st, nil
}

// loadCursor reads the stored cursor, or the initial one.
func (s *Source) loadCursor(ctx context.Context) (cursor, error) {
	init := initialCursor(s.cfg.Cursor)
	if s.cps == nil {
		return init, nil
	}
	v, ok, err := s.cps.Checkpoint(ctx, s.cfg.Name, CheckpointKey)
	if err != nil {
		return init, fmt.Errorf("read cursor: %w", err)
	}
	if !ok {
		return init, nil
	}
	c, err := parseCursor(v)
	switch {
	case err != nil:
		s.log.Warn().Err(err).Msg("ignoring unreadable cursor; starting from cursor.start")
		return init, nil
	case c.kind != init.kind:
		s.log.Warn().Str("stored", c.kind).Str("configured", init.kind).Msg("cursor kind changed; starting from cursor.start")
		return init, nil
	}
	return c, nil
}

// pageURL is the request URL for a cursor: the configured URL with the
// fixed query parameters and the cursor's.
func (s *Source) pageURL(c cursor, overlap bool) *url.URL {
	u := *s.base
	q := u.Query()
	for k, v := range s.cfg.Query {
		q.Set(k, v)
	}
	if v, ok := c.param(s.cfg.Cursor, overlap); ok {
		q.Set(s.cfg.Cursor.Param, v)
	}
	u.RawQuery = q.Encode()
	return &u
}

// count adds a page's outcomes.
func (st *RunStats) count(res []corpus.ItemResult) {
	for _, r := range res {
		switch r.Outcome {
		case corpus.Accepted:
			st.Accepted++
		case corpus.Duplicate:
			st.Duplicates++
		default:
			st.Rejected++
		}
	}
}
