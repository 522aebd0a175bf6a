package folder

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
)

// errCrash is what a fakeSink returns when told to fail.
var errCrash = errors.New("simulated crash")

// fakeSink stores batches in memory the way the raw store does: a batch's
// comments, rejects and checkpoint become visible together or not at all,
// and a comment whose id is stored already is a duplicate.
type fakeSink struct {
	mu       sync.Mutex
	batches  []corpus.Batch
	comments map[string]*corpus.Comment
	order    []string // comment ids in commit order
	rejects  []*corpus.Reject
	cps      map[string]string
	failAt   int // fail the failAt-th commit and every one after; 0 never
	commits  int
	onCommit func() // called after each stored batch
}

func newFakeSink() *fakeSink {
	return &fakeSink{comments: map[string]*corpus.Comment{}, cps: map[string]string{}}
}

func (f *fakeSink) Commit(ctx context.Context, b corpus.Batch) ([]corpus.ItemResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.commits++
	if f.failAt > 0 && f.commits >= f.failAt {
		return nil, errCrash
	}
	res := make([]corpus.ItemResult, len(b.Records))
	for i, r := range b.Records {
		switch {
		case r.Reject != nil:
			f.rejects = append(f.rejects, r.Reject)
			res[i] = corpus.ItemResult{Outcome: corpus.Rejected, Reason: r.Reject.Reason}
		case f.comments[r.Comment.ID] != nil:
			res[i] = corpus.ItemResult{ID: r.Comment.ID, Outcome: corpus.Duplicate}
		default:
			f.comments[r.Comment.ID] = r.Comment
			f.order = append(f.order, r.Comment.ID)
			res[i] = corpus.ItemResult{ID: r.Comment.ID, Outcome: corpus.Accepted}
		}
	}
	if b.Checkpoint != nil {
		f.cps[b.Checkpoint.Source+"/"+b.Checkpoint.Key] = b.Checkpoint.Value
	}
	f.batches = append(f.batches, b)
	if f.onCommit != nil {
		f.onCommit()
	}
	return res, nil
}

func (f *fakeSink) Checkpoint(ctx context.Context, source, key string) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.cps[source+"/"+key]
	return v, ok, nil
}

// texts returns the first text field of every stored comment, in order.
func (f *fakeSink) texts() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, id := range f.order {
		out = append(out, f.comments[id].Fields[0].Text)
	}
	return out
}

// testConfig is a folder source over dir mapping a "text" column, an "id"
// column and a "date" column in RFC 3339.
func testConfig(dir string) Config {
	cfg := DefaultConfig()
	cfg.Name = "exports"
	cfg.Path = dir
	cfg.Audience = corpus.Customer
	cfg.StableFor = 0
	cfg.Columns = Columns{
		Text:      TextColumns{{Column: "text"}},
		ID:        "id",
		CreatedAt: TimeColumn{Column: "date"},
		Scores:    ScoreColumns{NPS: "nps"},
		Meta:      map[string]string{"region": "region"},
	}
	return cfg
}

// newTestSource returns a source over cfg committing to sink.
func newTestSource(t *testing.T, cfg Config, sink *fakeSink) *Source {
	t.Helper()
	s, err := New(cfg, sink, sink, zerolog.New(zerolog.NewTestWriter(t)))
	if err != nil {
		t.Fatal(err)
	}
	s.now = func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
	return s
}

// writeFile writes a file under dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// listDir returns the sorted names in a directory ("" when missing).
func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}
