package index

import (
	"fmt"

	"github.com/feedbackd/feedbackd/index/facts"
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

	// Filter narrows Q (or every comment when Q is empty). Filters of
	// different kinds are ANDed; values within one kind are ORed.
	facts.Filter

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
type Range = facts.Range

// Between returns the range [lo, hi].
func Between(lo, hi float64) Range { return Range{Min: &lo, Max: &hi} }

// AtLeast returns the range [lo, ∞).
func AtLeast(lo float64) Range { return Range{Min: &lo} }

// AtMost returns the range (-∞, hi].
func AtMost(hi float64) Range { return Range{Max: &hi} }

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

// textQuery returns the parsed q.Q, or nil when q.Q has no clauses
// (every comment matches).
func (q *Query) textQuery() (*parsedQuery, error) {
	if len(splitClausesOnly(q.Q)) == 0 {
		return nil, nil
	}
	return parseQueryString(q.Q)
}
