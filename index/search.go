package index

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// Search runs q and returns one page of hits with the requested facets.
// Mistakes in q (syntax, filters, size, cursor) are returned as
// *QueryError; anything else is the index's fault.
func (ix *Index) Search(ctx context.Context, q Query) (*Results, error) {
	start := time.Now()
	if q.Size < 0 || q.Size > MaxSize {
		return nil, &QueryError{Pos: -1, Msg: fmt.Sprintf("size %d is outside 0–%d", q.Size, MaxSize)}
	}
	sortBy, err := ParseSort(string(q.Sort))
	if err != nil {
		return nil, err
	}
	textQuery := q.Q != "" && len(splitClausesOnly(q.Q)) > 0
	if sortBy == Relevance && !textQuery {
		sortBy = Newest
	}
	bq, err := q.build()
	if err != nil {
		return nil, err
	}

	// One extra hit tells whether there is a next page.
	req := bleve.NewSearchRequestOptions(bq, q.Size+1, 0, false)
	if q.Size == 0 {
		req.Size = 0
	}
	req.SortByCustom(sortOrder(sortBy))
	if sortBy != Relevance {
		req.Score = bleve.ScoreNone
	}
	if q.After != "" {
		after, err := decodeCursor(q.After, sortBy)
		if err != nil {
			return nil, err
		}
		req.SearchAfter = after
	}
	if q.Size > 0 {
		req.Fields = []string{fieldText, fieldHit}
		req.IncludeLocations = textQuery
	}
	if err := q.Facets.add(req); err != nil {
		return nil, err
	}

	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("search: %w", ctx.Err())
		}
		// The query parsed, so a failure here is a bad field value or
		// pattern (e.g. a malformed regexp or date) in the query.
		if textQuery && !errors.Is(err, bleve.ErrorIndexClosed) {
			return nil, &QueryError{Query: q.Q, Pos: -1, Msg: err.Error()}
		}
		return nil, fmt.Errorf("search %q: %w", ix.dir, err)
	}

	out := &Results{Total: res.Total, Hits: make([]Hit, 0, min(len(res.Hits), q.Size))}
	for i, dm := range res.Hits {
		if i == q.Size {
			out.Next = encodeCursor(sortBy, res.Hits[i-1])
			break
		}
		h, err := newHit(dm)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", ix.dir, err)
		}
		out.Hits = append(out.Hits, h)
	}
	if out.Facets, out.Dates, err = q.Facets.results(res.Facets, ix.opts.Location); err != nil {
		return nil, fmt.Errorf("search %q: %w", ix.dir, err)
	}
	out.Took = time.Since(start)
	return out, nil
}

// splitClausesOnly returns the clauses of a query string.
func splitClausesOnly(s string) []Span {
	c, _ := splitClauses(s)
	return c
}

// sortOrder is the bleve sort of each order, always ending with the id.
func sortOrder(s Sort) search.SortOrder {
	byID := &search.SortDocID{}
	switch s {
	case Newest:
		return search.SortOrder{&search.SortField{Field: fieldCreatedAt, Type: search.SortFieldAsDate, Desc: true}, byID}
	case Oldest:
		return search.SortOrder{&search.SortField{Field: fieldCreatedAt, Type: search.SortFieldAsDate}, byID}
	case MostNegative:
		return search.SortOrder{&search.SortField{Field: fieldSentimentScore, Type: search.SortFieldAsNumber}, byID}
	case MostPositive:
		return search.SortOrder{&search.SortField{Field: fieldSentimentScore, Type: search.SortFieldAsNumber, Desc: true}, byID}
	default:
		return search.SortOrder{&search.SortScore{Desc: true}, byID}
	}
}

// newHit turns a bleve match into a Hit.
func newHit(dm *search.DocumentMatch) (Hit, error) {
	h := Hit{ID: dm.ID, Score: dm.Score}
	if t, ok := dm.Fields[fieldText].(string); ok {
		h.Text = t
	}
	if blob, ok := dm.Fields[fieldHit].(string); ok {
		if err := h.fill(blob); err != nil {
			return Hit{}, err
		}
	}
	h.Matches = matches(dm.Locations, len(h.Text))
	h.Fragments = fragments(h.Text, h.Matches)
	return h, nil
}

// scoreString formats a relevance score for a cursor exactly.
func scoreString(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
