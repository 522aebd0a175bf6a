package index_test

import (
	"context"
	"fmt"
	"github.com/feedbackd/feedbackd/index/facts"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/index"
	"github.com/feedbackd/feedbackd/sentiment"
)

func Example() {
	dir, err := os.MkdirTemp("", "feedbackd-index")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	ix, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer ix.Close()

	tagged := func(id, text, touchpoint string, label sentiment.Label, score float64) corpus.Comment {
		return corpus.Comment{
			ID: id, Source: "survey", Audience: corpus.Customer,
			Fields:    []corpus.TextField{{Name: "comment", Text: text}},
			CreatedAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
			Tags: &corpus.Tags{Result: classify.Result{
				Sentiment:   sentiment.Result{Score: sentiment.Score{Label: label, Score: score}},
				Touchpoints: []classify.Touchpoint{{ID: touchpoint, Label: touchpoint}},
			}},
		}
	}
	docs := []corpus.Comment{
		tagged("1", "Still waiting for my <b>refund</b>.", "billing/refunds", sentiment.Negative, -0.6),
		tagged("2", "The refund was quick.", "billing/refunds", sentiment.Positive, 0.5),
		tagged("3", "The invoice is wrong.", "billing/invoices", sentiment.Negative, -0.4),
	}
	// Index the batch and record that raw-store entries up to 3 are in.
	if err := ix.Apply(context.Background(), docs, 3); err != nil {
		log.Fatal(err)
	}

	res, err := ix.Search(context.Background(), index.Query{
		Q: "refund",
		Filter: facts.Filter{
			Touchpoints: []string{"billing"}, // a parent matches its children
			Sentiments:  []string{"negative"},
		},
		Size:   10,
		Facets: index.FacetRequest{Fields: []string{index.FacetTouchpoint}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("total:", res.Total)
	for _, h := range res.Hits {
		fmt.Println(h.ID, h.Fragments[0].HTML)
	}
	for _, t := range res.Facets[index.FacetTouchpoint].Terms {
		fmt.Println(t.Term, t.Count)
	}
	upTo, _ := ix.IndexedUpTo()
	fmt.Println("indexed up to:", upTo)
	// Output:
	// total: 1
	// 1 Still waiting for my &lt;b&gt;<mark>refund</mark>&lt;/b&gt;.
	// billing 1
	// billing/refunds 1
	// indexed up to: 3
}
