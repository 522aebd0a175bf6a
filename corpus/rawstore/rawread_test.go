package rawstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/feedbackd/feedbackd/corpus"
)

// TestSinceRaw checks that SinceRaw yields what Since yields, in chunks,
// bounded by upTo, with bytes that stay valid after the call.
func TestSinceRaw(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	var cs []*corpus.Comment
	for i := range scanChunk + 10 {
		cs = append(cs, comment(fmt.Sprintf("c%04d", i), fmt.Sprintf("text %d", i)))
	}
	commit(t, s, batch(cs...))
	want := since(t, s, 3)

	var got []string
	var kept []RawEntry
	err := s.SinceRaw(ctx, 3, 0, func(chunk []RawEntry) error {
		kept = append(kept, chunk...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range kept {
		var c corpus.Comment
		if err := json.Unmarshal(e.JSON, &c); err != nil {
			t.Fatalf("seq %d: %v", e.Seq, err)
		}
		got = append(got, fmt.Sprintf("%d:%s", e.Seq, c.ID))
	}
	if !slices.Equal(got, want) {
		t.Errorf("SinceRaw gave %d entries, Since %d; first %v / %v", len(got), len(want), got[:2], want[:2])
	}

	var n int
	if err := s.SinceRaw(ctx, 0, 5, func(chunk []RawEntry) error { n += len(chunk); return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("upTo 5 gave %d entries", n)
	}

	e, err := s.GetRaw(ctx, "c0007")
	if err != nil || e.Seq != 8 {
		t.Errorf("GetRaw = seq %d, %v; want seq 8", e.Seq, err)
	}
	if _, err := s.GetRaw(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetRaw(missing) = %v", err)
	}
}
