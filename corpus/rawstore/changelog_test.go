package rawstore

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/feedbackd/feedbackd/corpus"
)

func TestSinceOrder(t *testing.T) {
	s := openTest(t)
	// Ids in an order unlike their seqs: Since follows seqs, not ids.
	commit(t, s, batch(comment("z", "1"), comment("a", "2")))
	commit(t, s, batch(comment("m", "3"), comment("a", "2")))
	tests := []struct {
		after uint64
		want  []string
	}{
		{0, []string{"1:z", "2:a", "3:m"}},
		{1, []string{"2:a", "3:m"}},
		{3, nil},
		{99, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.after), func(t *testing.T) {
			if got := since(t, s, tt.after); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Since(%d) = %v, want %v", tt.after, got, tt.want)
			}
		})
	}
	if seq, _ := s.LastSeq(context.Background()); seq != 3 {
		t.Errorf("LastSeq = %d, want 3", seq)
	}
}

func TestSinceStreamsInChunks(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	const n = 3*scanChunk + 7
	for i := 0; i < n; i += 500 {
		var cs []*corpus.Comment
		for j := i; j < min(i+500, n); j++ {
			cs = append(cs, comment(fmt.Sprintf("c%05d", j), "text"))
		}
		commit(t, s, batch(cs...))
	}
	var last uint64
	count := 0
	err := s.Since(ctx, 0, func(seq uint64, c *corpus.Comment) error {
		if seq != last+1 {
			return fmt.Errorf("seq %d after %d", seq, last)
		}
		last = seq
		count++
		// Commits while Since runs do not deadlock: callbacks run between
		// read transactions.
		if count == 10 {
			commit(t, s, batch(comment("late", "text")))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count != n+1 {
		t.Errorf("streamed %d, want %d", count, n+1)
	}
	stop := errors.New("stop")
	if err := s.Since(ctx, 0, func(uint64, *corpus.Comment) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("Since returned %v, want fn's error", err)
	}
}
