package api

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/index"
)

// Search parameters; docs/api.md describes each.
const (
	paramQ        = "q"
	paramAfter    = "after"
	paramSize     = "size"
	paramSaved    = "saved"
	paramSort     = "sort"
	paramInterval = "interval"
	paramFrom     = "from"
	paramTo       = "to"
	metaPrefix    = "meta."
)

// filterParams are the parameters a saved search may keep in its filters.
var filterParams = []string{"touchpoint", "sentiment", "audience", "source",
	paramFrom, paramTo, "nps", "csat", "ces", "sentiment_score", paramSort, paramInterval}

// isFilterParam reports whether name may be a saved search's filter.
func isFilterParam(name string) bool {
	return slices.Contains(filterParams, name) || (strings.HasPrefix(name, metaPrefix) && len(name) > len(metaPrefix))
}

// Params is how ParseSearch reads parameters.
type Params struct {
	// Location is the time zone of bare dates in from and to.
	Location *time.Location
	// DefaultSize and MaxSize bound size.
	DefaultSize, MaxSize int
}

// ParseSearch turns search parameters (the query string of
// /api/v1/search, or a saved search's q and filters) into an index query
// with every facet and a date histogram. Mistakes are *Error values naming
// the parameter. The trends and export endpoints reuse it so their
// filters are the same as search's.
func ParseSearch(v url.Values, p Params) (index.Query, error) {
	if p.Location == nil {
		p.Location = time.UTC
	}
	var q index.Query
	interval := index.Month
	for _, name := range slices.Sorted(maps.Keys(v)) {
		vals := v[name]
		if len(vals) == 0 {
			continue
		}
		last := vals[len(vals)-1]
		var err error
		switch name {
		case paramQ:
			q.Q = last
		case "touchpoint":
			q.Touchpoints = nonEmpty(vals)
		case "sentiment":
			q.Sentiments, err = oneOf(name, vals, "positive", "negative", "neutral", "mixed")
		case "audience":
			q.Audiences, err = oneOf(name, vals, "customer", "employee")
		case "source":
			q.Sources = nonEmpty(vals)
		case paramFrom:
			q.From, err = parseTime(name, last, p.Location)
		case paramTo:
			q.To, err = parseTime(name, last, p.Location)
		case "nps":
			q.NPS, err = parseRange(name, last)
		case "csat":
			q.CSAT, err = parseRange(name, last)
		case "ces":
			q.CES, err = parseRange(name, last)
		case "sentiment_score":
			q.SentimentScore, err = parseRange(name, last)
		case paramSort:
			var s index.Sort
			if s, err = index.ParseSort(last); err != nil {
				err = badField(name, "%q: want relevance, newest, oldest, most_negative or most_positive", last)
			}
			q.Sort = s
		case paramSize:
			// below, once the default is known
		case paramAfter:
			q.After = last
		case paramInterval:
			switch iv := index.Interval(last); iv {
			case index.Day, index.Week, index.Month:
				interval = iv
			default:
				err = badField(name, "%q: want day, week or month", last)
			}
		case paramSaved:
			// resolved by the handler before parsing
		default:
			if field, ok := strings.CutPrefix(name, metaPrefix); ok && field != "" {
				if q.Meta == nil {
					q.Meta = map[string][]string{}
				}
				q.Meta[field] = nonEmpty(vals)
				continue
			}
			err = badField(name, "unknown parameter; see docs/api.md")
		}
		if err != nil {
			return index.Query{}, err
		}
	}
	q.Size = p.DefaultSize
	if s := v.Get(paramSize); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > p.MaxSize {
			return index.Query{}, badField(paramSize, "%q: want a number from 0 to %d", s, p.MaxSize)
		}
		q.Size = n
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.To.After(q.From) {
		return index.Query{}, badField(paramTo, "%s is not after from (%s)", q.To.Format(time.RFC3339), q.From.Format(time.RFC3339))
	}
	q.Facets = index.AllFacets(interval)
	return q, nil
}

func nonEmpty(vals []string) []string {
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// oneOf checks every value against the allowed ones.
func oneOf(name string, vals []string, allowed ...string) ([]string, error) {
	out := nonEmpty(vals)
	for _, v := range out {
		if !slices.Contains(allowed, v) {
			return nil, badField(name, "%q: want %s", v, strings.Join(allowed, ", "))
		}
	}
	return out, nil
}

// parseTime accepts RFC 3339 or a date, which is midnight in loc.
func parseTime(name, s string, loc *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		return t, nil
	}
	return time.Time{}, badField(name, "%q: want a date (2026-03-01) or an RFC 3339 time (2026-03-01T09:00:00Z)", s)
}

// parseRange accepts lo..hi, lo.., ..hi or a single number.
func parseRange(name, s string) (index.Range, error) {
	bad := func() (index.Range, error) {
		return index.Range{}, badField(name, "%q: want lo..hi, lo.. or ..hi with numbers (e.g. 0..6)", s)
	}
	num := func(x string) (*float64, bool) {
		if x == "" {
			return nil, true
		}
		f, err := strconv.ParseFloat(x, 64)
		if err != nil {
			return nil, false
		}
		return &f, true
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return index.Range{}, nil
	}
	lo, hi, isRange := strings.Cut(s, "..")
	if !isRange {
		hi = lo
	}
	min, ok1 := num(strings.TrimSpace(lo))
	max, ok2 := num(strings.TrimSpace(hi))
	if !ok1 || !ok2 || (min == nil && max == nil) {
		return bad()
	}
	if min != nil && max != nil && *min > *max {
		return index.Range{}, badField(name, "%q: %g is above %g", s, *min, *max)
	}
	return index.Range{Min: min, Max: max}, nil
}

// merge returns the saved search's q and filters with the explicit
// parameters of over replacing those of the same name.
func merge(q string, filters map[string][]string, over url.Values) url.Values {
	v := url.Values{}
	if q != "" {
		v.Set(paramQ, q)
	}
	for k, vals := range filters {
		v[k] = slices.Clone(vals)
	}
	for k, vals := range over {
		if k != paramSaved {
			v[k] = vals
		}
	}
	return v
}
