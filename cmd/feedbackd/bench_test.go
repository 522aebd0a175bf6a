package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"testing"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/ndjson"
)

// benchInput returns n generated comments as NDJSON.
func benchInput(b *testing.B, n int) []byte {
	b.Helper()
	g := newGenerator(1)
	var buf bytes.Buffer
	for i := range n {
		line, err := json.Marshal(g.comment(i))
		if err != nil {
			b.Fatal(err)
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

func benchEngine(b *testing.B) *engine {
	b.Helper()
	var ef engineFlags
	eng, err := ef.build()
	if err != nil {
		b.Fatal(err)
	}
	return eng
}

// BenchmarkClassifyLine is the per-line cost of `feedbackd classify`:
// decode, classify with the embedded defaults, encode.
func BenchmarkClassifyLine(b *testing.B) {
	eng := benchEngine(b)
	in := bytes.Split(bytes.TrimSpace(benchInput(b, 1000)), []byte("\n"))
	p := lineClassifier{eng: eng}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p.line(ndjson.Line{N: i, Data: in[i%len(in)]})
	}
}

// BenchmarkClassifyPipeline runs 10,000 lines through the parallel
// pipeline (GOMAXPROCS workers); comments/s = 10,000 / (ns/op / 1e9).
func BenchmarkClassifyPipeline(b *testing.B) {
	eng := benchEngine(b)
	in := benchInput(b, 10000)
	p := lineClassifier{eng: eng}
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		if _, err := ndjson.Run(context.Background(), bytes.NewReader(in), io.Discard, ndjson.Options{Workers: 2}, p.line); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "comments/s")
}
