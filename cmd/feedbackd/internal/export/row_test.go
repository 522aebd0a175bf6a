package export

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/sentiment"
)

// TestDecodeRow decodes the stored JSON of a fully populated comment, an
// escaped text included, and compares every field.
func TestDecodeRow(t *testing.T) {
	c := fullComment()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var r Row
	if err := decodeRow(7, string(b), &r); err != nil {
		t.Fatal(err)
	}
	nps := int32(3)
	want := Row{
		Seq: 7, ID: "c1", Source: "survey", Audience: "customer",
		Fields:    c.Fields,
		CreatedAt: c.CreatedAt, ReceivedAt: c.ReceivedAt,
		NPS:      &nps,
		Meta:     []MetaValue{{"channel", "web"}, {"region", "EMEA"}},
		Redacted: []string{"email"},
		Tagged:   true, Sentiment: "negative", SentimentScore: -0.5,
		Touchpoints:     []TouchpointTag{{"billing/refunds", "Refunds", "negative", -0.6}, {"support", "Support", "positive", 0.4}},
		TaxonomyVersion: "tx1", LexiconVersion: "lx1", TaggedAt: c.Tags.TaggedAt,
	}
	if !reflect.DeepEqual(want, r) {
		t.Errorf("row\n got %+v\nwant %+v", r, want)
	}
	if r.Text() != c.Text() {
		t.Errorf("Text() = %q", r.Text())
	}
}

// fullComment is a comment with every exported field set.
func fullComment() *corpus.Comment {
	nps := 3
	at := time.Date(2026, 3, 1, 9, 30, 0, 123456000, time.UTC)
	return &corpus.Comment{
		ID: "c1", Source: "survey", Audience: corpus.Customer,
		Fields:    []corpus.TextField{{Name: "pros", Text: "Quick \"refund\"\nthanks ☺"}, {Name: "cons", Text: "=SUM(A1) was wrong"}},
		CreatedAt: at, ReceivedAt: at.Add(time.Hour),
		Scores:   corpus.Scores{NPS: &nps},
		Meta:     map[string]string{"channel": "web", "region": "EMEA"},
		Redacted: []string{"email"},
		Tags: &corpus.Tags{TaggedAt: at.Add(2 * time.Hour), Result: classify.Result{
			Sentiment: sentiment.Result{Score: sentiment.Score{Label: sentiment.Negative, Score: -0.5}},
			Touchpoints: []classify.Touchpoint{
				{ID: "billing/refunds", Label: "Refunds", Sentiment: sentiment.Score{Label: sentiment.Negative, Score: -0.6},
					Evidence: []classify.Evidence{{Rule: `match "refund"`, Term: "refund", Start: 7, End: 13}}},
				{ID: "support", Label: "Support", Sentiment: sentiment.Score{Label: sentiment.Positive, Score: 0.4}},
			},
			TaxonomyVersion: "tx1", LexiconVersion: "lx1",
		}},
	}
}
