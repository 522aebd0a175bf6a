package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
)

// SearchResponse is the body of GET /api/v1/search.
type SearchResponse struct {
	Total    uint64             `json:"total"`
	TookMS   float64            `json:"took_ms"`
	Hits     []Hit              `json:"hits"`
	Facets   map[string][]Facet `json:"facets"`
	Dates    []DateBucket       `json:"dates"`
	Interval string             `json:"interval"`
	Next     string             `json:"next,omitempty"`
	// HiddenEmployee counts matching employee comments left out because
	// fewer than the anonymity threshold matched.
	HiddenEmployee int `json:"hidden_employee_comments,omitempty"`
}

// Hit is one matching comment. Text and every string but Fragments[].HTML
// are plain text; offsets are bytes in Text.
type Hit struct {
	ID              string            `json:"id"`
	CreatedAt       time.Time         `json:"created_at"`
	ReceivedAt      time.Time         `json:"received_at"`
	Source          string            `json:"source"`
	Audience        string            `json:"audience,omitempty"`
	Text            string            `json:"text"`
	Fields          []index.Field     `json:"fields"`
	Matches         []index.Span      `json:"matches"`
	Fragments       []index.Fragment  `json:"fragments"`
	Score           float64           `json:"score"`
	Sentiment       HitSentiment      `json:"sentiment"`
	Touchpoints     []HitTouchpoint   `json:"touchpoints"`
	Scores          corpus.Scores     `json:"scores"`
	Meta            map[string]string `json:"meta"`
	Redacted        []string          `json:"redacted"`
	Untagged        bool              `json:"untagged"`
	TaxonomyVersion string            `json:"taxonomy_version"`
	LexiconVersion  string            `json:"lexicon_version"`
}

// HitSentiment is a hit's overall sentiment and the spans that carried it.
type HitSentiment struct {
	Label    string       `json:"label"`
	Score    float64      `json:"score"`
	Evidence []SpanWeight `json:"evidence"`
}

// SpanWeight is one sentiment evidence span.
type SpanWeight struct {
	Term   string  `json:"term"`
	Start  int     `json:"start"`
	End    int     `json:"end"`
	Weight float64 `json:"weight"`
}

// HitTouchpoint is a tagged touchpoint with its aspect sentiment and the
// rules that tagged it.
type HitTouchpoint struct {
	ID        string     `json:"id"`
	Label     string     `json:"label"`
	Sentiment string     `json:"sentiment"`
	Score     float64    `json:"score"`
	Evidence  []Evidence `json:"evidence"`
}

// Evidence is one rule that tagged a touchpoint; metadata rules have no
// term and no offsets.
type Evidence struct {
	Rule  string `json:"rule"`
	Term  string `json:"term,omitempty"`
	Start *int   `json:"start,omitempty"`
	End   *int   `json:"end,omitempty"`
}

// Facet is one value of a facet with its count; Label names touchpoints.
type Facet struct {
	Term  string `json:"term"`
	Label string `json:"label,omitempty"`
	Count int    `json:"count"`
}

// DateBucket is one interval of the date histogram; Start is its first day.
type DateBucket struct {
	Start string `json:"start"`
	Count int    `json:"count"`
}

// facetNames maps the index's facet names to the response's.
var facetNames = map[string]string{
	index.FacetTouchpoint: "touchpoint",
	index.FacetSentiment:  "sentiment",
	index.FacetAudience:   "audience",
	index.FacetSource:     "source",
	index.FacetChannel:    "channel",
}

func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	resp, err := s.search(r.Context(), r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// search runs the search the parameters describe, resolving saved first.
func (s *Server) search(ctx context.Context, v url.Values) (*SearchResponse, error) {
	start := time.Now()
	if id := v.Get(paramSaved); id != "" {
		ss, err := s.store.GetSearch(ctx, id)
		if errors.Is(err, rawstore.ErrNotFound) {
			return nil, &Error{Status: http.StatusBadRequest, Field: paramSaved, Msg: "saved: no saved search " + id}
		}
		if err != nil {
			return nil, err
		}
		v = merge(ss.Q, ss.Filters, v)
	}
	q, err := ParseSearch(v, s.params())
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.QueryTimeout)
	defer cancel()
	res, err := s.ix.Search(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &SearchResponse{
		Total: res.Total, Hits: make([]Hit, 0, len(res.Hits)), Facets: map[string][]Facet{},
		Dates: make([]DateBucket, 0, len(res.Dates)), Interval: string(q.Facets.Dates), Next: res.Next,
		HiddenEmployee: res.Hidden,
	}
	for _, h := range res.Hits {
		c, err := s.store.Get(ctx, h.ID)
		if err != nil && !errors.Is(err, rawstore.ErrNotFound) {
			return nil, err
		}
		out.Hits = append(out.Hits, s.hit(h, c))
	}
	for name, f := range res.Facets {
		key, ok := facetNames[name]
		if !ok {
			continue
		}
		terms := make([]Facet, 0, len(f.Terms))
		for _, t := range f.Terms {
			ft := Facet{Term: t.Term, Count: t.Count}
			if name == index.FacetTouchpoint {
				ft.Label, _ = s.eng.Label(t.Term)
			}
			terms = append(terms, ft)
		}
		out.Facets[key] = terms
	}
	for _, d := range res.Dates {
		out.Dates = append(out.Dates, DateBucket{Start: d.Key, Count: d.Count})
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// params returns how this server parses search parameters.
func (s *Server) params() Params {
	return Params{Location: s.loc, DefaultSize: s.cfg.DefaultPageSize, MaxSize: s.cfg.MaxPageSize}
}

// hit builds a hit from the index's match and, when the raw store has it,
// the stored comment, whose tags name the rules that fired.
func (s *Server) hit(h index.Hit, c *corpus.Comment) Hit {
	out := Hit{
		ID: h.ID, CreatedAt: h.CreatedAt, ReceivedAt: h.ReceivedAt, Source: h.Source, Audience: h.Audience,
		Text: h.Text, Fields: nonNil(h.Fields), Matches: nonNil(h.Matches), Fragments: nonNil(h.Fragments),
		Score: h.Score, Scores: h.Scores, Meta: h.Meta, Redacted: nonNil(h.Redacted), Untagged: h.Untagged,
		TaxonomyVersion: h.TaxonomyVersion,
		Sentiment:       HitSentiment{Label: h.Sentiment.Label, Score: h.Sentiment.Score, Evidence: []SpanWeight{}},
		Touchpoints:     []HitTouchpoint{},
	}
	if out.Meta == nil {
		out.Meta = map[string]string{}
	}
	for _, e := range h.Sentiment.Evidence {
		out.Sentiment.Evidence = append(out.Sentiment.Evidence, SpanWeight{Term: slice(h.Text, e.Start, e.End), Start: e.Start, End: e.End, Weight: e.Weight})
	}
	if c != nil && c.Tags != nil && c.Text() == h.Text {
		out.LexiconVersion = c.Tags.LexiconVersion
		for _, tp := range c.Tags.Touchpoints {
			ht := HitTouchpoint{ID: tp.ID, Label: tp.Label, Sentiment: string(tp.Sentiment.Label), Score: tp.Sentiment.Score, Evidence: []Evidence{}}
			for _, e := range tp.Evidence {
				ht.Evidence = append(ht.Evidence, evidence(e.Rule, e.Term, e.Start, e.End))
			}
			out.Touchpoints = append(out.Touchpoints, ht)
		}
		return out
	}
	// Not in the raw store (it always should be): what the index kept.
	for _, tp := range h.Touchpoints {
		ht := HitTouchpoint{ID: tp.ID, Label: tp.Label, Sentiment: tp.Sentiment, Score: tp.Score, Evidence: []Evidence{}}
		for _, sp := range tp.Evidence {
			ht.Evidence = append(ht.Evidence, evidence("", slice(h.Text, sp.Start, sp.End), sp.Start, sp.End))
		}
		out.Touchpoints = append(out.Touchpoints, ht)
	}
	return out
}

func evidence(rule, term string, start, end int) Evidence {
	e := Evidence{Rule: rule, Term: term}
	if term != "" {
		e.Start, e.End = &start, &end
	}
	return e
}

// slice returns text[start:end], or "" when out of range.
func slice(text string, start, end int) string {
	if start < 0 || end > len(text) || start > end {
		return ""
	}
	return text[start:end]
}

// nonNil makes empty lists [] rather than null in JSON.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
