package trends

import (
	"fmt"
	"time"

	"github.com/feedbackd/feedbackd/index/facts"
)

// Interval is the length of a trend's periods. Periods are calendar
// periods in the table's time zone: a week starts on Monday, a quarter
// in January, April, July or October.
type Interval string

// Intervals.
const (
	Day     Interval = "day"
	Week    Interval = "week"
	Month   Interval = "month"
	Quarter Interval = "quarter"
)

// ParseInterval accepts day, week, month or quarter.
func ParseInterval(s string) (Interval, error) {
	switch iv := Interval(s); iv {
	case Day, Week, Month, Quarter:
		return iv, nil
	}
	return "", fmt.Errorf("interval %q: want day, week, month or quarter", s)
}

// civil returns the calendar date of day (days since 1970-01-01).
func civil(day int32) (int, time.Month, int) {
	return time.Unix(int64(day)*86400, 0).UTC().Date()
}

// dayNumber returns the day number of a calendar date.
func dayNumber(y int, m time.Month, d int) int32 {
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Start returns the first day of the period containing day; days are
// numbered since 1970-01-01 as facts.DayOf numbers them.
func (iv Interval) Start(day int32) int32 {
	switch iv {
	case Day:
		return day
	case Week:
		// 1970-01-01 was a Thursday: (day+3) mod 7 is 0 on Mondays.
		return day - ((day%7 + 7 + 3) % 7)
	}
	y, m, _ := civil(day)
	if iv == Quarter {
		m = (m-1)/3*3 + 1
	}
	return dayNumber(y, m, 1)
}

// Next returns the first day of the period after the one starting on start.
func (iv Interval) Next(start int32) int32 {
	switch iv {
	case Day:
		return start + 1
	case Week:
		return start + 7
	}
	y, m, _ := civil(start)
	if iv == Quarter {
		return dayNumber(y, m+3, 1)
	}
	return dayNumber(y, m+1, 1)
}

// Prev returns the first day of the period before the one starting on start.
func (iv Interval) Prev(start int32) int32 { return iv.Start(start - 1) }

// PeriodStart returns the first instant of the period containing t in loc.
func (iv Interval) PeriodStart(t time.Time, loc *time.Location) time.Time {
	return facts.DayStart(iv.Start(facts.DayOf(t, loc)), loc)
}

// isoDate formats a day number as YYYY-MM-DD.
func isoDate(day int32) string {
	return time.Unix(int64(day)*86400, 0).UTC().Format(time.DateOnly)
}

// periods are consecutive periods and a table from day to period.
type periods struct {
	starts []int32 // first day of each period, then the day after the last
	lo     int32   // first day of the table
	of     []int32 // of[day-lo] is the period of day
}

// newPeriods returns the periods from the one containing first to the one
// containing last (days), at most maxPeriods of them.
func newPeriods(iv Interval, first, last int32) (*periods, error) {
	p := &periods{lo: iv.Start(first)}
	for s := p.lo; s <= last; s = iv.Next(s) {
		if len(p.starts) >= maxPeriods {
			return nil, fmt.Errorf("%s to %s is more than %d %ss; choose a longer interval or a shorter range", isoDate(first), isoDate(last), maxPeriods, iv)
		}
		p.starts = append(p.starts, s)
	}
	end := iv.Next(p.starts[len(p.starts)-1])
	p.starts = append(p.starts, end)
	p.of = make([]int32, end-p.lo)
	for k := 0; k+1 < len(p.starts); k++ {
		for day := p.starts[k]; day < p.starts[k+1]; day++ {
			p.of[day-p.lo] = int32(k)
		}
	}
	return p, nil
}

// maxPeriods bounds the periods of one report (ten years of days).
const maxPeriods = 3700

// len returns the number of periods.
func (p *periods) len() int { return len(p.starts) - 1 }

// period returns the period of day, or -1 outside them.
func (p *periods) period(day int32) int {
	k := day - p.lo
	if k < 0 || int(k) >= len(p.of) {
		return -1
	}
	return int(p.of[k])
}

// span returns the days the data covers, ok false when it is empty.
func (d *Data) span() (lo, hi int32, ok bool) {
	if len(d.day) == 0 {
		return 0, 0, false
	}
	lo, hi = d.day[0], d.day[0]
	for _, x := range d.day {
		lo, hi = min(lo, x), max(hi, x)
	}
	return lo, hi, true
}

// dayRange returns the first and last day of [from, to) in the data's
// zone. A zero bound is the data's first or last day; ok is false when
// both are zero and there is no data.
func (d *Data) dayRange(from, to time.Time) (lo, hi int32, ok bool) {
	lo, hi, ok = d.span()
	if !from.IsZero() {
		lo = facts.DayOf(from, d.loc)
	}
	if !to.IsZero() {
		hi = facts.DayOf(to.Add(-time.Nanosecond), d.loc)
	}
	switch {
	case from.IsZero() && to.IsZero():
		return lo, hi, ok
	case !ok && from.IsZero():
		lo = hi
	case !ok && to.IsZero(), hi < lo:
		hi = lo
	}
	return lo, hi, true
}
