package rawstore

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/sentiment"
)

// taggedComment is a typical tagged comment: about 200 bytes of text, two
// touchpoints with evidence, sentence scores and metadata.
func taggedComment(i int) *corpus.Comment {
	c := comment(fmt.Sprintf("bench-%08d", i),
		"The delivery was two days late and nobody answered the phone, but the driver was friendly and the refund came quickly. Overall ok.")
	c.Meta = map[string]string{"channel": "web", "region": "EMEA", "product": "premium"}
	nps := i % 11
	c.Scores.NPS = &nps
	tp := func(id string) classify.Touchpoint {
		return classify.Touchpoint{ID: id, Label: id, Sentiment: sentiment.Score{Label: sentiment.Negative, Score: -0.42},
			SentimentFrom: "clause", Evidence: []classify.Evidence{{Rule: `match "late"`, Term: "late", Start: 26, End: 30}}, Mentions: 1}
	}
	c.Tags = &corpus.Tags{TaggedAt: testTime, Result: classify.Result{
		Sentiment:       sentiment.Result{Score: sentiment.Score{Label: sentiment.Mixed, Score: 0.12}},
		Touchpoints:     []classify.Touchpoint{tp("delivery/late"), tp("support/phone")},
		TaxonomyVersion: "2026-03-01", LexiconVersion: "cx-1",
	}}
	return c
}

// BenchmarkCommit measures fsync'd commits of 1,000-comment batches.
func BenchmarkCommit(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	js, _ := json.Marshal(taggedComment(0))
	b.Logf("comment JSON: %d bytes", len(js))
	n := 0
	start := time.Now()
	for b.Loop() {
		cs := make([]*corpus.Comment, 1000)
		for j := range cs {
			cs[j] = taggedComment(n)
			n++
		}
		if _, err := s.Commit(ctx, batch(cs...)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "comments/s")
	st, _ := s.Stats(ctx)
	b.ReportMetric(float64(st.FileBytes)/float64(n), "file-bytes/comment")
}

// BenchmarkSince measures streaming the change log back out.
func BenchmarkSince(b *testing.B) {
	s := openTest(b)
	ctx := context.Background()
	const n = 20000
	for i := 0; i < n; i += 1000 {
		cs := make([]*corpus.Comment, 1000)
		for j := range cs {
			cs[j] = taggedComment(i + j)
		}
		if _, err := s.Commit(ctx, batch(cs...)); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	total := 0
	for b.Loop() {
		s.Since(ctx, 0, func(uint64, *corpus.Comment) error { total++; return nil })
	}
	b.ReportMetric(float64(total)/time.Since(start).Seconds(), "comments/s")
}
