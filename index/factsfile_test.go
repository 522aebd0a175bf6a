package index

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/feedbackd/feedbackd/index/facts"
)

// The facts table survives a restart through its snapshot, and without
// one the replay refills it without indexing the text again.
func TestFactsSnapshotAndReplay(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, comments(fixture()), 9); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	billing := Query{Q: "refund", Filter: facts.Filter{Touchpoints: []string{"billing"}}, Size: 10}
	want := []string{"c02", "c06", "c07", "c01"}

	// Reopened with the snapshot: nothing to replay.
	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if note := ix.FactsRebuild(); note != "" {
		t.Errorf("FactsRebuild = %q after a clean close", note)
	}
	if up, _ := ix.IndexedUpTo(); up != 9 {
		t.Errorf("IndexedUpTo = %d, want 9", up)
	}
	res, err := ix.Search(ctx, billing)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(res); !slices.Equal(got, want) {
		t.Errorf("after reopen: %v, want %v", got, want)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// Without the snapshot (a crash before the first save): the table
	// starts empty, IndexedUpTo asks for a replay from 0, and the replay
	// fills the table only.
	if err := os.Remove(filepath.Join(dir, factsFile)); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.FactsRebuild() == "" {
		t.Error("FactsRebuild is empty without a snapshot")
	}
	if up, _ := ix.IndexedUpTo(); up != 0 {
		t.Errorf("IndexedUpTo = %d without a snapshot, want 0", up)
	}
	res, err = ix.Search(ctx, billing)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 {
		t.Errorf("before the replay: %d hits, want 0 (the table is empty)", res.Total)
	}
	if err := ix.Apply(ctx, comments(fixture()), 9); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 9 {
		t.Errorf("bleve holds %d documents after the replay, want 9", n)
	}
	res, err = ix.Search(ctx, billing)
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(res); !slices.Equal(got, want) {
		t.Errorf("after replay: %v, want %v", got, want)
	}
}

// A damaged snapshot is not fatal: the table is rebuilt.
func TestFactsDamagedSnapshot(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(context.Background(), comments(fixture()), 9); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, factsFile), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.FactsRebuild() == "" {
		t.Error("FactsRebuild is empty with a damaged snapshot")
	}
	if up, _ := ix.IndexedUpTo(); up != 0 {
		t.Errorf("IndexedUpTo = %d, want 0", up)
	}
}

// The first Apply reports the facts table's size, so the daemon can raise
// its memory limit by it.
func TestFactsGrown(t *testing.T) {
	var got int64
	ix, err := Open(filepath.Join(t.TempDir(), "index"), Options{FactsGrown: func(n int64) { got = n }})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Apply(context.Background(), comments(fixture()), 9); err != nil {
		t.Fatal(err)
	}
	if got <= 0 {
		t.Errorf("FactsGrown got %d, want the table's size", got)
	}
}
