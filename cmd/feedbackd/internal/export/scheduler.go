package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/httppull"
)

// Checkpoints is where the scheduler keeps each export's state;
// *rawstore.Store implements it. An empty batch with a checkpoint stores
// just the checkpoint, durably.
type Checkpoints interface {
	Checkpoint(ctx context.Context, source, key string) (string, bool, error)
	Commit(ctx context.Context, b corpus.Batch) ([]corpus.ItemResult, error)
}

// StateKey is the checkpoint key of a scheduled export's state, stored
// under the source "export:NAME".
const StateKey = "state"

// State is what the scheduler remembers of a scheduled export between
// runs and restarts.
type State struct {
	// Cursor is the end of the last exported range: the next incremental
	// run starts after it.
	Cursor Cursor `json:"cursor"`
	// LastRun is the schedule activation the last successful run was for.
	LastRun time.Time `json:"last_run"`
	// File is the last file written.
	File string `json:"file"`
}

// Run is the outcome of one scheduled run.
type Run struct {
	File     string
	From, To Cursor
	Stats    Stats
	Elapsed  time.Duration
}

// Scheduler runs scheduled exports between Open and Close. Runs of one
// export never overlap (a run still going when the next is due makes
// cron skip that one), and a panic in a run is logged, not fatal.
type Scheduler struct {
	x       *Exporter
	cps     Checkpoints
	exports []*Scheduled
	log     zerolog.Logger

	cron   *cron.Cron
	stop   context.CancelFunc
	wg     sync.WaitGroup
	counts map[string]*counts // by export name; fixed by NewScheduler
}

// counts are one export's counters.
type counts struct {
	runs, failures, rows atomic.Uint64
}

// Metrics are one scheduled export's counters since the scheduler was
// made.
type Metrics struct {
	Runs     uint64 // runs that wrote a file
	Failures uint64 // runs that failed or panicked
	Rows     uint64 // rows written
}

// NewScheduler returns a scheduler for exports, which read with x and
// keep their state in cps. Each export's Folder must be absolute or
// relative to the working directory (the daemon resolves it against the
// data dir).
func NewScheduler(x *Exporter, cps Checkpoints, exports []*Scheduled, log zerolog.Logger) *Scheduler {
	s := &Scheduler{x: x, cps: cps, exports: exports, log: log, counts: map[string]*counts{}}
	for _, e := range exports {
		s.counts[e.Name] = &counts{}
	}
	return s
}

// Metrics returns each export's counters, by name (none for a nil
// scheduler: no export configured).
func (s *Scheduler) Metrics() map[string]Metrics {
	if s == nil {
		return nil
	}
	out := make(map[string]Metrics, len(s.counts))
	for name, c := range s.counts {
		out[name] = Metrics{Runs: c.runs.Load(), Failures: c.failures.Load(), Rows: c.rows.Load()}
	}
	return out
}

// Open starts the schedules. An export whose last run is older than the
// schedule's previous activation (the daemon was down when it was due)
// runs once at once.
func (s *Scheduler) Open(ctx context.Context) error {
	if s.cron != nil {
		return errors.New("export scheduler: already open")
	}
	ctx, s.stop = context.WithCancel(ctx)
	cl := httppull.CronLogger{Log: s.log}
	s.cron = cron.New(cron.WithLocation(time.UTC), cron.WithLogger(cl))
	var due []cron.Job
	for _, e := range s.exports {
		// Recover must sit inside SkipIfStillRunning: the other way
		// round, a panic skips the code that frees SkipIfStillRunning's
		// slot and every later run is skipped as "still running".
		job := cron.NewChain(cron.SkipIfStillRunning(cl), cron.Recover(cl)).
			Then(cron.FuncJob(func() { s.scheduled(ctx, e) }))
		s.cron.Schedule(e.Schedule, job)
		st, err := s.State(ctx, e.Name)
		if err != nil {
			s.stop()
			return err
		}
		if !st.LastRun.IsZero() && !e.Schedule.Next(st.LastRun).After(time.Now()) {
			s.log.Info().Str("export", e.Name).Time("last_run", st.LastRun).
				Msg("scheduled export missed while the daemon was down: running it now")
			due = append(due, job)
		}
	}
	s.cron.Start()
	for _, job := range due {
		s.wg.Go(job.Run)
	}
	return nil
}

// Close stops the schedules, cancels the runs in progress (a cancelled
// run leaves no file and keeps the previous cursor) and waits for them.
func (s *Scheduler) Close() error {
	if s.cron == nil {
		return nil
	}
	s.stop()
	<-s.cron.Stop().Done()
	s.wg.Wait()
	s.cron = nil
	return nil
}

// scheduled is one run from the schedule or a catch-up: it logs the
// outcome, one line per run.
func (s *Scheduler) scheduled(ctx context.Context, e *Scheduled) {
	c := s.counts[e.Name]
	defer func() {
		if p := recover(); p != nil {
			c.failures.Add(1)
			panic(p) // cron.Recover logs it
		}
	}()
	r, err := s.Run(ctx, e, time.Now())
	log := s.log.With().Str("export", e.Name).Logger()
	if err != nil {
		c.failures.Add(1)
		if ctx.Err() != nil {
			log.Info().Err(err).Msg("scheduled export cancelled")
			return
		}
		log.Error().Err(err).Msg("scheduled export failed; the next run retries from the same cursor")
		return
	}
	c.runs.Add(1)
	c.rows.Add(uint64(r.Stats.Rows))
	log.Info().Int("rows", r.Stats.Rows).Int("comments", r.Stats.Comments).Str("file", r.File).
		Stringer("cursor_from", r.From).Stringer("cursor_to", r.To).
		Dur("elapsed", r.Elapsed).Float64("rows_per_s", float64(r.Stats.Rows)/max(r.Elapsed.Seconds(), 1e-9)).
		Msg("scheduled export written")
}

// checkpointSource is the checkpoint source of an export's state.
func checkpointSource(name string) string { return "export:" + name }

// State returns the stored state of the export named name (zero before
// its first run).
func (s *Scheduler) State(ctx context.Context, name string) (State, error) {
	var st State
	v, ok, err := s.cps.Checkpoint(ctx, checkpointSource(name), StateKey)
	if err != nil || !ok {
		return st, err
	}
	if err := json.Unmarshal([]byte(v), &st); err != nil {
		return st, fmt.Errorf("export %q: stored state %q: %w", name, v, err)
	}
	return st, nil
}

// Run runs export e for the schedule activation at or before now: it
// writes the file atomically into e.Folder, named after the export, the
// activation and the cursor range, then stores the new state. A crash
// between the two re-exports that range in the next file (the seq column
// tells a loader which version is newest).
func (s *Scheduler) Run(ctx context.Context, e *Scheduled, now time.Time) (Run, error) {
	st, err := s.State(ctx, e.Name)
	if err != nil {
		return Run{}, err
	}
	at := activation(e.Schedule, st.LastRun, now)
	req := e.Request
	if e.Incremental {
		req.After = st.Cursor
	}
	start := time.Now()
	job, err := s.x.Prepare(ctx, req)
	if err != nil {
		return Run{}, fmt.Errorf("export %q: %w", e.Name, err)
	}
	r := Run{From: req.After, To: job.Next}
	r.File = filepath.Join(e.Folder, fileName(e.Name, at, r.From, r.To, req.Format))
	if err := os.MkdirAll(e.Folder, 0o755); err != nil {
		return Run{}, fmt.Errorf("export %q: %w", e.Name, err)
	}
	err = WriteFile(r.File, func(w io.Writer) error {
		var err error
		r.Stats, err = job.WriteTo(ctx, w)
		return err
	})
	if err != nil {
		return Run{}, fmt.Errorf("export %q: %w", e.Name, err)
	}
	r.Elapsed = time.Since(start)
	next, _ := json.Marshal(State{Cursor: job.Next, LastRun: at, File: filepath.Base(r.File)})
	cp := &corpus.Checkpoint{Source: checkpointSource(e.Name), Key: StateKey, Value: string(next)}
	if _, err := s.cps.Commit(ctx, corpus.Batch{Source: cp.Source, Checkpoint: cp}); err != nil {
		return Run{}, fmt.Errorf("export %q: store cursor after writing %s: %w", e.Name, r.File, err)
	}
	return r, nil
}

// maxWalk bounds the activations activation steps through.
const maxWalk = 1 << 20

// activation returns the schedule's latest activation at or before now,
// walking from the last run; without one, or after a very long downtime
// on a frequent schedule, now to the second.
func activation(sched cron.Schedule, last, now time.Time) time.Time {
	if last.IsZero() {
		return now.UTC().Truncate(time.Second)
	}
	at := time.Time{}
	for t, i := sched.Next(last), 0; !t.IsZero() && !t.After(now) && i < maxWalk; t, i = sched.Next(t), i+1 {
		at = t
	}
	if at.IsZero() {
		// Run by hand between activations, or a clock step backwards.
		return now.UTC().Truncate(time.Second)
	}
	return at.UTC()
}

// fileName is NAME-PERIOD-seq-FROM-TO.EXT, the period being the
// activation in UTC to the minute (to the second when it has seconds):
// nightly-2026-11-22T0200Z-seq-1200-3400.csv.
func fileName(name string, at time.Time, from, to Cursor, f Format) string {
	layout := "2006-01-02T1504Z"
	if at.Second() != 0 {
		layout = "2006-01-02T150405Z"
	}
	return fmt.Sprintf("%s-%s-seq-%d-%d.%s", name, at.UTC().Format(layout), from, to, f.Ext())
}
