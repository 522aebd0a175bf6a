package digest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Length is how long a digest's period is: N days, weeks or calendar
// months.
type Length struct {
	N    int
	Unit byte // 'd', 'w' or 'm'
}

// ParseLength reads "7d", "2w" or "1m" (days, weeks, calendar months).
func ParseLength(s string) (Length, error) {
	s = strings.TrimSpace(s)
	if len(s) < 2 {
		return Length{}, fmt.Errorf("%q: want a number and d, w or m, e.g. 7d, 1w, 1m", s)
	}
	unit := s[len(s)-1]
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n < 1 || (unit != 'd' && unit != 'w' && unit != 'm') {
		return Length{}, fmt.Errorf("%q: want a number and d, w or m, e.g. 7d, 1w, 1m", s)
	}
	if max := map[byte]int{'d': 366, 'w': 53, 'm': 12}[unit]; n > max {
		return Length{}, fmt.Errorf("%q: at most %d%c", s, max, unit)
	}
	return Length{N: n, Unit: unit}, nil
}

// String returns the length as ParseLength reads it.
func (l Length) String() string { return strconv.Itoa(l.N) + string(l.Unit) }

// before returns t moved back by l, in t's location.
func (l Length) before(t time.Time) time.Time {
	switch l.Unit {
	case 'w':
		return t.AddDate(0, 0, -7*l.N)
	case 'm':
		return t.AddDate(0, -l.N, 0)
	default:
		return t.AddDate(0, 0, -l.N)
	}
}

// Period is the time a digest covers, [Start, End), and the period of the
// same length just before it that it is compared with, [PrevStart,
// Start). Periods are whole days in the digest's time zone.
type Period struct {
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	PrevStart time.Time `json:"prev_start"`
}

// PeriodAt returns the period of length l that a digest run at t covers:
// the whole days before t's day, in loc. A weekly digest run on Monday at
// 08:00 covers the previous Monday 00:00 to this Monday 00:00, whatever
// the hour it runs at, so runs on the same day cover the same period.
func PeriodAt(l Length, t time.Time, loc *time.Location) Period {
	t = t.In(loc)
	end := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	start := l.before(end)
	return Period{Start: start, End: end, PrevStart: l.before(start)}
}

// Key identifies the period in a digest's stored state:
// "2026-11-16_2026-11-23" (the first day and the day after the last).
func (p Period) Key() string {
	return p.Start.Format(time.DateOnly) + "_" + p.End.Format(time.DateOnly)
}

// Last is the last day of the period (End is the day after).
func (p Period) Last() time.Time { return p.End.AddDate(0, 0, -1) }

// Label is the period for people: "16–22 Nov 2026", "28 Oct – 3 Nov
// 2026", "1 Nov 2026" for one day.
func (p Period) Label() string {
	a, b := p.Start, p.Last()
	switch {
	case !b.After(a):
		return a.Format("2 Jan 2006")
	case a.Year() != b.Year():
		return a.Format("2 Jan 2006") + " – " + b.Format("2 Jan 2006")
	case a.Month() != b.Month():
		return a.Format("2 Jan") + " – " + b.Format("2 Jan 2006")
	default:
		return a.Format("2") + "–" + b.Format("2 Jan 2006")
	}
}

// PrevLabel is the comparison period for people.
func (p Period) PrevLabel() string {
	return Period{Start: p.PrevStart, End: p.Start}.Label()
}
