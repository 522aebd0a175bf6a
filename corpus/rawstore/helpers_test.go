package rawstore

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

// openTest opens a store in a fresh temporary directory.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "raw.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testTime is the creation time of test comments.
var testTime = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// comment returns a valid comment.
func comment(id, text string) *corpus.Comment {
	return &corpus.Comment{
		ID: id, Source: "test", Audience: corpus.Customer,
		Fields:    []corpus.TextField{{Name: "comment", Text: text}},
		CreatedAt: testTime, ReceivedAt: testTime,
		Meta: map[string]string{"channel": "web"},
	}
}

// batch wraps comments in a batch.
func batch(cs ...*corpus.Comment) corpus.Batch {
	b := corpus.Batch{Source: "test"}
	for _, c := range cs {
		b.Records = append(b.Records, corpus.Record{Comment: c})
	}
	return b
}

// commit commits b and fails the test on error.
func commit(t testing.TB, s *Store, b corpus.Batch) []corpus.ItemResult {
	t.Helper()
	res, err := s.Commit(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// outcomes summarises results as "id:outcome" strings.
func outcomes(res []corpus.ItemResult) []string {
	out := make([]string, len(res))
	for i, r := range res {
		out[i] = fmt.Sprintf("%s:%s", r.ID, r.Outcome)
	}
	return out
}

// seqs returns the (seq, id) pairs of Since(after).
func since(t testing.TB, s *Store, after uint64) []string {
	t.Helper()
	var out []string
	err := s.Since(context.Background(), after, func(seq uint64, c *corpus.Comment) error {
		out = append(out, fmt.Sprintf("%d:%s", seq, c.ID))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
