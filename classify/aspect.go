package classify

import (
	"math"
	"slices"

	"github.com/feedbackd/feedbackd/sentiment"
)

// Where an aspect sentiment was read from (Touchpoint.SentimentFrom).
const (
	fromClause   = "clause"
	fromSentence = "sentence"
	fromComment  = "comment"
	fromNone     = "none"
)

// aspect returns the sentiment toward a touchpoint mentioned at spans: the
// sentiment evidence inside the clauses of its mentions, else inside their
// sentences, else neutral. Several mentions pool their evidence, so "late"
// in one clause and "rude" in another add up. A touchpoint with no text
// mention (tagged by metadata) takes the comment's sentiment.
func aspect(t *sentiment.Text, r *sentiment.Result, spans []sentiment.Span, s *scratch) (sentiment.Score, string) {
	if len(spans) == 0 {
		return r.Score, fromComment
	}
	clause := func(i int) int { return t.Tokens[i].Clause }
	if sc, ok := unitScore(r, spans, t.Clauses, clause, t, s); ok {
		return sc, fromClause
	}
	sentence := func(i int) int { return t.Tokens[i].Sentence }
	if sc, ok := unitScore(r, spans, t.Sentences, sentence, t, s); ok {
		return sc, fromSentence
	}
	return sentiment.Score{Label: sentiment.Neutral}, fromNone
}

// unitScore scores the evidence inside the union of the units (clauses or
// sentences) that the spans touch. unitOf maps a token to its unit.
func unitScore(r *sentiment.Result, spans []sentiment.Span, units []sentiment.Span, unitOf func(int) int, t *sentiment.Text, s *scratch) (sentiment.Score, bool) {
	us := s.units[:0]
	for _, sp := range spans {
		for u := unitOf(sp.From); u <= unitOf(sp.To-1); u++ {
			us = append(us, u)
		}
	}
	slices.Sort(us)
	us = slices.Compact(us)
	s.units = us
	if us[len(us)-1]-us[0] == len(us)-1 {
		// Contiguous units: one span covers them.
		return r.SpanScore(sentiment.Span{From: units[us[0]].From, To: units[us[len(us)-1]].To})
	}
	// Pool the evidence of scattered units and let SpanScore normalise it.
	sel := s.sel[:0]
	for i := range r.Evidence {
		e := &r.Evidence[i]
		if e.Tokens.From < 0 || e.Tokens.From >= len(t.Tokens) {
			continue
		}
		if _, ok := slices.BinarySearch(us, unitOf(e.Tokens.From)); ok {
			sel = append(sel, sentiment.Evidence{Weight: e.Weight, Tokens: e.Tokens})
		}
	}
	s.sel = sel
	pooled := sentiment.Result{Evidence: sel}
	return pooled.SpanScore(sentiment.Span{From: 0, To: math.MaxInt})
}
