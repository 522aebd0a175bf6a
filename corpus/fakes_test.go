package corpus_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/sentiment"
)

// wordTagger tags a touchpoint for each keyword found in the text; a
// comment mentioning "bad" is negative, otherwise positive.
type wordTagger struct {
	words   []string
	version string
}

func (w wordTagger) Tag(c *corpus.Comment) {
	text := strings.ToLower(c.Text())
	r := classify.Result{TaxonomyVersion: w.version, Sentiment: sentiment.Result{Score: sentiment.Score{Label: sentiment.Positive, Score: 0.5}}}
	if strings.Contains(text, "bad") {
		r.Sentiment.Label, r.Sentiment.Score.Score = sentiment.Negative, -0.5
	}
	for _, word := range w.words {
		if strings.Contains(text, word) {
			r.Touchpoints = append(r.Touchpoints, classify.Touchpoint{ID: word, Label: word})
		}
	}
	c.Tags = &corpus.Tags{Result: r, TaggedAt: time.Now()}
}

// fakeIndex records what it is given; it is safe for concurrent use and
// counts how often each comment was applied.
type fakeIndex struct {
	mu      sync.Mutex
	upTo    uint64
	applied map[string]int
	docs    map[string]corpus.Comment
	calls   int
}

func newFakeIndex() *fakeIndex {
	return &fakeIndex{applied: map[string]int{}, docs: map[string]corpus.Comment{}}
}

func (f *fakeIndex) Apply(_ context.Context, cs []corpus.Comment, upTo uint64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, c := range cs {
		f.applied[c.ID]++
		f.docs[c.ID] = c
	}
	f.upTo = upTo
	f.calls++
	return nil
}

func (f *fakeIndex) IndexedUpTo() (uint64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.upTo, nil
}

// openStore opens a raw store at path.
func openStore(t testing.TB, path string) *rawstore.Store {
	t.Helper()
	s, err := rawstore.Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tempStore opens a raw store in a temporary directory, closed at cleanup.
func tempStore(t testing.TB) *rawstore.Store {
	s := openStore(t, filepath.Join(t.TempDir(), "raw.db"))
	t.Cleanup(func() { s.Close() })
	return s
}

// newComment returns a valid comment.
func newComment(id, text string) *corpus.Comment {
	return &corpus.Comment{
		ID: id, Source: "test", Audience: corpus.Customer,
		Fields:    []corpus.TextField{{Name: "comment", Text: text}},
		CreatedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
	}
}

// records wraps comments as records.
func records(cs ...*corpus.Comment) []corpus.Record {
	rs := make([]corpus.Record, len(cs))
	for i, c := range cs {
		rs[i] = corpus.Record{Comment: c, File: "in.csv", Line: int64(i + 2)}
	}
	return rs
}

// The raw store implements what the pipeline, the indexer and retag need.
var (
	_ corpus.Store      = (*rawstore.Store)(nil)
	_ corpus.Log        = (*rawstore.Store)(nil)
	_ corpus.RetagStore = (*rawstore.Store)(nil)
	_ corpus.Sink       = (*corpus.Pipeline)(nil)
	_ corpus.Sink       = (*rawstore.Store)(nil)
)
