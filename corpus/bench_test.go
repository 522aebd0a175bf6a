package corpus_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
)

// BenchmarkPipelineCommit measures the pipeline without the index:
// validate, redact, tag (a cheap fake tagger), JSON-encode and commit
// 1,000-comment batches to a real bbolt store.
func BenchmarkPipelineCommit(b *testing.B) {
	store := tempStore(b)
	p := corpus.NewPipeline(store, wordTagger{words: []string{"delivery", "refund", "app"}}, corpus.PipelineConfig{Logger: zerolog.Nop()})
	text := "The delivery was two days late and nobody answered the phone, but the driver was friendly and the refund came quickly. Overall OK."
	n := 0
	start := time.Now()
	for b.Loop() {
		cs := make([]*corpus.Comment, 1000)
		for j := range cs {
			cs[j] = newComment(fmt.Sprintf("b%08d", n), text)
			cs[j].Meta = map[string]string{"channel": "web", "region": "EMEA"}
			n++
		}
		if _, err := p.Commit(context.Background(), corpus.Batch{Source: "bench", Records: records(cs...)}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)/time.Since(start).Seconds(), "comments/s")
}
