package rawstore

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestDigestRuns(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "raw.db")
	s, err := Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.LastDigestRun(ctx, "weekly"); ok || err != nil {
		t.Fatalf("before the first run: ok=%v err=%v", ok, err)
	}
	first := DigestRun{Period: "2026-11-09_2026-11-16", At: testTime,
		Channels: map[string]DigestChannel{"file": {Status: "sending"}}}
	if err := s.PutDigestRun(ctx, "weekly", first); err != nil {
		t.Fatal(err)
	}
	first.Channels["file"] = DigestChannel{Status: "sent", Attempts: 1, At: testTime}
	first.Done = true
	if err := s.PutDigestRun(ctx, "weekly", first,
		DigestEvent{At: testTime, Period: first.Period, Channel: "file", Attempt: 1, Outcome: "sent"}); err != nil {
		t.Fatal(err)
	}
	second := DigestRun{Period: "2026-11-16_2026-11-23", At: testTime.Add(7 * 24 * time.Hour)}
	if err := s.PutDigestRun(ctx, "weekly", second,
		DigestEvent{At: second.At, Period: second.Period, Channel: "email", Attempt: 1, Outcome: "failed", Error: "boom"},
		DigestEvent{At: second.At, Period: second.Period, Channel: "email", Attempt: 2, Outcome: "sent"}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutDigestRun(ctx, "other", DigestRun{Period: "p", At: testTime.Add(time.Hour)},
		DigestEvent{Period: "p", Outcome: "skipped"}); err != nil {
		t.Fatal(err)
	}
	// Durable: reopen.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(path, time.Second); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, ok, err := s.DigestRun(ctx, "weekly", first.Period)
	if err != nil || !ok || !got.Done || got.Channels["file"].Status != "sent" {
		t.Fatalf("first run after reopen: ok=%v err=%v %+v", ok, err, got)
	}
	if _, ok, _ := s.DigestRun(ctx, "weekly", "nope"); ok {
		t.Error("a period never run is found")
	}
	last, ok, err := s.LastDigestRun(ctx, "weekly")
	if err != nil || !ok || last.Period != second.Period {
		t.Fatalf("last run: ok=%v err=%v %+v", ok, err, last)
	}
	h, err := s.DigestHistory(ctx, "weekly", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 || h[0].Seq != 1 || h[0].Outcome != "sent" || h[2].Seq != 3 || h[1].Error != "boom" {
		t.Fatalf("history %+v", h)
	}
	if h, _ := s.DigestHistory(ctx, "weekly", 2); len(h) != 2 || h[0].Seq != 2 || h[1].Seq != 3 {
		t.Fatalf("last two: %+v", h)
	}
	if h, _ := s.DigestHistory(ctx, "nobody", 0); len(h) != 0 {
		t.Fatalf("unknown digest: %+v", h)
	}
}
