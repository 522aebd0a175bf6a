package index

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"
)

// MaxSize is the largest page Search returns.
const MaxSize = 1000

// Query is a search: bleve query-string text, structured filters that
// narrow it, a sort, a page size and cursor, and the facets to count.
// Filters of different kinds are ANDed; values within one kind are ORed.
type Query struct {
	// Q is bleve query-string syntax over the text by default: words,
	// "phrases", +must, -not, wildcards*, and field:value on the index
	// fields (touchpoint, sentiment, audience, source, meta, nps, csat,
	// ces, sentiment_score, created_at, untagged, taxonomy_version), e.g.
	// `refund -"thank you" nps:<7 meta:"channel=phone"`. Empty matches all.
	Q string

	// Touchpoints keeps comments tagged with any of these touchpoints or
	// their descendants ("billing" matches "billing/refunds").
	Touchpoints []string
	// Sentiments keeps comments with any of these overall labels.
	Sentiments []string
	// Audiences keeps comments from any of these audiences.
	Audiences []string
	// Sources keeps comments from any of these sources.
	Sources []string
	// Meta keeps comments whose metadata field has any of the values, for
	// every field named (e.g. {"channel": {"phone", "chat"}}).
	Meta map[string][]string
	// From and To bound created_at: From inclusive, To exclusive; zero
	// means unbounded.
	From, To time.Time
	// Score ranges, inclusive.
	NPS, CSAT, CES, SentimentScore Range

	// Sort orders the hits; relevance without Q sorts newest first.
	Sort Sort
	// Size is the page size, at most MaxSize; 0 returns only Total and
	// the facets.
	Size int
	// After is Results.Next of the previous page.
	After string
	// Facets says which facets to count.
	Facets FacetRequest
}

// Range is an inclusive numeric range; a nil bound is open.
type Range struct {
	Min, Max *float64
}

// Between returns the range [lo, hi].
func Between(lo, hi float64) Range { return Range{Min: &lo, Max: &hi} }

// AtLeast returns the range [lo, ∞).
func AtLeast(lo float64) Range { return Range{Min: &lo} }

// AtMost returns the range (-∞, hi].
func AtMost(hi float64) Range { return Range{Max: &hi} }

func (r Range) set() bool { return r.Min != nil || r.Max != nil }

// Sort is the order of the hits.
type Sort string

// Sort orders. Every order breaks ties by id, so search-after pages never
// overlap or skip.
const (
	Relevance    Sort = "relevance"
	Newest       Sort = "newest"
	Oldest       Sort = "oldest"
	MostNegative Sort = "most_negative"
	MostPositive Sort = "most_positive"
)

// ParseSort accepts the names of the Sort constants; "" is Relevance.
func ParseSort(s string) (Sort, error) {
	switch v := Sort(s); v {
	case "":
		return Relevance, nil
	case Relevance, Newest, Oldest, MostNegative, MostPositive:
		return v, nil
	default:
		return "", &QueryError{Query: s, Pos: -1, Msg: fmt.Sprintf("unknown sort %q: want relevance, newest, oldest, most_negative or most_positive", s)}
	}
}

// QueryError is a query the caller got wrong: bad query-string syntax, a
// bad filter, size or cursor. Pos is the byte offset in Query where the
// problem starts, or -1 when it is not about the query string.
type QueryError struct {
	Query string
	Pos   int
	Msg   string
}

func (e *QueryError) Error() string {
	if e.Pos < 0 {
		return "bad query: " + e.Msg
	}
	return fmt.Sprintf("bad query %q at character %d: %s", e.Query, e.Pos+1, e.Msg)
}

// build returns the bleve query for q and whether scoring matters.
func (q *Query) build() (query.Query, error) {
	var filters []query.Query
	add := func(field string, values []string) {
		if fq := anyTerm(field, values); fq != nil {
			filters = append(filters, fq)
		}
	}
	tps := make([]string, 0, len(q.Touchpoints))
	for _, t := range q.Touchpoints {
		tps = append(tps, strings.Trim(t, "/"))
	}
	add(fieldTouchpoint, tps)
	add(fieldSentiment, q.Sentiments)
	add(fieldAudience, q.Audiences)
	add(fieldSource, q.Sources)
	names := make([]string, 0, len(q.Meta))
	for name := range q.Meta {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		terms := make([]string, 0, len(q.Meta[name]))
		for _, v := range q.Meta[name] {
			terms = append(terms, metaTerm(name, v))
		}
		add(fieldMeta, terms)
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		if !q.From.IsZero() && !q.To.IsZero() && !q.To.After(q.From) {
			return nil, &QueryError{Pos: -1, Msg: fmt.Sprintf("to (%s) is not after from (%s)", q.To.Format(time.RFC3339), q.From.Format(time.RFC3339))}
		}
		incl, excl := true, false
		dq := query.NewDateRangeInclusiveQuery(q.From, q.To, &incl, &excl)
		dq.SetField(fieldCreatedAt)
		filters = append(filters, dq)
	}
	for _, r := range []struct {
		field string
		r     Range
	}{{fieldNPS, q.NPS}, {fieldCSAT, q.CSAT}, {fieldCES, q.CES}, {fieldSentimentScore, q.SentimentScore}} {
		if !r.r.set() {
			continue
		}
		if r.r.Min != nil && r.r.Max != nil && *r.r.Min > *r.r.Max {
			return nil, &QueryError{Pos: -1, Msg: fmt.Sprintf("%s range: min %g is above max %g", r.field, *r.r.Min, *r.r.Max)}
		}
		incl := true
		nq := query.NewNumericRangeInclusiveQuery(r.r.Min, r.r.Max, &incl, &incl)
		nq.SetField(r.field)
		filters = append(filters, nq)
	}

	var text query.Query
	if strings.TrimSpace(q.Q) != "" {
		var err error
		if text, err = parseQueryString(q.Q); err != nil {
			return nil, err
		}
	}
	switch {
	case text == nil && len(filters) == 0:
		return query.NewMatchAllQuery(), nil
	case text == nil:
		// Filters alone: a conjunction leapfrogs through the postings,
		// far cheaper than filtering every document.
		return conjunction(filters), nil
	case len(filters) == 0:
		return text, nil
	default:
		// Filters must not change relevance: a non-scoring filter clause.
		bq := query.NewBooleanQuery([]query.Query{text}, nil, nil)
		bq.AddFilter(conjunction(filters))
		return bq, nil
	}
}

func conjunction(qs []query.Query) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewConjunctionQuery(qs)
}

// anyTerm matches documents with any of the values in field; nil when
// there are none.
func anyTerm(field string, values []string) query.Query {
	var qs []query.Query
	for _, v := range values {
		if v == "" {
			continue
		}
		tq := query.NewTermQuery(v)
		tq.SetField(field)
		qs = append(qs, tq)
	}
	switch len(qs) {
	case 0:
		return nil
	case 1:
		return qs[0]
	default:
		return query.NewDisjunctionQuery(qs)
	}
}
