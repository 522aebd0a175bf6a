package digest

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus/httppull"
)

// Scheduler sends digests on their cron schedules between Open and
// Close. Runs of one digest never overlap (cron skips an activation while
// the previous run goes on), a panic in a run is logged, not fatal, and
// at start a digest that missed its schedule while the daemon was down
// is sent once (catch-up), as is a run a crash left unfinished.
type Scheduler struct {
	sender *Sender
	specs  []*Spec
	log    zerolog.Logger

	// Now is the clock (time.Now by default); cron itself reads the
	// system clock, which testing/synctest fakes.
	Now func() time.Time
	// Ready, if set, is waited for before the catch-up runs (the daemon
	// waits for the index to replay what was stored while it was down).
	Ready func(ctx context.Context) error
	// SendFirst sends, at start, the digests never sent before (the demo
	// does, to show one at once); otherwise a digest's first run is its
	// first scheduled activation.
	SendFirst bool

	cron *cron.Cron
	stop context.CancelFunc
	wg   sync.WaitGroup
}

// NewScheduler returns a scheduler of specs sending with sender.
func NewScheduler(sender *Sender, specs []*Spec, log zerolog.Logger) *Scheduler {
	return &Scheduler{sender: sender, specs: specs, log: log}
}

func (s *Scheduler) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Open starts the schedules and, in the background, the catch-up runs.
func (s *Scheduler) Open(ctx context.Context) error {
	if s.cron != nil {
		return errors.New("digest scheduler: already open")
	}
	ctx, s.stop = context.WithCancel(ctx)
	cl := httppull.CronLogger{Log: s.log}
	s.cron = cron.New(cron.WithLocation(time.UTC), cron.WithLogger(cl))
	type due struct {
		job cron.Job
		at  time.Time
	}
	var catchUp []due
	for _, spec := range s.specs {
		var mu sync.Mutex // one run of spec at a time, scheduled or catch-up
		var at time.Time  // the activation a catch-up run is for
		run := func(when time.Time) {
			mu.Lock()
			defer mu.Unlock()
			s.run(ctx, spec, when)
		}
		// Recover must sit inside SkipIfStillRunning: the other way
		// round, a panic skips the code that frees SkipIfStillRunning's
		// slot and every later run is skipped as "still running".
		chain := cron.NewChain(cron.SkipIfStillRunning(cl), cron.Recover(cl))
		s.cron.Schedule(spec.Cron, chain.Then(cron.FuncJob(func() { run(s.now().Truncate(time.Second)) })))
		last, ok, err := s.sender.Store.LastDigestRun(ctx, spec.Name)
		if err != nil {
			s.stop()
			return err
		}
		now := s.now()
		log := s.log.With().Str("digest", spec.Name).Logger()
		switch {
		case ok && !last.Done:
			log.Info().Str("period", last.Period).Msg("digest run left unfinished: resuming the channels not yet sent")
			at = last.At
		case ok && !spec.Cron.Next(last.At).After(now):
			at = latest(spec.Cron, last.At, now)
			log.Info().Time("last_run", last.At).Time("missed", at).Msg("digest missed while the daemon was down: sending it once now")
		case !ok && s.SendFirst:
			at = now
		default:
			continue
		}
		catchUp = append(catchUp, due{chain.Then(cron.FuncJob(func() { run(at) })), at})
	}
	s.cron.Start()
	if len(catchUp) > 0 {
		s.wg.Go(func() {
			if s.Ready != nil {
				if err := s.Ready(ctx); err != nil {
					s.log.Warn().Err(err).Msg("digest catch-up: not ready; sending anyway")
				}
			}
			for _, d := range catchUp {
				d.job.Run()
			}
		})
	}
	return nil
}

// run sends spec's digest for the activation at and logs the outcome.
func (s *Scheduler) run(ctx context.Context, spec *Spec, at time.Time) {
	res, err := s.sender.Send(ctx, spec, at, SendOptions{})
	log := s.log.With().Str("digest", spec.Name).Str("period", res.Period).Logger()
	switch {
	case err != nil && ctx.Err() != nil:
		log.Info().Err(err).Msg("digest run interrupted; the channels not yet sent are resumed at the next start")
	case err != nil:
		log.Error().Err(err).Msg("digest run failed")
	case res.Done:
		log.Debug().Msg("digest already handled for this period")
	case len(res.Failed) > 0:
		log.Error().Strs("sent", res.Sent).Strs("failed", res.Failed).Msg("digest run finished with failed channels")
	case res.Skipped == "":
		log.Info().Strs("sent", res.Sent).Msg("digest run finished")
	}
}

// Close stops the schedules, cancels the runs in progress (their unsent
// channels are resumed at the next start) and waits for them.
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

// maxWalk bounds the activations latest steps through.
const maxWalk = 1 << 20

// latest returns the schedule's latest activation after last and at or
// before now; now itself if there is none.
func latest(sched cron.Schedule, last, now time.Time) time.Time {
	at := time.Time{}
	for t, i := sched.Next(last), 0; !t.IsZero() && !t.After(now) && i < maxWalk; t, i = sched.Next(t), i+1 {
		at = t
	}
	if at.IsZero() {
		return now
	}
	return at
}
