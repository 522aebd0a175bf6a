package corpus_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
)

func TestRetag(t *testing.T) {
	ctx := context.Background()
	store := tempStore(t)
	p := corpus.NewPipeline(store, wordTagger{words: []string{"app"}, version: "v1"}, corpus.PipelineConfig{Logger: zerolog.Nop()})
	cs := []*corpus.Comment{
		newComment("a", "the app is bad"),
		newComment("b", "the staff were lovely"),
		newComment("c", "app and staff fine"),
		newComment("d", "nothing to say"),
	}
	if _, err := p.Commit(ctx, corpus.Batch{Source: "test", Records: records(cs...)}); err != nil {
		t.Fatal(err)
	}
	// The new rules know "staff" and no longer "app"; version unchanged so
	// comment d comes out the same.
	newRules := wordTagger{words: []string{"staff"}, version: "v1"}
	wantTP := map[string]corpus.TouchpointDiff{"app": {Lost: 2}, "staff": {Gained: 2}}

	dry, err := corpus.Retag(ctx, store, newRules, corpus.RetagOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if dry.Scanned != 4 || dry.Changed != 3 || dry.Written != 0 || !reflect.DeepEqual(dry.Touchpoints, wantTP) {
		t.Errorf("dry run %+v", dry)
	}
	if seq, _ := store.LastSeq(ctx); seq != 4 {
		t.Fatalf("dry run wrote: last seq %d", seq)
	}

	rep, err := corpus.Retag(ctx, store, newRules, corpus.RetagOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed != 3 || rep.Written != 3 || !reflect.DeepEqual(rep.Touchpoints, wantTP) || len(rep.SentimentMoves) != 0 {
		t.Errorf("retag %+v", rep)
	}
	// The three changed comments were appended to the change log.
	var ids []string
	store.Since(ctx, 4, func(_ uint64, c *corpus.Comment) error { ids = append(ids, c.ID); return nil })
	if !reflect.DeepEqual(ids, []string{"a", "b", "c"}) {
		t.Errorf("retagged log entries %v", ids)
	}
	// Running it again changes nothing.
	again, _ := corpus.Retag(ctx, store, newRules, corpus.RetagOptions{})
	if again.Changed != 0 || again.Written != 0 {
		t.Errorf("second retag %+v", again)
	}
	// Sentiment moves: a tagger that finds everything negative.
	moves, _ := corpus.Retag(ctx, store, negTagger{newRules}, corpus.RetagOptions{DryRun: true})
	if want := map[string]int{"positive→negative": 3}; !reflect.DeepEqual(moves.SentimentMoves, want) {
		t.Errorf("moves %v, want %v", moves.SentimentMoves, want)
	}
}

// negTagger tags like its wordTagger but always negative.
type negTagger struct{ wordTagger }

func (n negTagger) Tag(c *corpus.Comment) {
	n.wordTagger.Tag(c)
	c.Tags.Sentiment.Label = "negative"
}
