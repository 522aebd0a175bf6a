package index

import (
	"context"
	"fmt"
	"github.com/feedbackd/feedbackd/index/facts"
	"io/fs"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

// BenchmarkApply measures indexing throughput with realistic comments at
// two batch sizes; each iteration indexes one batch into a growing index.
// Run: go test ./index/ -run '^$' -bench Apply -benchtime 20x
func BenchmarkApply(b *testing.B) {
	for _, size := range []int{1000, 5000} {
		b.Run(fmt.Sprintf("batch=%d", size), func(b *testing.B) {
			ix := openTemp(b)
			gen := newGenerator(1)
			batches := make([][]corpus.Comment, b.N)
			for i := range batches {
				batches[i] = gen.comments(size)
			}
			ctx := context.Background()
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				if err := ix.Apply(ctx, batches[i], uint64((i+1)*size)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*size)/time.Since(start).Seconds(), "docs/s")
		})
	}
}

// BenchmarkSearch measures searches with every facet and a weekly
// histogram over 100,000 comments (built once, about 20 s), and reports
// the index size on disk. ns/op is the mean; p50 and p95 are reported too.
// Run: go test ./index/ -run '^$' -bench Search -benchtime 200x
func BenchmarkSearch(b *testing.B) {
	const n = 100_000
	dir := filepath.Join(b.TempDir(), "index")
	ix, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	gen := newGenerator(2)
	for i := 0; i < n; i += BatchSize {
		if err := ix.Apply(context.Background(), gen.comments(BatchSize), uint64(i+BatchSize)); err != nil {
			b.Fatal(err)
		}
	}
	mb := float64(dirSize(b, dir)) / 1e6

	tests := []struct {
		name string
		q    Query
	}{
		{"match all newest", Query{Sort: Newest, Size: 20}},
		{"term relevance", Query{Q: "refund", Size: 20}},
		{"phrase and filters", Query{Q: `"the app crashes"`, Size: 20, Filter: facts.Filter{Touchpoints: []string{"product"}, Sentiments: []string{"negative"}}}},
		{"query string fields", Query{Q: `+refund -meta:channel=chat nps:<7`, Sort: MostNegative, Size: 20}},
		{"filters only", Query{Sort: Newest, Size: 20, Filter: facts.Filter{Touchpoints: []string{"billing"}, Audiences: []string{"customer"}, NPS: Between(0, 6)}}},
		{"size 0 counts", Query{Q: "delivery late"}},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			q := tt.q
			q.Facets = AllFacets(Week)
			durations := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				if _, err := ix.Search(context.Background(), q); err != nil {
					b.Fatal(err)
				}
				durations = append(durations, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(durations)
			b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(durations[len(durations)*95/100].Microseconds())/1000, "p95-ms")
			b.ReportMetric(mb, "MB-on-disk")
		})
	}
}

func dirSize(b *testing.B, dir string) int64 {
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			total += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return total
}
