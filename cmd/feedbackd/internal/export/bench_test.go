package export

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
)

// benchStore returns a raw store of FEEDBACKD_BENCH_N comments (default
// 100,000) shaped like the genComment ones, built once per directory
// FEEDBACKD_BENCH_DIR (default a temporary one) so repeated runs reuse it.
func benchStore(b *testing.B) (*rawstore.Store, int) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("FEEDBACKD_BENCH_N")); err == nil && v > 0 {
		n = v
	}
	dir := os.Getenv("FEEDBACKD_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	path := filepath.Join(dir, "raw-"+strconv.Itoa(n)+".db")
	s, err := rawstore.Open(path, time.Second)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ctx := context.Background()
	if last, _ := s.LastSeq(ctx); last >= uint64(n) {
		return s, n
	}
	for i := 0; i < n; i += 5000 {
		batch := corpus.Batch{Source: "bench"}
		for k := i; k < min(i+5000, n); k++ {
			batch.Records = append(batch.Records, corpus.Record{Comment: genComment(k)})
		}
		if _, err := s.Commit(ctx, batch); err != nil {
			b.Fatal(err)
		}
	}
	return s, n
}

// BenchmarkExport exports the whole store in each format and shape to
// io.Discard and reports rows/s and the heap in use afterwards.
//
//	FEEDBACKD_BENCH_N=1000000 FEEDBACKD_BENCH_DIR=/tmp/fbx go test ./cmd/feedbackd/internal/export -run '^$' -bench Export -benchtime 1x
func BenchmarkExport(b *testing.B) {
	s, n := benchStore(b)
	for _, tc := range []struct {
		f Format
		s Shape
	}{{CSV, Wide}, {CSV, Long}, {NDJSON, Wide}, {Parquet, Wide}, {Parquet, Long}} {
		b.Run(string(tc.f)+"-"+string(tc.s), func(b *testing.B) {
			var rows, comments int
			start := time.Now()
			for b.Loop() {
				j, err := (&Exporter{Store: s}).Prepare(context.Background(), Request{Format: tc.f, Shape: tc.s})
				if err != nil {
					b.Fatal(err)
				}
				st, err := j.WriteTo(context.Background(), io.Discard)
				if err != nil {
					b.Fatal(err)
				}
				rows, comments = rows+st.Rows, comments+st.Comments
			}
			el := time.Since(start).Seconds()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(comments)/el, "comments/s")
			b.ReportMetric(float64(rows)/el, "rows/s")
			b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
			_ = n
		})
	}
}
