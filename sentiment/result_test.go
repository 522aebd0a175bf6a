package sentiment

import "testing"

// TestSpansScoreEvidenceOutOfOrder pins that evidence is matched to spans
// whatever its order: emphasis evidence comes after the words of every
// sentence, so an earlier sentence's "!!!" follows a later sentence's words.
func TestSpansScoreEvidenceOutOfOrder(t *testing.T) {
	r := Result{Evidence: []Evidence{
		{Weight: -2, Tokens: Span{5, 6}}, // a word in the second span
		{Weight: -1, Tokens: Span{1, 2}}, // emphasis in the first span
		{Weight: 9, Tokens: Span{3, 4}},  // between the spans: not counted
	}}
	both, ok := r.SpansScore([]Span{{0, 2}, {4, 6}})
	want := Score{Label: labelOf(normalizeSum(-3)), Score: round3(normalizeSum(-3))}
	if !ok || both != want {
		t.Errorf("SpansScore = %+v, %v; want %+v", both, ok, want)
	}
	if one, ok := r.SpanScore(Span{3, 4}); !ok || one.Label != Positive {
		t.Errorf("SpanScore of the middle span = %+v, %v", one, ok)
	}
	if _, ok := r.SpanScore(Span{6, 9}); ok {
		t.Error("an empty span has no score")
	}
}
