package index

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// Facet names accepted in FacetRequest.Fields besides "meta.<name>".
const (
	FacetTouchpoint = "touchpoint"
	FacetSentiment  = "sentiment"
	FacetAudience   = "audience"
	FacetSource     = "source"
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

// maxDayTerms bounds the day terms read for a histogram (about 270 years).
const maxDayTerms = 100000

// maxBuckets bounds the buckets of a histogram once empty ones are filled.
const maxBuckets = 5000

// dayFacet is the internal name of the facet feeding the histogram.
const dayFacet = "\x00day"

// add adds the requested facets to req.
func (f FacetRequest) add(req *bleve.SearchRequest) error {
	size := f.Size
	if size <= 0 {
		size = 50
	}
	for _, name := range f.Fields {
		switch {
		case name == FacetTouchpoint || name == FacetSentiment || name == FacetAudience || name == FacetSource:
			req.AddFacet(name, bleve.NewFacetRequest(name, size))
		case strings.HasPrefix(name, "meta.") && len(name) > len("meta."):
			fr := bleve.NewFacetRequest(fieldMeta, size)
			fr.TermPrefix = metaTerm(strings.TrimPrefix(name, "meta."), "")
			req.AddFacet(name, fr)
		default:
			return &QueryError{Pos: -1, Msg: fmt.Sprintf("unknown facet %q: want touchpoint, sentiment, audience, source or meta.<name>", name)}
		}
	}
	switch f.Dates {
	case NoHistogram:
	case Day, Week, Month:
		req.AddFacet(dayFacet, bleve.NewFacetRequest(fieldDay, maxDayTerms))
	default:
		return &QueryError{Pos: -1, Msg: fmt.Sprintf("unknown interval %q: want day, week or month", f.Dates)}
	}
	return nil
}

// facetResults converts bleve's facet results into the package's types.
func (f FacetRequest) results(fr search.FacetResults, loc *time.Location) (map[string]Facet, []DateBucket, error) {
	out := make(map[string]Facet, len(f.Fields))
	for _, name := range f.Fields {
		r, ok := fr[name]
		if !ok {
			continue
		}
		prefix := ""
		if strings.HasPrefix(name, "meta.") {
			prefix = metaTerm(strings.TrimPrefix(name, "meta."), "")
		}
		terms := r.Terms.Terms()
		facet := Facet{Terms: make([]FacetTerm, 0, len(terms)), Other: r.Other, Missing: r.Missing}
		for _, t := range terms {
			facet.Terms = append(facet.Terms, FacetTerm{Term: strings.TrimPrefix(t.Term, prefix), Count: t.Count})
		}
		out[name] = facet
	}
	if f.Dates == NoHistogram {
		return out, nil, nil
	}
	r, ok := fr[dayFacet]
	if !ok {
		return out, nil, nil
	}
	dates, err := histogram(r.Terms.Terms(), f.Dates, loc)
	return out, dates, err
}

// histogram folds per-day counts into buckets of the interval, in time
// order, with the empty buckets between the first and last filled in.
func histogram(days []*search.TermFacet, iv Interval, loc *time.Location) ([]DateBucket, error) {
	counts := make(map[time.Time]int, len(days))
	for _, d := range days {
		t, err := time.ParseInLocation(dayLayout, d.Term, loc)
		if err != nil {
			return nil, fmt.Errorf("date histogram: bad day term %q: %w", d.Term, err)
		}
		counts[bucketStart(t, iv)] += d.Count
	}
	if len(counts) == 0 {
		return []DateBucket{}, nil
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
	return out, nil
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
