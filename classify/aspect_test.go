package classify

import (
	"testing"

	"github.com/feedbackd/feedbackd/sentiment"
)

// needsScorer skips aspect tests while the sentiment scorer is a stub, so
// that they run by themselves once it scores.
func needsScorer(t *testing.T, an *sentiment.Analyzer) {
	t.Helper()
	if an.Analyze("this is terrible").Label != sentiment.Negative {
		t.Skip("needs sentiment scorer")
	}
}

func TestAspectSentiment(t *testing.T) {
	f := testFixture(t)
	needsScorer(t, f.an)
	type aspect struct {
		id    string
		label sentiment.Label
		from  string
	}
	pos, neg, neu := sentiment.Positive, sentiment.Negative, sentiment.Neutral
	phone := map[string]string{"channel": "phone"}
	tests := []struct {
		name string
		cm   Comment
		want []aspect
	}{
		{"contrast splits the aspects", Comment{Text: "Love the app but delivery was late"},
			[]aspect{{"delivery", neg, fromClause}, {"app", pos, fromClause}}},
		{"comma clauses", Comment{Text: "Great training, terrible pay."},
			[]aspect{{"employee/pay", neg, fromClause}, {"employee/training", pos, fromClause}}},
		{"one sentence each", Comment{Text: "The website is easy to use. The delivery was quick and the driver was lovely."},
			[]aspect{{"delivery", pos, fromClause}, {"website", pos, fromClause}}},
		{"mentions in scattered clauses pool their evidence", Comment{Text: "The parcel was late, the app is great, and the courier was rude."},
			[]aspect{{"delivery", neg, fromClause}, {"app", pos, fromClause}}},
		{"falls back to the sentence", Comment{Text: "Delivery: late again."},
			[]aspect{{"delivery", neg, fromSentence}}},
		{"no sentiment near the mention", Comment{Text: "Delivery. Late again and again!"},
			[]aspect{{"delivery", neu, fromNone}}},
		{"neutral comment", Comment{Text: "I asked about the invoice."},
			[]aspect{{"billing", neu, fromNone}}},
		{"metadata only takes the comment", Comment{Text: "Absolutely fantastic, sorted in minutes.", Meta: phone},
			[]aspect{{"service/contact-centre", pos, fromComment}}},
		{"metadata and text read the text", Comment{Text: "Thanks for the email, but the agent was rude.", Meta: phone},
			[]aspect{{"service/contact-centre", neg, fromClause}, {"communication", pos, fromClause}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.c.Classify(tt.cm)
			var got []aspect
			for _, tp := range r.Touchpoints {
				got = append(got, aspect{tp.ID, tp.Sentiment.Label, tp.SentimentFrom})
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("touchpoint %d: got %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestAspectPooling checks that several mentions add their evidence up
// rather than taking one clause.
func TestAspectPooling(t *testing.T) {
	f := testFixture(t)
	needsScorer(t, f.an)
	one := f.c.Classify(Comment{Text: "The parcel was late."})
	two := f.c.Classify(Comment{Text: "The parcel was late, the app is fine, and the courier was rude."})
	a, b := one.Touchpoints[0].Sentiment.Score, two.Touchpoints[0].Sentiment.Score
	if !(b < a && a < 0) {
		t.Errorf("delivery: one mention %.3f, two negative mentions %.3f; want the second more negative", a, b)
	}
}

// TestAspectStopsAtContrast checks that the sentence fallback does not
// cross "but": praise before it says nothing about what comes after.
func TestAspectStopsAtContrast(t *testing.T) {
	f := testFixture(t)
	needsScorer(t, f.an)
	r := f.c.Classify(Comment{Text: "The team is great, but as for the workload, it has doubled since March.", Audience: AudienceEmployee})
	for _, tp := range r.Touchpoints {
		if tp.ID == "employee/workload" {
			if tp.Sentiment.Label == sentiment.Positive {
				t.Errorf("workload took the praise before the contrast: %+v from %s", tp.Sentiment, tp.SentimentFrom)
			}
			return
		}
	}
	t.Fatalf("workload not tagged: %q", ids(r))
}
