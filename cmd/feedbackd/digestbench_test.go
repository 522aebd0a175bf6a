package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/digest"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
	"github.com/feedbackd/feedbackd/index/facts"
	"github.com/feedbackd/feedbackd/sentiment"
)

// benchDigestRows is the size of the digest benchmark's corpus.
const benchDigestRows = 1_000_000

// benchTouchpoints are taxonomy ids the benchmark's comments mention.
var benchTouchpoints = []string{"billing", "billing/refunds", "delivery", "delivery/delays", "delivery/courier",
	"support", "support/wait-time", "support/agent", "support/resolution", "app", "account", "account/login",
	"product", "product/quality", "product/availability", "pricing", "pricing/promotions", "checkout", "returns",
	"store", "store/staff", "employee/workload", "employee/pay", "employee/management"}

var benchWords = strings.Fields("refund delivery late app crash login invoice wrong support hold courier damaged " +
	"price expensive manager workload pay slow broken missing voucher parcel agent rude waiting")

// benchComment returns comment i of the benchmark corpus: the same for
// the same i, so the few the digest quotes can be stored on their own.
// Half of the comments are in the digest's week (16–22 Nov 2026), a
// quarter in the week before and a quarter in the 7 weeks before that.
func benchComment(i int) corpus.Comment {
	r := rand.New(rand.NewPCG(7, uint64(i)))
	end := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	week := 0
	switch x := r.IntN(4); {
	case x == 1:
		week = 1
	case x == 2:
		week = 2 + r.IntN(7)
	}
	c := corpus.Comment{ID: fmt.Sprintf("b%07d", i), Source: []string{"survey", "app", "email"}[r.IntN(3)],
		Audience:  corpus.Customer,
		CreatedAt: end.AddDate(0, 0, -7*(week+1)).Add(time.Duration(r.Int64N(int64(7 * 24 * time.Hour)))),
		Meta:      map[string]string{"region": []string{"eu", "us", "apac"}[r.IntN(3)]}}
	c.ReceivedAt = c.CreatedAt
	if r.IntN(5) == 0 {
		c.Audience = corpus.Employee
		c.Meta["respondent_id"] = fmt.Sprint("e", r.IntN(5000))
	} else if r.IntN(10) < 6 {
		v := r.IntN(11)
		c.Scores.NPS = &v
	}
	if r.IntN(10) < 3 {
		v := 1 + r.IntN(5)
		c.Scores.CSAT = &v
	}
	labels := []sentiment.Label{sentiment.Positive, sentiment.Negative, sentiment.Neutral, sentiment.Mixed}
	l := labels[r.IntN(4)]
	s := r.Float64()*2 - 1
	res := classify.Result{Sentiment: sentiment.Result{Score: sentiment.Score{Label: l, Score: s}}}
	for range 1 + r.IntN(2) {
		tp := benchTouchpoints[r.IntN(len(benchTouchpoints))]
		res.Touchpoints = append(res.Touchpoints, classify.Touchpoint{ID: tp, Sentiment: sentiment.Score{Label: l, Score: s}})
	}
	c.Tags = &corpus.Tags{Result: res}
	words := make([]string, 10)
	for k := range words {
		words[k] = benchWords[r.IntN(len(benchWords))]
	}
	c.Fields = []corpus.TextField{{Name: "comment", Text: strings.Join(words, " ")}}
	return c
}

// BenchmarkDigestBuild builds a weekly digest over a corpus of 1,000,000
// comments (all inside the digest's window: 500,000 in its week), the
// whole content: headline, drivers with 1,000 bootstrap resamples, pain
// points with their quotes, improvements, anomalies and emerging terms.
//
// Indexing a million texts into bleve would take many minutes, and the
// builder reads no text but the few it quotes and the emerging terms'
// samples: the index is a real one whose facts table (built directly,
// ~20 s) holds every comment and whose bleve part is empty, and the raw
// store holds only the comments whose texts the digest asks for (found
// by a first build).
//
// Run: go test ./cmd/feedbackd/ -run '^$' -bench DigestBuild -benchtime 5x -count 5
func BenchmarkDigestBuild(b *testing.B) {
	dir := b.TempDir()
	ixDir := filepath.Join(dir, "index")
	ix, err := index.Open(ixDir, index.Options{Location: time.UTC})
	if err != nil {
		b.Fatal(err)
	}
	ix.Close()
	tb := facts.New(time.UTC)
	batch := make([]corpus.Comment, 0, 10_000)
	for i := range benchDigestRows {
		batch = append(batch, benchComment(i))
		if len(batch) == cap(batch) {
			tb.Apply(batch, uint64(i+1))
			batch = batch[:0]
		}
	}
	if err := tb.Save(filepath.Join(ixDir, "facts.bin")); err != nil {
		b.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Analytics.RespondentField = "respondent_id"
	if ix, err = index.Open(ixDir, index.Options{Location: time.UTC, MinEmployeeGroup: cfg.Analytics.MinRespondents}); err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	eng, err := newEngine(cfg.Engine)
	if err != nil {
		b.Fatal(err)
	}

	// A first build asks for texts: generate them, and remember which.
	asked := map[string]bool{}
	gen := func(_ context.Context, ids []string) ([]string, error) {
		out := make([]string, len(ids))
		for k, id := range ids {
			asked[id] = true
			var i int
			fmt.Sscanf(id, "b%d", &i)
			c := benchComment(i)
			out[k] = c.Text()
		}
		return out, nil
	}
	spec := fixtureSpec(b)
	spec.Top = 5
	p := digest.PeriodAt(spec.Length, digestAt, time.UTC)
	bld := &digestBuilder{sel: ix, texts: gen, labels: eng.label, loc: time.UTC, an: cfg.Analytics}
	ctx := context.Background()
	c, err := bld.Build(ctx, *spec, p)
	if err != nil {
		b.Fatal(err)
	}
	store, err := rawstore.Open(filepath.Join(dir, "raw.db"), time.Second)
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range asked {
			if !yield(id) {
				return
			}
		}
	})
	rb := corpus.Batch{Source: "bench"}
	for _, id := range ids {
		var i int
		fmt.Sscanf(id, "b%d", &i)
		cm := benchComment(i)
		rb.Records = append(rb.Records, corpus.Record{Comment: &cm})
	}
	if _, err := store.Commit(ctx, rb); err != nil {
		b.Fatal(err)
	}
	bld.texts = storeTexts(store)
	b.Logf("%d comments; the digest quotes %d pain points, lists %d improvements, %d anomalies, %d terms; %d texts read",
		benchDigestRows, len(c.PainPoints), len(c.Improvements), len(c.Anomalies), len(c.EmergingTerms), len(ids))

	var times []time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		got, err := bld.Build(ctx, *spec, p)
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(start))
		if len(got.PainPoints) != len(c.PainPoints) || int(got.Headline.Volume.Value) != int(c.Headline.Volume.Value) {
			b.Fatalf("builds differ: %d pain points, %v comments", len(got.PainPoints), got.Headline.Volume.Value)
		}
	}
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "p50-ms")
}
