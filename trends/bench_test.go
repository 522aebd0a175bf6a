package trends

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/index/facts"
	"github.com/feedbackd/feedbackd/sentiment"
)

// benchRows is the size of the benchmark table.
const benchRows = 1_000_000

// benchTable is a facts table of benchRows synthetic comments over 2025
// in Europe-like UTC+1: 8 touchpoints with 4 children each (40 ids),
// 1–3 mentions per comment, 10% untagged, 20% employees, NPS on 60%,
// CSAT on 40%, CES on 20%, two-sentence texts for negative comments.
var benchTable = sync.OnceValue(func() *facts.Table {
	r := rand.New(rand.NewPCG(42, 42))
	loc := time.FixedZone("UTC+1", 3600)
	tb := facts.New(loc)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, loc)
	words := []string{"refund", "delivery", "late", "app", "crash", "login", "invoice", "wrong", "support", "hold",
		"courier", "damaged", "price", "expensive", "manager", "workload", "pay", "slow", "broken", "missing"}
	labels := []sentiment.Label{sentiment.Positive, sentiment.Negative, sentiment.Neutral, sentiment.Mixed}
	batch := make([]corpus.Comment, 0, 10_000)
	for i := range benchRows {
		c := corpus.Comment{ID: fmt.Sprint("b", i), Source: []string{"survey", "app", "email"}[r.IntN(3)],
			Audience: corpus.Customer, CreatedAt: start.Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour)))),
			Meta: map[string]string{"region": []string{"eu", "us", "apac"}[r.IntN(3)]}}
		if r.IntN(5) == 0 {
			c.Audience = corpus.Employee
		}
		if r.IntN(10) < 6 {
			c.Scores.NPS = intp(r.IntN(11))
		}
		if r.IntN(10) < 4 {
			c.Scores.CSAT = intp(1 + r.IntN(5))
		}
		if r.IntN(10) < 2 {
			c.Scores.CES = intp(1 + r.IntN(7))
		}
		if r.IntN(10) > 0 {
			l := labels[r.IntN(4)]
			s := r.Float64()*2 - 1
			res := classify.Result{Sentiment: sentiment.Result{Score: sentiment.Score{Label: l, Score: s}}}
			for range 1 + r.IntN(3) {
				tp := fmt.Sprintf("tp%d/sub%d", r.IntN(8), r.IntN(4))
				res.Touchpoints = append(res.Touchpoints, classify.Touchpoint{ID: tp, Sentiment: sentiment.Score{Label: l, Score: s}})
			}
			c.Tags = &corpus.Tags{Result: res}
			if l == sentiment.Negative {
				text := ""
				for range 8 {
					text += words[r.IntN(len(words))] + " "
				}
				c.Fields = []corpus.TextField{{Name: "text", Text: text}}
			}
		}
		batch = append(batch, c)
		if len(batch) == cap(batch) {
			tb.Apply(batch, uint64(i))
			batch = batch[:0]
		}
	}
	tb.Apply(batch, benchRows)
	return tb
})

// copyAll copies every live row, as a report over all comments does.
func copyAll(b *testing.B, o CopyOptions) *Data {
	v := benchTable().View()
	defer v.Close()
	rows := v.Live()
	return Copy(v, &rows, o)
}

func BenchmarkCopy(b *testing.B) {
	benchTable()
	for b.Loop() {
		copyAll(b, CopyOptions{})
	}
}

// BenchmarkReport is a report grouped by touchpoint, weekly over a year:
// copy out of the view and compute.
func BenchmarkReport(b *testing.B) {
	benchTable()
	for b.Loop() {
		d := copyAll(b, CopyOptions{})
		tr, err := d.Trends(TrendOptions{Interval: Week, By: ByTouchpoint, Anonymity: Anonymity{MinRespondents: 5}})
		if err != nil || len(tr.Periods) < 52 || len(tr.Series) != 40 {
			b.Fatalf("%v periods %d series %d", err, len(tr.Periods), len(tr.Series))
		}
	}
}

// BenchmarkDrivers computes the drivers of NPS, CSAT and CES with 1000
// resamples each and their rank correlations, from a fresh copy.
func BenchmarkDrivers(b *testing.B) {
	benchTable()
	for b.Loop() {
		d := copyAll(b, CopyOptions{})
		for _, m := range Metrics {
			r, err := d.Drivers(DriverOptions{Metric: m, Anonymity: Anonymity{MinRespondents: 5}})
			if err != nil || len(r.Drivers) != 40 || r.Drivers[0].CILow == nil {
				b.Fatalf("%s: %v %d drivers", m, err, len(r.Drivers))
			}
		}
	}
}

// BenchmarkAnomalies is anomalies and emerging terms of the last week
// against the 8 before, from a copy with terms.
func BenchmarkAnomalies(b *testing.B) {
	benchTable()
	texts := func(_ context.Context, ids []string) ([]string, error) { return make([]string, len(ids)), nil }
	for b.Loop() {
		d := copyAll(b, CopyOptions{Terms: true})
		w := Window{Interval: Week}
		if _, err := d.Anomalies(AnomalyOptions{Window: w}); err != nil {
			b.Fatal(err)
		}
		if _, err := d.Emerging(context.Background(), EmergingOptions{Window: w}, texts); err != nil {
			b.Fatal(err)
		}
	}
}
