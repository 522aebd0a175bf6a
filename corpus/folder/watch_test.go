package folder

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"
)

// TestStableWait checks, on a fake clock, that a file is read only once
// its size and modification time have stayed the same for stable_for, that
// files being written under a .part name are never read, and that the
// source moves each file once it is committed.
func TestStableWait(t *testing.T) {
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		cfg := testConfig(dir)
		cfg.StableFor = 2 * time.Second
		cfg.PollInterval = 500 * time.Millisecond
		sink := newFakeSink()
		s, err := New(cfg, sink, sink, zerolog.New(zerolog.NewTestWriter(t)))
		if err != nil {
			t.Fatal(err)
		}
		rows := genRows(FormatCSV, 4)
		writeFile(t, dir, "upload.csv.part", rows[:40])
		writeFile(t, dir, ".hidden.csv", rows)
		writeFile(t, dir, "grow.csv", rows[:30])
		if err := s.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		committed := func() []string {
			synctest.Wait()
			sink.mu.Lock()
			defer sink.mu.Unlock()
			var keys []string
			for k := range sink.cps {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			return keys
		}

		// grow.csv grows every second for three seconds: never stable.
		for i := range 3 {
			time.Sleep(time.Second)
			writeFile(t, dir, "grow.csv", rows[:40+10*i])
			if got := committed(); len(got) != 0 {
				t.Fatalf("after %ds: committed %q while files were being written", i+1, got)
			}
		}
		writeFile(t, dir, "grow.csv", rows)
		if err := os.WriteFile(filepath.Join(dir, "upload.csv.part"), []byte(rows), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(dir, "upload.csv.part"), filepath.Join(dir, "upload.csv")); err != nil {
			t.Fatal(err)
		}
		time.Sleep(1500 * time.Millisecond)
		if got := committed(); len(got) != 0 {
			t.Fatalf("committed %q 1.5s after the last write, want nothing before 2s", got)
		}
		time.Sleep(time.Second)
		if got, want := committed(), []string{"exports/grow.csv", "exports/upload.csv"}; !slices.Equal(got, want) {
			t.Fatalf("committed %q, want %q", got, want)
		}
		if got, want := listDir(t, filepath.Join(dir, ProcessedDir)), []string{"grow.csv", "upload.csv"}; !slices.Equal(got, want) {
			t.Errorf("processed/ = %q, want %q", got, want)
		}
		if got := listDir(t, dir); !slices.Equal(got, []string{".hidden.csv"}) {
			t.Errorf("drop folder = %q, want only the dotfile left", got)
		}
		if got := len(sink.order); got != 4 {
			t.Errorf("%d comments stored, want 4 (both files hold the same rows)", got)
		}
	})
}

// TestOldestFirst checks that ready files are read in modification order.
func TestOldestFirst(t *testing.T) {
	dir := t.TempDir()
	sink := newFakeSink()
	s := newTestSource(t, testConfig(dir), sink)
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, name := range []string{"c.csv", "a.csv", "b.csv"} {
		p := writeFile(t, dir, name, genRows(FormatCSV, 1))
		if err := os.Chtimes(p, base, base.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, b := range sink.batches {
		order = append(order, b.Checkpoint.Key)
	}
	if want := []string{"c.csv", "a.csv", "b.csv"}; !slices.Equal(order, want) {
		t.Errorf("read order %q, want %q", order, want)
	}
}
