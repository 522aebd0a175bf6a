package index

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/feedbackd/feedbackd/index/facts"
)

// factsColumns are the query-string fields bleve does not index: the
// facts table holds them, and a numeric or datetime field would cost
// bleve 16 precision-shifted terms a document (indexing ran 5× faster
// without them). Their range clauses (`nps:<7`, `created_at:>="2026-01-01"`)
// become factsRange queries.
var factsColumns = map[string]facts.Column{
	fieldNPS:            facts.ColumnNPS,
	fieldCSAT:           facts.ColumnCSAT,
	fieldCES:            facts.ColumnCES,
	fieldSentimentScore: facts.ColumnSentimentScore,
	fieldCreatedAt:      facts.ColumnCreated,
	fieldReceivedAt:     facts.ColumnReceived,
}

// factsBinding is what the factsRange clauses of one parsed query read
// when bleve runs it: the facts view and the row maps of the index.
// bind sets it before each run.
type factsBinding struct {
	view *facts.View
	maps *rowMaps
}

// factsRange is a query-string range clause on a facts column. Its
// searcher yields the live documents of bleve's snapshot whose facts row
// lies in the range, so it works in any position of the query (+must,
// -not or optional) like the numeric range it replaces. Bounds
// are inclusive: exclusive ones are moved to the next representable value.
type factsRange struct {
	field  string
	column facts.Column
	lo, hi float64 // scores
	from   int64   // times, Unix nanoseconds
	to     int64
	boost  float64
	bound  *factsBinding
}

// Searcher implements query.Query.
func (q *factsRange) Searcher(_ context.Context, r bleveindex.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	b := q.bound
	if b == nil || b.view == nil {
		return nil, fmt.Errorf("%s range: internal error: query not bound to the facts table", q.field)
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("%s range: unexpected index reader %T", q.field, r)
	}
	maps, _, err := b.maps.segmentRows(snap, b.view)
	if err != nil {
		return nil, fmt.Errorf("%s range: %w", q.field, err)
	}
	var keep facts.Rows
	if q.column.IsTime() {
		keep, err = b.view.TimeRows(q.column, q.from, q.to)
	} else {
		keep, err = b.view.ScoreRows(q.column, q.lo, q.hi)
	}
	if err != nil {
		return nil, err
	}
	return newDocSetSearcher(snap, maps, &keep, scorer.NewConstantScorer(1, q.boost, opts)), nil
}

// newFactsRange turns a range clause bleve's parser produced on a facts
// field into a factsRange, or says how the field is meant to be used.
func newFactsRange(field string, c facts.Column, q query.Query, bound *factsBinding) (*factsRange, error) {
	fr := &factsRange{field: field, column: c, boost: 1, bound: bound}
	switch rq := q.(type) {
	case *query.NumericRangeQuery:
		if c.IsTime() {
			return nil, fmt.Errorf("%s takes a date in quotes, e.g. %s:>=\"2026-01-31\"", field, field)
		}
		fr.lo, fr.hi = math.Inf(-1), math.Inf(1)
		if rq.Min != nil {
			fr.lo = *rq.Min
			if rq.InclusiveMin != nil && !*rq.InclusiveMin {
				fr.lo = nextScore(c, fr.lo, math.Inf(1))
			}
		}
		if rq.Max != nil {
			fr.hi = *rq.Max
			if rq.InclusiveMax == nil || !*rq.InclusiveMax {
				fr.hi = nextScore(c, fr.hi, math.Inf(-1))
			}
		}
		if rq.BoostVal != nil {
			fr.boost = float64(*rq.BoostVal)
		}
	case *query.DateRangeQuery:
		if !c.IsTime() {
			return nil, fmt.Errorf("%s takes a number, e.g. %s:<7 or %s:>=0.5", field, field, field)
		}
		fr.from, fr.to = math.MinInt64, math.MaxInt64
		if start := rq.Start.Time; !start.IsZero() {
			fr.from = nanos(start)
			if rq.InclusiveStart != nil && !*rq.InclusiveStart {
				fr.from++
			}
		}
		if end := rq.End.Time; !end.IsZero() {
			fr.to = nanos(end)
			if rq.InclusiveEnd == nil || !*rq.InclusiveEnd {
				fr.to--
			}
		}
		if rq.BoostVal != nil {
			fr.boost = float64(*rq.BoostVal)
		}
	default:
		return nil, factsFieldMisuse(field, c)
	}
	return fr, nil
}

// nextScore returns the score after x towards dir: exclusive bounds
// become inclusive ones. The sentiment score is kept as float32, so its
// step is float32's.
func nextScore(c facts.Column, x, dir float64) float64 {
	if c == facts.ColumnSentimentScore {
		return float64(math.Nextafter32(float32(x), float32(dir)))
	}
	return math.Nextafter(x, dir)
}

// factsFieldMisuse explains that a facts field takes only numbers or
// ranges (bleve's parser reads `nps:high` as a text match on nps).
func factsFieldMisuse(field string, c facts.Column) error {
	if c.IsTime() {
		return fmt.Errorf("%s takes a range of dates in quotes, e.g. %s:>=\"2026-01-01\" or %s:<\"2026-02-01T00:00:00Z\"", field, field, field)
	}
	return fmt.Errorf("%s takes a number or a range, e.g. %s:9, %s:<7 or %s:>=0.5", field, field, field, field)
}

// nanos is t in Unix nanoseconds, clamped to the int64 range.
func nanos(t time.Time) int64 {
	switch {
	case t.Before(time.Unix(0, math.MinInt64)):
		return math.MinInt64
	case t.After(time.Unix(0, math.MaxInt64)):
		return math.MaxInt64
	}
	return t.UnixNano()
}
