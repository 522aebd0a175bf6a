package trends

import (
	"time"

	"github.com/feedbackd/feedbackd/index/facts"
)

// DefaultBaseline is the default number of baseline periods.
const DefaultBaseline = 8

// Window is the periods anomalies and emerging terms compare: the last
// period against the Baseline periods before it.
type Window struct {
	Interval Interval
	// End ends the last period: it is the period containing the instant
	// before End. Zero: the period of the newest comment. Pass the start
	// of the current period to compare the last complete one.
	End time.Time
	// Baseline is the number of periods before the last one
	// (DefaultBaseline when 0).
	Baseline int
}

// Range returns the instants the window covers in loc, from the start of
// the first baseline period to the end of the last period, so a caller
// can select just those comments. End must be set.
func (w Window) Range(loc *time.Location) (from, to time.Time) {
	w = w.withDefaults()
	last := w.Interval.Start(facts.DayOf(w.End.Add(-time.Nanosecond), loc))
	first := last
	for range w.Baseline {
		first = w.Interval.Prev(first)
	}
	return facts.DayStart(first, loc), facts.DayStart(w.Interval.Next(last), loc)
}

func (w Window) withDefaults() Window {
	if w.Baseline <= 0 {
		w.Baseline = DefaultBaseline
	}
	return w
}

// periods returns the window's periods in d (baseline first, the last
// period last); ok is false when End is zero and there is no data.
func (w Window) periods(d *Data) (*periods, bool, error) {
	if _, err := ParseInterval(string(w.Interval)); err != nil {
		return nil, false, err
	}
	w = w.withDefaults()
	var lastDay int32
	if w.End.IsZero() {
		_, hi, ok := d.span()
		if !ok {
			return nil, false, nil
		}
		lastDay = hi
	} else {
		lastDay = facts.DayOf(w.End.Add(-time.Nanosecond), d.loc)
	}
	first := w.Interval.Start(lastDay)
	for range w.Baseline {
		first = w.Interval.Prev(first)
	}
	ps, err := newPeriods(w.Interval, first, lastDay)
	return ps, err == nil, err
}
