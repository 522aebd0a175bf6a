//go:build bench

package main

import (
	"context"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"testing"
	"time"
)

// TestIngestProfile runs `feedbackd ingest` in-process on the files in
// INGEST_FILES (space-separated) into INGEST_DATA, so that go test's
// -cpuprofile and -memprofile see the whole pipeline:
//
//	go test -tags bench -run IngestProfile -cpuprofile cpu.out ./cmd/feedbackd
//
// INGEST_CONFIG=FILE uses that config instead of the embedded default
// (e.g. the one scripts/bench-ingest.sh writes, which maps every field
// `feedbackd gen` writes). INGEST_HEAPPROFILE=FILE writes a heap profile each time the heap in use
// reaches a new peak (checked every half second), so FILE ends up holding
// the heap at its largest.
func TestIngestProfile(t *testing.T) {
	files, data := os.Getenv("INGEST_FILES"), os.Getenv("INGEST_DATA")
	if files == "" || data == "" {
		t.Skip("set INGEST_FILES and INGEST_DATA")
	}
	if path := os.Getenv("INGEST_HEAPPROFILE"); path != "" {
		stop := heapPeaks(t, path)
		defer stop()
	}
	args := []string{"--data", data}
	if cfg := os.Getenv("INGEST_CONFIG"); cfg != "" {
		args = append(args, "--config", cfg)
	}
	args = append(args, strings.Fields(files)...)
	var out strings.Builder
	code := runIngest(context.Background(), env{stdin: strings.NewReader(""), stdout: &out, stderr: io.Discard}, args)
	t.Log(out.String())
	if code != exitOK {
		t.Fatalf("ingest exited %d", code)
	}
}

// heapPeaks writes a heap profile to path whenever the heap in use reaches
// a new peak, until the returned stop is called.
func heapPeaks(t *testing.T, path string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var peak uint64
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				t.Logf("peak heap in use %d MB (profile in %s)", peak>>20, path)
				return
			case <-tick.C:
			}
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse <= peak+(16<<20) {
				continue
			}
			peak = ms.HeapInuse
			f, err := os.Create(path)
			if err != nil {
				t.Error(err)
				return
			}
			pprof.Lookup("heap").WriteTo(f, 0)
			f.Close()
		}
	}()
	return func() { close(done); <-finished }
}
