package rawstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/corpus"
)

// rejectBatch returns a batch of rejects.
func rejectBatch(rs ...*corpus.Reject) corpus.Batch {
	b := corpus.Batch{Source: "test"}
	for _, r := range rs {
		b.Records = append(b.Records, corpus.Record{Reject: r})
	}
	return b
}

func TestQuarantineTruncation(t *testing.T) {
	tests := []struct {
		name      string
		size      int
		truncated bool
	}{
		{"small", 100, false},
		{"at the limit", corpus.MaxRaw, false},
		{"5 MB field", 5 << 20, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			s := openTest(t)
			raw := bytes.Repeat([]byte("x"), tt.size)
			r := &corpus.Reject{File: "big.csv", Line: 7, Raw: raw, Reason: "text field too long"}
			res := commit(t, s, rejectBatch(r))
			if res[0].Outcome != corpus.Rejected {
				t.Fatalf("got %+v", res[0])
			}
			if len(r.Raw) != tt.size || r.Truncated {
				t.Error("Commit modified the caller's reject")
			}
			q, err := s.GetQuarantine(ctx, res[0].QuarantineID)
			if err != nil {
				t.Fatal(err)
			}
			if q.Truncated != tt.truncated || q.Source != "test" || q.At.IsZero() {
				t.Fatalf("entry %+v", q)
			}
			if !tt.truncated {
				if len(q.Raw) != tt.size || q.Reason != "text field too long" {
					t.Errorf("raw %d bytes, reason %q", len(q.Raw), q.Reason)
				}
				return
			}
			if len(q.Raw) != corpus.MaxRaw || q.RawSize != int64(tt.size) {
				t.Errorf("raw %d bytes of %d", len(q.Raw), q.RawSize)
			}
			for _, want := range []string{"text field too long", "truncated", "big.csv line 7"} {
				if !strings.Contains(q.Reason, want) {
					t.Errorf("reason %q does not mention %q", q.Reason, want)
				}
			}
			if st, _ := s.Stats(ctx); st.FileBytes > 8<<20 {
				t.Errorf("store is %d bytes after one truncated reject", st.FileBytes)
			}
		})
	}
}

func TestQuarantineListGetDelete(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var rs []*corpus.Reject
	for i := range 1200 { // more than one read chunk
		rs = append(rs, &corpus.Reject{File: "f.csv", Line: int64(i + 1), Raw: []byte("bad"), Reason: "wrong column count"})
	}
	res := commit(t, s, rejectBatch(rs...))
	// The same rejects again (a re-read after a crash) are not duplicated.
	again := commit(t, s, rejectBatch(rs...))
	for i := range res {
		if again[i].QuarantineID != res[i].QuarantineID {
			t.Fatalf("reject %d quarantined twice: %s and %s", i, res[i].QuarantineID, again[i].QuarantineID)
		}
	}
	if st, _ := s.Stats(ctx); st.Quarantined != 1200 {
		t.Fatalf("quarantined %d, want 1200", st.Quarantined)
	}
	var ids []string
	err := s.ListQuarantine(ctx, "", 0, func(r corpus.Reject) error {
		ids = append(ids, r.ID)
		return nil
	})
	if err != nil || len(ids) != 1200 || ids[0] != "q-1" || ids[1199] != "q-1200" {
		t.Fatalf("list: %d ids (%v), err %v", len(ids), ids[:3], err)
	}
	var page []string
	s.ListQuarantine(ctx, "q-10", 3, func(r corpus.Reject) error {
		page = append(page, fmt.Sprintf("%s@%d", r.ID, r.Line))
		return nil
	})
	if want := "[q-11@11 q-12@12 q-13@13]"; fmt.Sprint(page) != want {
		t.Errorf("page after q-10: %v, want %s", page, want)
	}

	if err := s.DeleteQuarantine(ctx, "q-1", "q-5000"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete of a missing id: %v", err)
	}
	if _, err := s.GetQuarantine(ctx, "q-1"); err != nil {
		t.Fatalf("q-1 deleted by a failed delete: %v", err)
	}
	if err := s.DeleteQuarantine(ctx, "q-1", "q-2"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetQuarantine(ctx, "q-1"); !errors.Is(err, ErrNotFound) {
		t.Errorf("get deleted: %v", err)
	}
	if _, err := s.GetQuarantine(ctx, "nonsense"); !errors.Is(err, ErrNotFound) {
		t.Errorf("get malformed id: %v", err)
	}
	if st, _ := s.Stats(ctx); st.Quarantined != 1198 {
		t.Errorf("quarantined %d after delete, want 1198", st.Quarantined)
	}
}

func TestQuarantineRetryResolves(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	res := commit(t, s, rejectBatch(&corpus.Reject{Raw: []byte("a,,b"), Reason: "empty text"}))
	// `quarantine retry` commits the fixed record and resolves the entry
	// in one transaction.
	retry := batch(comment("fixed", "now with text"))
	retry.Resolves = []string{res[0].QuarantineID}
	commit(t, s, retry)
	if _, err := s.GetQuarantine(ctx, res[0].QuarantineID); !errors.Is(err, ErrNotFound) {
		t.Errorf("entry still quarantined: %v", err)
	}
	if st, _ := s.Stats(ctx); st.Quarantined != 0 || st.Comments != 1 {
		t.Errorf("stats %+v", st)
	}
}
