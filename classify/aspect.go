package classify

import (
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

// aspect returns the sentiment toward a touchpoint mentioned at spans.
//
// It reads the sentiment evidence inside the clauses of the mentions; if
// they carry none, inside their sentences, stopping at contrast words so
// that "the team is great, but the workload has doubled" does not lend
// "great" to the workload; if still none, the touchpoint is neutral. Several
// mentions pool their evidence, so "late" in one clause and "rude" in
// another add up. A touchpoint with no text mention (tagged by metadata
// only) takes the comment's sentiment.
func aspect(t *sentiment.Text, r *sentiment.Result, spans []sentiment.Span, s *scratch) (sentiment.Score, string) {
	if len(spans) == 0 {
		return r.Score, fromComment
	}
	// The clauses of the mentions, sorted and distinct.
	cl := s.units[:0]
	for _, sp := range spans {
		for c := t.Tokens[sp.From].Clause; c <= t.Tokens[sp.To-1].Clause; c++ {
			cl = append(cl, c)
		}
	}
	slices.Sort(cl)
	cl = slices.Compact(cl)
	s.units = cl

	regions := s.regions[:0]
	for _, c := range cl {
		regions = append(regions, t.Clauses[c])
	}
	s.regions = regions
	if sc, ok := r.SpansScore(regions); ok {
		return sc, fromClause
	}
	regions = regions[:0]
	for _, c := range cl {
		if n := len(regions); n > 0 && t.Clauses[c].From < regions[n-1].To {
			continue // inside the previous region
		}
		regions = append(regions, sentencePart(t, c))
	}
	s.regions = regions
	if sc, ok := r.SpansScore(regions); ok {
		return sc, fromSentence
	}
	return sentiment.Score{Label: sentiment.Neutral}, fromNone
}

// sentencePart returns the tokens of clause c's sentence on the same side of
// any contrast word ("but", "however") as c.
func sentencePart(t *sentiment.Text, c int) sentiment.Span {
	sentence := func(c int) int { return t.Tokens[t.Clauses[c].From].Sentence }
	sent := sentence(c)
	lo, hi := c, c
	for lo > 0 && !t.OpensContrast(lo) && sentence(lo-1) == sent {
		lo--
	}
	for hi+1 < len(t.Clauses) && !t.OpensContrast(hi+1) && sentence(hi+1) == sent {
		hi++
	}
	return sentiment.Span{From: t.Clauses[lo].From, To: t.Clauses[hi].To}
}
