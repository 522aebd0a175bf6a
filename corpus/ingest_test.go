package corpus_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
)

func TestPipelineCommit(t *testing.T) {
	ctx := context.Background()
	store := tempStore(t)
	notified := 0
	p := corpus.NewPipeline(store, wordTagger{words: []string{"delivery"}}, corpus.PipelineConfig{
		Notify: func([]corpus.Committed) { notified++ }, Logger: zerolog.Nop(), MaxTextBytes: 100,
	})
	pii := newComment("pii", "bad delivery, call me on +44 20 7946 0958 or mail jo@example.com")
	pii.Meta = map[string]string{"agent": "served by ann@example.org"}
	noText := newComment("empty", "   ")
	long := newComment("long", strings.Repeat("x", 101))
	badNPS := newComment("nps", "fine")
	nps := 11
	badNPS.Scores.NPS = &nps
	b := corpus.Batch{
		Source:     "test",
		Records:    records(pii, noText, long, badNPS, newComment("ok", "quick delivery")),
		Checkpoint: &corpus.Checkpoint{Source: "test", Key: "in.csv", Value: "6"},
	}
	b.Records = append(b.Records, corpus.Record{Reject: &corpus.Reject{Raw: []byte("x,card 4111 1111 1111 1111"), Reason: "wrong column count"}, File: "in.csv", Line: 7})
	res, err := p.Commit(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range res {
		got = append(got, fmt.Sprintf("%s:%s", r.ID, r.Outcome))
	}
	want := []string{"pii:accepted", "empty:rejected", "long:rejected", "nps:rejected", "ok:accepted", ":rejected"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("results %v, want %v", got, want)
	}
	if notified != 1 {
		t.Errorf("notified %d times, want 1", notified)
	}

	stored, err := store.Get(ctx, "pii")
	if err != nil {
		t.Fatal(err)
	}
	if txt := stored.Fields[0].Text; txt != "bad delivery, call me on [phone] or mail [email]" {
		t.Errorf("stored text %q", txt)
	}
	if stored.Meta["agent"] != "served by [email]" || !reflect.DeepEqual(stored.Redacted, []string{"email", "phone"}) {
		t.Errorf("meta %v, redacted %v", stored.Meta, stored.Redacted)
	}
	if stored.Tags == nil || len(stored.Tags.Touchpoints) != 1 || stored.Tags.Sentiment.Label != "negative" {
		t.Errorf("tags %+v", stored.Tags)
	}
	if stored.ReceivedAt.IsZero() {
		t.Error("received_at not set")
	}
	if v, _, _ := store.Checkpoint(ctx, "test", "in.csv"); v != "6" {
		t.Errorf("checkpoint %q", v)
	}

	for i, wantReason := range map[int]string{1: "has no text", 2: "over the 100-byte limit", 3: "nps score 11"} {
		q, err := store.GetQuarantine(ctx, res[i].QuarantineID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(q.Reason, wantReason) || q.File != "in.csv" || q.Line != int64(i+2) {
			t.Errorf("quarantine %d: %+v, want reason %q at in.csv line %d", i, q, wantReason, i+2)
		}
	}
	q, _ := store.GetQuarantine(ctx, res[5].QuarantineID)
	if string(q.Raw) != "x,card [card]" || q.Line != 7 {
		t.Errorf("quarantined raw record not redacted: %+v", q)
	}

	m := p.Metrics()
	if m.Ingested != 2 || m.Rejected != 4 || m.Tagged != 2 || m.Batches != 1 {
		t.Errorf("metrics %+v", m)
	}
	// The same batch again: all duplicates (or the same quarantine entries).
	res2, _ := p.Commit(ctx, b)
	if res2[0].Outcome != corpus.Duplicate || res2[5].QuarantineID != res[5].QuarantineID {
		t.Errorf("second commit %+v", res2)
	}
}

func TestPipelineParallelTagging(t *testing.T) {
	ctx := context.Background()
	store := tempStore(t)
	p := corpus.NewPipeline(store, wordTagger{words: []string{"app", "staff"}}, corpus.PipelineConfig{Workers: 4, Logger: zerolog.Nop()})
	var cs []*corpus.Comment
	for i := range 2000 {
		cs = append(cs, newComment(fmt.Sprintf("c%d", i), fmt.Sprintf("comment %d about the app, mail u%d@example.com", i, i)))
	}
	res, err := p.Commit(ctx, corpus.Batch{Source: "test", Records: records(cs...)})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res {
		if r.Outcome != corpus.Accepted || r.ID != cs[i].ID {
			t.Fatalf("result %d: %+v", i, r)
		}
		if cs[i].Tags == nil || len(cs[i].Tags.Touchpoints) != 1 || !strings.HasSuffix(cs[i].Fields[0].Text, "[email]") {
			t.Fatalf("comment %d not redacted and tagged: %+v", i, cs[i])
		}
	}
}
