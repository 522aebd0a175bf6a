package facts

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/sentiment"
)

// benchTable is a table of a million synthetic comments shared by the
// benchmarks: 40 touchpoints under 8 parents, 4 channels, 20 teams, a
// year of dates, NPS on half of them.
var benchTable = sync.OnceValue(func() *Table {
	const n = 1_000_000
	rng := rand.New(rand.NewPCG(1, 2))
	tb := New(time.UTC)
	start := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	labels := []sentiment.Label{sentiment.Positive, sentiment.Negative, sentiment.Neutral, sentiment.Mixed}
	batch := make([]corpus.Comment, 0, 10000)
	for i := range n {
		label := labels[rng.IntN(len(labels))]
		c := corpus.Comment{
			ID:        fmt.Sprintf("c%07d", i),
			Source:    []string{"survey", "widget", "tickets"}[rng.IntN(3)],
			Audience:  []corpus.Audience{corpus.Customer, corpus.Customer, corpus.Employee}[rng.IntN(3)],
			CreatedAt: start.Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))),
			Fields:    []corpus.TextField{{Name: "text", Text: "the refund never arrived and support was slow"}},
			Meta:      map[string]string{"channel": []string{"phone", "chat", "email", "web"}[rng.IntN(4)], "team": fmt.Sprintf("team-%d", rng.IntN(20))},
		}
		if rng.IntN(2) == 0 {
			v := rng.IntN(11)
			c.Scores.NPS = &v
		}
		res := classify.Result{Sentiment: sentiment.Result{Score: sentiment.Score{Label: label, Score: rng.Float64()*2 - 1}}}
		for range rng.IntN(3) {
			id := fmt.Sprintf("group%d/tp%d", rng.IntN(8), rng.IntN(5))
			res.Touchpoints = append(res.Touchpoints, classify.Touchpoint{ID: id, Sentiment: sentiment.Score{Label: label, Score: -0.5}})
		}
		c.Tags = &corpus.Tags{Result: res}
		batch = append(batch, c)
		if len(batch) == cap(batch) {
			tb.Apply(batch, uint64(i))
			batch = batch[:0]
		}
	}
	return tb
})

func BenchmarkView(b *testing.B) {
	tb := benchTable()
	v := tb.View()
	defer v.Close()
	all := v.Live()
	facets := []string{FacetTouchpoint, FacetSentiment, FacetAudience, FacetSource, "meta.channel"}
	b.Run("select all", func(b *testing.B) {
		for b.Loop() {
			if _, err := v.Select(&Filter{}, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("select touchpoint+label", func(b *testing.B) {
		f := Filter{Touchpoints: []string{"group3"}, Sentiments: []string{"negative"}}
		for b.Loop() {
			if _, err := v.Select(&f, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("facets all", func(b *testing.B) {
		for b.Loop() {
			if _, err := v.Facets(&all, facets, 50, EmployeeGroups{Min: 5}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("facets all, respondents by team", func(b *testing.B) {
		for b.Loop() {
			if _, err := v.Facets(&all, facets, 50, EmployeeGroups{Min: 5, Respondent: "team"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("days all", func(b *testing.B) {
		for b.Loop() {
			v.DayCounts(&all)
		}
	})
	b.Run("top20 newest all", func(b *testing.B) {
		for b.Loop() {
			v.Top(&all, Newest, nil, nil, 21)
		}
	})
	b.Run("top20 most negative all", func(b *testing.B) {
		for b.Loop() {
			v.Top(&all, MostNegative, nil, nil, 21)
		}
	})
}

func BenchmarkSave(b *testing.B) {
	tb := benchTable()
	path := b.TempDir() + "/facts.bin"
	for b.Loop() {
		if err := tb.Save(path); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if _, err := Load(path, time.UTC); err != nil {
				b.Fatal(err)
			}
		}
	})
}
