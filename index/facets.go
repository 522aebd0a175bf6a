package index

import (
	"fmt"
	"slices"
	"time"

	"github.com/feedbackd/feedbackd/index/facts"
)

// Facet names accepted in FacetRequest.Fields besides "meta.<name>".
const (
	FacetTouchpoint = facts.FacetTouchpoint
	FacetSentiment  = facts.FacetSentiment
	FacetAudience   = facts.FacetAudience
	FacetSource     = facts.FacetSource
	FacetChannel    = "meta.channel"
)

// Interval is the width of a date-histogram bucket.
type Interval string

// Intervals. Weeks start on Monday.
const (
	NoHistogram Interval = ""
	Day         Interval = "day"
	Week        Interval = "week"
	Month       Interval = "month"
)

// FacetRequest says which facets a search counts.
type FacetRequest struct {
	// Fields are term facets: FacetTouchpoint (counts every ancestor too,
	// so a tree can be drawn), FacetSentiment, FacetAudience,
	// FacetSource, or "meta.<name>" for a metadata field.
	Fields []string
	// Size is the number of terms per facet, largest first; 0 means 50.
	Size int
	// Dates asks for a created_at histogram with this interval.
	Dates Interval
}

// AllFacets requests the facets a search page shows: touchpoint,
// sentiment, audience, source and channel, and a histogram by interval.
func AllFacets(interval Interval) FacetRequest {
	return FacetRequest{
		Fields: []string{FacetTouchpoint, FacetSentiment, FacetAudience, FacetSource, FacetChannel},
		Dates:  interval,
	}
}

// maxBuckets bounds the buckets of a histogram once empty ones are filled.
const maxBuckets = 5000

// check validates the request.
func (f FacetRequest) check() error {
	for _, name := range f.Fields {
		if err := facts.CheckFacet(name); err != nil {
			return &QueryError{Pos: -1, Msg: err.Error()}
		}
	}
	switch f.Dates {
	case NoHistogram, Day, Week, Month:
		return nil
	default:
		return &QueryError{Pos: -1, Msg: fmt.Sprintf("unknown interval %q: want day, week or month", f.Dates)}
	}
}

// histogram folds per-day counts into buckets of the interval, in time
// order, with the empty buckets between the first and last filled in.
func histogram(days map[int32]int, iv Interval, loc *time.Location) []DateBucket {
	counts := make(map[time.Time]int, len(days))
	for d, n := range days {
		counts[bucketStart(facts.DayStart(d, loc), iv)] += n
	}
	if len(counts) == 0 {
		return []DateBucket{}
	}
	starts := make([]time.Time, 0, len(counts))
	for t := range counts {
		starts = append(starts, t)
	}
	slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
	out := make([]DateBucket, 0, len(starts))
	last := starts[len(starts)-1]
	for t := starts[0]; !t.After(last) && len(out) < maxBuckets; t = nextBucket(t, iv) {
		out = append(out, DateBucket{Key: t.Format(dayLayout), Start: t, Count: counts[t]})
	}
	return out
}

// bucketStart returns the first day of t's bucket (t is a midnight).
func bucketStart(t time.Time, iv Interval) time.Time {
	switch iv {
	case Week:
		back := (int(t.Weekday()) + 6) % 7 // days since Monday
		return t.AddDate(0, 0, -back)
	case Month:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, t.Location())
	default:
		return t
	}
}

func nextBucket(t time.Time, iv Interval) time.Time {
	switch iv {
	case Week:
		return t.AddDate(0, 0, 7)
	case Month:
		return t.AddDate(0, 1, 0)
	default:
		return t.AddDate(0, 0, 1)
	}
}
