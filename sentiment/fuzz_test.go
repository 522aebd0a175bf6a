package sentiment_test

import (
	"math"
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/sentiment"
)

// FuzzAnalyze checks the scorer's invariants on arbitrary input: no panic,
// a score in [-1, 1] with a consistent label, and evidence offsets that
// point at the text they name.
func FuzzAnalyze(f *testing.F) {
	for _, seed := range []string{
		"", "not bad!!!", "Waited 40 minutes on hold :( but Sam sorted it out quickly 👍🏽",
		"NO NO NO", "\xff\xfe broken", "dont cannot wont", "on hold for {num} minutes", "a|b {0,3}",
		"but but but however although", "!!!???", "😡😡😡😡", "x\u200d\u200d👍",
	} {
		f.Add(seed)
	}
	an := newAnalyzer(f)
	f.Fuzz(func(t *testing.T, text string) {
		res := an.Analyze(text)
		if math.IsNaN(res.Score.Score) || res.Score.Score < -1 || res.Score.Score > 1 {
			t.Fatalf("score %v out of [-1, 1] for %q", res.Score.Score, text)
		}
		switch res.Label {
		case sentiment.Positive, sentiment.Negative, sentiment.Neutral, sentiment.Mixed:
		default:
			t.Fatalf("label %q for %q", res.Label, text)
		}
		for _, e := range res.Evidence {
			if e.Start < 0 || e.End > len(text) || e.Start > e.End || text[e.Start:e.End] != e.Term {
				t.Fatalf("evidence %+v does not point into %q", e, text)
			}
		}
	})
}

// TestLargeCommentIsLinear scores 1 MB comments built to provoke quadratic
// behaviour: one endless sentence of contrast words, gaps and negators. A
// quadratic step would take minutes here; linear work takes milliseconds.
func TestLargeCommentIsLinear(t *testing.T) {
	an := newAnalyzer(t)
	for _, unit := range []string{
		"but however although not very good ",
		"on hold for waiting still no response ",
		"like support fine 😡 :) !!! ",
	} {
		text := strings.Repeat(unit, (1<<20)/len(unit))
		res := an.Analyze(text)
		if res.Score.Score < -1 || res.Score.Score > 1 {
			t.Fatalf("score %v out of range", res.Score.Score)
		}
	}
}
