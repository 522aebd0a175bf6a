package rawstore

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

func TestCommitDedupe(t *testing.T) {
	changed := comment("a", "the app is slow")
	changed.Fields[0].Text = "the app is fast"
	retimed := comment("a", "the app is slow")
	retimed.ReceivedAt = testTime.Add(time.Hour) // received later: same content
	rescored := comment("a", "the app is slow")
	nps := 3
	rescored.Scores.NPS = &nps
	remeta := comment("a", "the app is slow")
	remeta.Meta = map[string]string{"channel": "phone"}

	tests := []struct {
		name   string
		second *corpus.Comment
		want   corpus.Outcome
	}{
		{"same content", comment("a", "the app is slow"), corpus.Duplicate},
		{"only received_at differs", retimed, corpus.Duplicate},
		{"text differs", changed, corpus.Rejected},
		{"score differs", rescored, corpus.Rejected},
		{"meta differs", remeta, corpus.Rejected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t)
			commit(t, s, batch(comment("a", "the app is slow")))
			res := commit(t, s, batch(tt.second))
			if res[0].Outcome != tt.want || res[0].ID != "a" {
				t.Fatalf("got %+v, want %s", res[0], tt.want)
			}
			st, _ := s.Stats(context.Background())
			if st.Comments != 1 || st.LastSeq != 1 {
				t.Errorf("stats %+v, want 1 comment at seq 1", st)
			}
			if tt.want != corpus.Rejected {
				if st.Quarantined != 0 {
					t.Errorf("quarantined %d, want 0", st.Quarantined)
				}
				return
			}
			if !strings.HasPrefix(res[0].Reason, ReasonConflict) || res[0].QuarantineID == "" {
				t.Fatalf("result %+v: want reason %q and a quarantine id", res[0], ReasonConflict)
			}
			q, err := s.GetQuarantine(context.Background(), res[0].QuarantineID)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(q.Raw), `"id":"a"`) || q.Source != "test" {
				t.Errorf("quarantined %+v: want the new comment as JSON", q)
			}
			got, _ := s.Get(context.Background(), "a")
			if got.Fields[0].Text != "the app is slow" {
				t.Errorf("stored comment changed to %q", got.Fields[0].Text)
			}
		})
	}
}

func TestCommitDuplicateWithinBatch(t *testing.T) {
	s := openTest(t)
	res := commit(t, s, batch(comment("a", "x"), comment("b", "y"), comment("a", "x"), comment("b", "z")))
	want := []string{"a:accepted", "b:accepted", "a:duplicate", "b:rejected"}
	if got := outcomes(res); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestCommitCheckpointAtomic(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	b := batch(comment("a", "x"), comment("b", "y"))
	b.Checkpoint = &corpus.Checkpoint{Source: "test", Key: "file.csv", Value: "120"}
	commit(t, s, b)
	if v, ok, err := s.Checkpoint(ctx, "test", "file.csv"); err != nil || !ok || v != "120" {
		t.Fatalf("checkpoint = %q, %v, %v; want 120", v, ok, err)
	}

	// A batch that fails inside its transaction, after its comments are
	// written (here: it resolves a quarantine entry that does not exist),
	// stores neither its comments nor its checkpoint.
	bad := batch(comment("c", "z"))
	bad.Resolves = []string{"q-999"}
	bad.Checkpoint = &corpus.Checkpoint{Source: "test", Key: "file.csv", Value: "999"}
	if _, err := s.Commit(ctx, bad); !errors.Is(err, ErrNotFound) {
		t.Fatalf("commit of a failing batch: got %v, want ErrNotFound", err)
	}
	if _, err := s.Commit(ctx, corpus.Batch{Records: []corpus.Record{{}}}); err == nil {
		t.Fatal("commit of a record with neither comment nor reject succeeded")
	}
	if v, _, _ := s.Checkpoint(ctx, "test", "file.csv"); v != "120" {
		t.Errorf("checkpoint moved to %q", v)
	}
	if _, err := s.Get(ctx, "c"); !errors.Is(err, ErrNotFound) {
		t.Errorf("comment c: got %v, want ErrNotFound", err)
	}

	// Atomic across a crash: reopen and look again.
	path := s.Path()
	s.Close()
	s2, err := Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	st, _ := s2.Stats(ctx)
	if st.Comments != 2 || st.PerSource["test"] != 2 {
		t.Errorf("after reopen: %+v", st)
	}
	if err := s2.DeleteCheckpoint(ctx, "test", "file.csv"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s2.Checkpoint(ctx, "test", "file.csv"); ok {
		t.Error("checkpoint still there after delete")
	}
}

func TestCommitBadIDs(t *testing.T) {
	s := openTest(t)
	res := commit(t, s, batch(comment("", "x"), comment(strings.Repeat("x", MaxIDLen+1), "y")))
	for i, r := range res {
		if r.Outcome != corpus.Rejected || r.QuarantineID == "" {
			t.Errorf("record %d: %+v, want rejected into quarantine", i, r)
		}
	}
}

func TestCommitCancelled(t *testing.T) {
	s := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Commit(ctx, batch(comment("a", "x"))); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestReopenKeepsSequence(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raw.db")
	s, err := Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	commit(t, s, batch(comment("a", "x"), comment("b", "y")))
	s.Close()
	s, err = Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	commit(t, s, batch(comment("c", "z")))
	if got, want := since(t, s, 0), []string{"1:a", "2:b", "3:c"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
