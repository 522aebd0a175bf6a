package corpus

import (
	"encoding/json"
	"testing"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/sentiment"
)

// TestSameTagsIgnoresWhatStorageDrops checks that freshly computed tags equal
// the same tags read back from the raw store: token spans are not stored, and
// a retag must not count every comment as changed because of them.
func TestSameTagsIgnoresWhatStorageDrops(t *testing.T) {
	fresh := &Tags{Result: classify.Result{
		Sentiment: sentiment.Result{
			Score:    sentiment.Score{Label: sentiment.Negative, Score: -0.5},
			Evidence: []sentiment.Evidence{{Term: "late", Start: 4, End: 8, Source: "domain", Valence: -1.4, Weight: -1.4, Tokens: sentiment.Span{From: 1, To: 2}}},
		},
		Touchpoints: []classify.Touchpoint{{ID: "delivery", Label: "Delivery", Sentiment: sentiment.Score{Label: sentiment.Negative, Score: -0.5}}},
	}}
	data, err := json.Marshal(fresh)
	if err != nil {
		t.Fatal(err)
	}
	var stored Tags
	if err := json.Unmarshal(data, &stored); err != nil {
		t.Fatal(err)
	}
	if !sameTags(fresh, &stored) {
		t.Error("fresh tags and their stored form should compare equal")
	}
	changed := stored
	changed.Touchpoints = nil
	if sameTags(fresh, &changed) {
		t.Error("a lost touchpoint must count as a change")
	}
}
