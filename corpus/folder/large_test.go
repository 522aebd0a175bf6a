package folder

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
)

// countSink counts what it is given, keeps nothing, and samples the heap
// at every commit.
type countSink struct {
	mu       sync.Mutex
	accepted int64
	rejects  []string
	peakHeap uint64
	commits  int
}

func (c *countSink) Commit(ctx context.Context, b corpus.Batch) ([]corpus.ItemResult, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	res := make([]corpus.ItemResult, len(b.Records))
	for i, r := range b.Records {
		if r.Reject != nil {
			c.rejects = append(c.rejects, fmt.Sprintf("line %d: %.80s", r.Line, r.Reject.Reason))
			res[i].Outcome = corpus.Rejected
			continue
		}
		c.accepted++
		res[i].Outcome = corpus.Accepted
	}
	c.commits++
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	c.peakHeap = max(c.peakHeap, ms.HeapAlloc)
	return res, nil
}

// writeLarge writes a file of about size bytes of generated rows in a
// format, with a huge text cell of huge bytes after the first quarter. It
// returns the number of good rows.
func writeLarge(t testing.TB, path, format string, size, huge int) int {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	text := "The checkout was \"slow\" again, and support took three days to answer; otherwise, a great product."
	if format == FormatCSV {
		w.WriteString("id,date,text,nps,region\n")
	}
	n, written, hugeDone := 0, 0, false
	for written < size {
		var line string
		switch {
		case !hugeDone && written > size/4:
			hugeDone = true
			big := strings.Repeat("z", huge)
			if format == FormatCSV {
				line = "huge,2025-01-01T10:00:00Z,\"" + big + "\",9,EU\n"
			} else {
				line = `{"id":"huge","date":"2025-01-01T10:00:00Z","text":"` + big + "\"}\n"
			}
		case format == FormatCSV:
			line = fmt.Sprintf("%d,2025-03-04T05:06:07Z,\"%s\",%d,EU\n", n, strings.ReplaceAll(text, `"`, `""`), n%11)
			n++
		default:
			line = fmt.Sprintf(`{"id":"%d","date":"2025-03-04T05:06:07Z","text":%q,"nps":%d,"region":"EU"}`+"\n", n, text, n%11)
			n++
		}
		w.WriteString(line)
		written += len(line)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLargeFileBoundedMemory streams a large generated file holding a
// 32 MB text cell and checks that the heap stays far below the file size.
func TestLargeFileBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads a 200 MB file")
	}
	const size, huge, limit = 200 << 20, 32 << 20, 48 << 20
	for _, format := range []string{FormatCSV, FormatNDJSON} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "large."+format)
			good := writeLarge(t, path, format, size, huge)
			runtime.GC()
			sink := &countSink{}
			cfg := testConfig(dir)
			s, err := New(cfg, sink, nil, zerolog.Nop())
			if err != nil {
				t.Fatal(err)
			}
			st, err := s.Ingest(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d rows, %d MB in %v: %.0f rows/s, %.0f MB/s; peak heap %d MB",
				format, st.Rows, st.Bytes>>20, st.Elapsed, float64(st.Rows)/st.Elapsed.Seconds(),
				float64(st.Bytes)/(1<<20)/st.Elapsed.Seconds(), sink.peakHeap>>20)
			if sink.accepted != int64(good) || len(sink.rejects) != 1 || !strings.Contains(sink.rejects[0], "longer than") {
				t.Errorf("accepted %d of %d good rows; rejects %q, want the huge row only", sink.accepted, good, sink.rejects)
			}
			if sink.peakHeap > limit {
				t.Errorf("peak heap %d MB reading a %d MB file, want under %d MB", sink.peakHeap>>20, size>>20, limit>>20)
			}
		})
	}
}

// BenchmarkParse measures rows read and mapped per second, without a
// store: go test -run - -bench Parse ./corpus/folder/
func BenchmarkParse(b *testing.B) {
	for _, format := range []string{FormatCSV, FormatJSON, FormatNDJSON} {
		b.Run(format, func(b *testing.B) {
			dir := b.TempDir()
			path := filepath.Join(dir, "bench."+format)
			content := genRows(format, 100000)
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				b.Fatal(err)
			}
			s, err := New(testConfig(dir), &countSink{}, nil, zerolog.Nop())
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(content)))
			b.ResetTimer()
			for range b.N {
				if _, err := s.Ingest(context.Background(), path); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(100000*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
