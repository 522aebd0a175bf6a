package index

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/feedbackd/feedbackd/index/facts"
)

// Search runs q and returns one page of hits with the requested facets.
// Mistakes in q (syntax, filters, size, cursor) are returned as
// *QueryError; anything else is the index's fault.
//
// bleve answers the text query alone; the filters, facets, histogram,
// sort and paging run over the facts table, and bleve then fetches the
// page's documents with their term locations for highlighting.
func (ix *Index) Search(ctx context.Context, q Query) (*Results, error) {
	start := time.Now()
	if q.Size < 0 || q.Size > MaxSize {
		return nil, &QueryError{Pos: -1, Msg: fmt.Sprintf("size %d is outside 0–%d", q.Size, MaxSize)}
	}
	sortBy, err := ParseSort(string(q.Sort))
	if err != nil {
		return nil, err
	}
	text, err := q.textQuery()
	if err != nil {
		return nil, err
	}
	if sortBy == Relevance && text == nil {
		sortBy = Newest
	}
	if err := q.Facets.check(); err != nil {
		return nil, err
	}
	var after *facts.Key
	if q.After != "" {
		if after, err = decodeCursor(q.After, sortBy); err != nil {
			return nil, err
		}
	}

	v := ix.facts.View()
	sel, err := ix.selection(ctx, &q, text, v, sortBy == Relevance)
	if err != nil {
		v.Close()
		return nil, err
	}
	out := sel.results()
	var ids []string
	var keys []facts.Key
	if q.Size > 0 {
		var page []uint32
		page, keys = v.Top(&sel.rows, factsOrder(sortBy), sel.scores, after, q.Size+1)
		for _, r := range page {
			ids = append(ids, v.ID(r))
		}
	}
	v.Close()

	if len(keys) > q.Size {
		ids, keys = ids[:q.Size], keys[:q.Size]
		out.Next = encodeCursor(sortBy, keys[len(keys)-1])
	}
	if out.Hits, err = ix.fetch(ctx, ids, keys, text, sortBy == Relevance); err != nil {
		return nil, err
	}
	out.Took = time.Since(start)
	return out, nil
}

// selection returns the rows, totals, facets and histogram of q: from the
// cache for a next page (q.After set) while the table is unchanged, else
// computed and cached. v must stay open while the selection is used.
func (ix *Index) selection(ctx context.Context, q *Query, text *parsedQuery, v *facts.View, scored bool) (*selection, error) {
	key := selectionKey(q, scored)
	if q.After != "" && key != "" {
		if sel, ok := ix.selections.get(key, v.Gen()); ok {
			return sel, nil
		}
	}
	rows, scores, err := ix.selectRows(ctx, q, text, v, scored)
	if err != nil {
		return nil, err
	}
	sel := &selection{key: key, gen: v.Gen(), scores: scores}
	sel.hidden = v.HideSmallEmployeeGroup(&rows, ix.opts.employeeGroups())
	sel.total = uint64(rows.Count())
	if sel.facets, err = v.Facets(&rows, q.Facets.Fields, q.Facets.Size, ix.opts.employeeGroups()); err != nil {
		return nil, &QueryError{Pos: -1, Msg: err.Error()}
	}
	if q.Facets.Dates != NoHistogram {
		sel.dates = histogram(v.DayCounts(&rows), q.Facets.Dates, ix.opts.Location)
	}
	sel.rows = rows
	if key != "" {
		ix.selections.put(sel)
	}
	return sel, nil
}

// Select returns the rows matching q's text query and filters (its sort,
// size, cursor and facets are ignored; a small group of employee
// comments is left out as in Search) and the open view of the facts
// table they number. The caller must Close the view soon: it holds back
// indexing while open.
func (ix *Index) Select(ctx context.Context, q Query) (*facts.View, facts.Rows, error) {
	text, err := q.textQuery()
	if err != nil {
		return nil, facts.Rows{}, err
	}
	v := ix.facts.View()
	rows, _, err := ix.selectRows(ctx, &q, text, v, false)
	if err != nil {
		v.Close()
		return nil, facts.Rows{}, err
	}
	v.HideSmallEmployeeGroup(&rows, ix.opts.employeeGroups())
	return v, rows, nil
}

// selectRows returns the rows that match text (nil: all) and q's filters.
func (ix *Index) selectRows(ctx context.Context, q *Query, text *parsedQuery, v *facts.View, scored bool) (facts.Rows, []facts.Scored, error) {
	if err := q.Filter.Validate(); err != nil {
		return facts.Rows{}, nil, &QueryError{Pos: -1, Msg: err.Error()}
	}
	var within *facts.Rows
	var scores []facts.Scored
	if text != nil {
		matches, s, err := ix.textMatches(ctx, text, v, scored)
		if err != nil {
			if ctx.Err() != nil || errors.Is(err, bleve.ErrorIndexClosed) {
				return facts.Rows{}, nil, fmt.Errorf("search %q: %w", ix.dir, err)
			}
			// The query parsed, so a failure here is a bad field value
			// or pattern (e.g. a malformed regexp or date) in it.
			return facts.Rows{}, nil, &QueryError{Query: q.Q, Pos: -1, Msg: err.Error()}
		}
		within, scores = &matches, s
	}
	rows, err := v.Select(&q.Filter, within)
	if err != nil {
		return facts.Rows{}, nil, &QueryError{Pos: -1, Msg: err.Error()}
	}
	return rows, scores, nil
}

// fetch loads the documents of a page from bleve, in the page's order,
// with the term locations of text for highlighting.
func (ix *Index) fetch(ctx context.Context, ids []string, keys []facts.Key, text *parsedQuery, scored bool) ([]Hit, error) {
	hits := make([]Hit, 0, len(ids))
	if len(ids) == 0 {
		return hits, nil
	}
	var q query.Query = query.NewDocIDQuery(ids)
	if text != nil {
		q = query.NewConjunctionQuery([]query.Query{text.bleve, q})
		if text.facts != nil {
			v := ix.facts.View()
			defer v.Close()
			text.bind(v, ix.rowMaps)
		}
	}
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Score = bleve.ScoreNone
	req.Fields = []string{fieldText, fieldHit}
	req.IncludeLocations = text != nil
	res, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search %q: fetch page: %w", ix.dir, err)
	}
	byID := make(map[string]*search.DocumentMatch, len(res.Hits))
	for _, dm := range res.Hits {
		byID[dm.ID] = dm
	}
	for i, id := range ids {
		dm, ok := byID[id]
		if !ok {
			// Replaced or deleted between the selection and the fetch.
			continue
		}
		h, err := newHit(dm)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", ix.dir, err)
		}
		if scored {
			h.Score = keys[i].Score
		}
		hits = append(hits, h)
	}
	return hits, nil
}

// splitClausesOnly returns the clauses of a query string.
func splitClausesOnly(s string) []Span {
	c, _ := splitClauses(s)
	return c
}

// factsOrder is the facts order of each sort.
func factsOrder(s Sort) facts.Order {
	switch s {
	case Oldest:
		return facts.Oldest
	case MostNegative:
		return facts.MostNegative
	case MostPositive:
		return facts.MostPositive
	case Relevance:
		return facts.ByRelevance
	default:
		return facts.Newest
	}
}

// newHit turns a bleve match into a Hit.
func newHit(dm *search.DocumentMatch) (Hit, error) {
	h := Hit{ID: dm.ID}
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
