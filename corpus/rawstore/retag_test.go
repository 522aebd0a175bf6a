package rawstore

import (
	"context"
	"reflect"
	"testing"

	"github.com/feedbackd/feedbackd/corpus"
)

func TestRetagAppendsChangedToLog(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	commit(t, s, batch(comment("a", "slow app"), comment("b", "nice staff"), comment("c", "slow checkout")))
	// Retag only the comments about slowness.
	n, err := s.Retag(ctx, func(_ context.Context, cs []*corpus.Comment) error {
		for _, c := range cs {
			if c.Fields[0].Text[:4] == "slow" {
				c.Tags = &corpus.Tags{}
				c.Tags.TaxonomyVersion = "v2"
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("retag wrote %d, want 2", n)
	}
	// The log holds each comment once, at its latest seq.
	if got, want := since(t, s, 0), []string{"2:b", "4:a", "5:c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Since(0) = %v, want %v", got, want)
	}
	if got, want := since(t, s, 3), []string{"4:a", "5:c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Since(3) = %v, want %v", got, want)
	}
	if c, _ := s.Get(ctx, "a"); c.Tags == nil || c.Tags.TaxonomyVersion != "v2" {
		t.Errorf("comment a not retagged: %+v", c.Tags)
	}
	// A retag that changes nothing writes nothing.
	n, err = s.Retag(ctx, func(context.Context, []*corpus.Comment) error { return nil })
	if err != nil || n != 0 {
		t.Errorf("no-op retag wrote %d, %v", n, err)
	}
	if seq, _ := s.LastSeq(ctx); seq != 5 {
		t.Errorf("LastSeq = %d, want 5", seq)
	}
	// A retagged comment is still a duplicate of its source record.
	if res := commit(t, s, batch(comment("a", "slow app"))); res[0].Outcome != corpus.Duplicate {
		t.Errorf("re-read after retag: %+v", res[0])
	}
}

func TestRetagManyChunks(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var cs []*corpus.Comment
	for i := range 2*retagChunk + 5 {
		cs = append(cs, comment(string(rune('a'+i%26))+string(rune('0'+i/26%10))+string(rune('A'+i/260)), "t"))
	}
	commit(t, s, batch(cs...))
	seen := 0
	n, err := s.Retag(ctx, func(_ context.Context, cs []*corpus.Comment) error {
		seen += len(cs)
		for _, c := range cs {
			c.Tags = &corpus.Tags{}
		}
		return nil
	})
	if err != nil || seen != 2*retagChunk+5 || n != seen {
		t.Fatalf("seen %d, wrote %d, err %v", seen, n, err)
	}
}
