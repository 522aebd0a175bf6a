package digest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus/rawstore"
)

// Store keeps each digest's runs and history; *rawstore.Store
// implements it.
type Store interface {
	DigestRun(ctx context.Context, name, period string) (rawstore.DigestRun, bool, error)
	LastDigestRun(ctx context.Context, name string) (rawstore.DigestRun, bool, error)
	PutDigestRun(ctx context.Context, name string, r rawstore.DigestRun, events ...rawstore.DigestEvent) error
}

// Searches finds saved searches; *rawstore.Store implements it.
type Searches interface {
	ListSearches(ctx context.Context) ([]rawstore.SavedSearch, error)
}

// Channel delivers a message somewhere. Errors must not contain
// credentials.
type Channel interface {
	Name() string
	Send(ctx context.Context, m *Message) error
}

// Channel states in a stored run (rawstore.DigestChannel.Status) and
// history outcomes.
const (
	StatusSending = "sending" // intent recorded; delivery not confirmed
	StatusSent    = "sent"
	StatusFailed  = "failed" // every attempt failed
	OutcomeSkip   = "skipped"
)

// ErrNotFound means no digest has the name asked for.
var ErrNotFound = errors.New("no such digest")

// Sender builds, renders and delivers digests and records what it
// sent, so that a period is never sent twice to a channel (see Send).
type Sender struct {
	Builder  Builder
	Store    Store
	Searches Searches // nil: a saved_search scope is an error
	// Channels are each digest's channels, by digest name; nil for
	// previews.
	Channels map[string][]Channel
	Log      zerolog.Logger
	// Now is the clock (time.Now by default).
	Now func() time.Time
	// Sleep waits between attempts (a timer by default).
	Sleep func(ctx context.Context, d time.Duration) error
}

// Result is what Send did.
type Result struct {
	Period string
	// Done means the period had already been handled: nothing was sent.
	Done bool
	// Skipped says why nothing was sent (too little data).
	Skipped string
	// Sent and Failed name the channels delivered and given up on now.
	Sent, Failed []string
}

func (s *Sender) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// Prepare builds and renders spec's digest for the run at at, without
// sending or recording anything: what Send would send.
func (s *Sender) Prepare(ctx context.Context, spec *Spec, at time.Time) (*Message, error) {
	p := PeriodAt(spec.Length, at, spec.Location)
	sp, err := s.resolve(ctx, spec)
	if err != nil {
		return nil, err
	}
	c, err := s.Builder.Build(ctx, *sp, p)
	if err != nil {
		return nil, fmt.Errorf("digest %q: build %s: %w", spec.Name, p.Key(), err)
	}
	c.Digest, c.Period = spec.Name, p
	if c.Title == "" {
		c.Title = spec.Title
	}
	if c.Scope == "" {
		c.Scope = sp.Scope.Describe()
	}
	if c.GeneratedAt.IsZero() {
		c.GeneratedAt = s.now().UTC()
	}
	if n := int(c.Headline.Volume.Value); !c.LittleData && n < spec.MinComments {
		c.LittleData = true
		c.LittleDataMessage = fmt.Sprintf("Only %d comments in this period (at least %d are needed for figures).", n, spec.MinComments)
	}
	if c.LittleData && c.LittleDataMessage == "" {
		c.LittleDataMessage = "Too little data in this period for meaningful figures."
	}
	fillLinks(&c, sp)
	r, err := spec.Templates.Render(&c)
	if err != nil {
		return nil, fmt.Errorf("digest %q: %w", spec.Name, err)
	}
	m := &Message{Content: c, Rendered: r}
	if c.LittleData && spec.OnLittleData == "skip" {
		m.Skip = c.LittleDataMessage
	}
	return m, nil
}

// resolve returns spec with a saved search scope replaced by the saved
// search's query and filters.
func (s *Sender) resolve(ctx context.Context, spec *Spec) (*Spec, error) {
	if spec.Scope.SavedSearch == "" {
		return spec, nil
	}
	if s.Searches == nil {
		return nil, fmt.Errorf("digest %q: saved searches are not available", spec.Name)
	}
	list, err := s.Searches.ListSearches(ctx)
	if err != nil {
		return nil, fmt.Errorf("digest %q: %w", spec.Name, err)
	}
	for _, ss := range list {
		if strings.EqualFold(ss.Name, spec.Scope.SavedSearch) {
			sp := *spec
			sp.Scope = Scope{SavedSearch: ss.Name, Q: ss.Q, Params: url.Values{}}
			for k, v := range ss.Filters {
				if k != "from" && k != "to" && k != "sort" && k != "interval" { // the period sets the dates
					sp.Scope.Params[k] = v
				}
			}
			return &sp, nil
		}
	}
	return nil, fmt.Errorf("digest %q: saved search %q not found (scope.saved_search)", spec.Name, spec.Scope.SavedSearch)
}

// SendOptions change what Send resends.
type SendOptions struct {
	// Redeliver retries the channels that failed in a period already
	// handled (feedbackd digest run). Channels that were sent never are.
	Redeliver bool
}

// Send delivers spec's digest for the run at at to every channel that
// has not had it for that period, recording each step.
//
// Before a channel's first attempt the run records it as sending, and
// each attempt's outcome is recorded after it. A crash in between leaves
// the channel "sending"; the scheduler resumes unfinished runs at start
// and sends such channels again: delivery is at least once per channel
// (a duplicate is possible only when the process dies between a
// delivery and its record), and never again once recorded as sent.
// Channels that failed every attempt are given up on for the period.
func (s *Sender) Send(ctx context.Context, spec *Spec, at time.Time, opts SendOptions) (Result, error) {
	p := PeriodAt(spec.Length, at, spec.Location)
	res := Result{Period: p.Key()}
	log := s.Log.With().Str("digest", spec.Name).Str("period", res.Period).Logger()
	run, ok, err := s.Store.DigestRun(ctx, spec.Name, res.Period)
	if err != nil {
		return res, err
	}
	channels := s.Channels[spec.Name]
	if ok && (run.Skipped != "" || (run.Done && !opts.Redeliver) || !pending(run, channels)) {
		res.Done, res.Skipped = true, run.Skipped
		return res, nil
	}
	if !ok {
		run = rawstore.DigestRun{Period: res.Period, At: at.UTC()}
	}
	run.Channels = maps.Clone(run.Channels)
	if run.Channels == nil {
		run.Channels = map[string]rawstore.DigestChannel{}
	}
	m, err := s.Prepare(ctx, spec, at)
	if err != nil {
		return res, err
	}
	if m.Skip != "" {
		run.Done, run.Skipped = true, m.Skip
		ev := rawstore.DigestEvent{At: s.now().UTC(), Period: res.Period, Outcome: OutcomeSkip, Error: m.Skip}
		if err := s.Store.PutDigestRun(ctx, spec.Name, run, ev); err != nil {
			return res, err
		}
		log.Info().Str("reason", m.Skip).Msg("digest skipped")
		res.Skipped = m.Skip
		return res, nil
	}
	for _, ch := range channels {
		st := run.Channels[ch.Name()]
		if st.Status == StatusSent {
			continue
		}
		sent, err := s.deliver(ctx, spec, &run, ch, m, log)
		if err != nil {
			return res, err // the store failed, or ctx ended: resumed at start
		}
		if sent {
			res.Sent = append(res.Sent, ch.Name())
		} else {
			res.Failed = append(res.Failed, ch.Name())
		}
	}
	run.Done = true
	if err := s.Store.PutDigestRun(ctx, spec.Name, run); err != nil {
		return res, err
	}
	return res, nil
}

// pending reports whether any of channels has not been sent in run.
func pending(run rawstore.DigestRun, channels []Channel) bool {
	for _, ch := range channels {
		if run.Channels[ch.Name()].Status != StatusSent {
			return true
		}
	}
	return false
}

// deliver sends m on ch with retries, recording the intent and every
// attempt in run. It reports whether the channel got it; an error means
// the state could not be recorded or ctx ended.
func (s *Sender) deliver(ctx context.Context, spec *Spec, run *rawstore.DigestRun, ch Channel, m *Message, log zerolog.Logger) (bool, error) {
	name := ch.Name()
	st := run.Channels[name]
	st.Status, st.At = StatusSending, s.now().UTC()
	run.Channels[name] = st
	if err := s.Store.PutDigestRun(ctx, spec.Name, *run); err != nil {
		return false, err
	}
	wait := s.Sleep
	if wait == nil {
		wait = sleep
	}
	log = log.With().Str("channel", name).Logger()
	for n := 1; ; n++ {
		err := ch.Send(ctx, m)
		st.Attempts++
		st.At = s.now().UTC()
		ev := rawstore.DigestEvent{At: st.At, Period: run.Period, Channel: name, Attempt: st.Attempts, Outcome: StatusSent}
		switch {
		case err == nil:
			st.Status, st.Error = StatusSent, ""
		case ctx.Err() != nil:
			st.Error = err.Error() // stays "sending": resumed at start
		case n >= spec.Retry.Attempts:
			st.Status, st.Error = StatusFailed, err.Error()
		default:
			st.Error = err.Error()
		}
		if err != nil {
			ev.Outcome, ev.Error = StatusFailed, err.Error()
		}
		run.Channels[name] = st
		if perr := s.Store.PutDigestRun(context.WithoutCancel(ctx), spec.Name, *run, ev); perr != nil {
			return false, perr
		}
		switch {
		case err == nil:
			log.Info().Int("attempt", st.Attempts).Msg("digest sent")
			return true, nil
		case ctx.Err() != nil:
			return false, ctx.Err()
		case st.Status == StatusFailed:
			log.Error().Err(err).Int("attempts", n).Msg("digest not delivered: giving up on this channel for this period")
			return false, nil
		}
		d := backoff(spec.Retry, n)
		log.Warn().Err(err).Int("attempt", st.Attempts).Dur("retry_in", d).Msg("digest delivery failed; retrying")
		if err := wait(ctx, d); err != nil {
			return false, err
		}
	}
}
