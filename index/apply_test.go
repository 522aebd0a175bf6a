package index

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestApplyInParts applies batches large enough to be split into parts
// built concurrently (with GOMAXPROCS 2 or more): every comment is indexed
// once, the marker is persisted, and a later batch replaces comments by id.
func TestApplyInParts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ctx := context.Background()
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	gen := newGenerator(7)
	const n = 3*minPart + 17
	docs := gen.comments(n)
	for i := range docs {
		docs[i].ID = fmt.Sprintf("p%05d", i)
	}
	if err := ix.Apply(ctx, docs, n); err != nil {
		t.Fatal(err)
	}
	// Re-apply the same ids with new text, as a replay after a crash does.
	again := gen.comments(n)
	for i := range again {
		again[i].ID = docs[i].ID
	}
	if err := ix.Apply(ctx, again, n+5); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got, _ := ix.IndexedUpTo(); got != n+5 {
		t.Errorf("IndexedUpTo() = %d, want %d", got, n+5)
	}
	if c, _ := ix.Count(); c != n {
		t.Errorf("Count() = %d, want %d", c, n)
	}
	for _, i := range []int{0, minPart, 2*minPart + 3, n - 1} {
		res, err := ix.Search(ctx, Query{Q: fmt.Sprintf("%q", again[i].Text()), Size: MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, h := range res.Hits {
			found = found || h.ID == again[i].ID && h.Text == again[i].Text()
		}
		if !found {
			t.Errorf("comment %s: its replacement text is not what the index holds", again[i].ID)
		}
	}
}

// TestApplyDuplicateIDsLastWins: an Apply holding one id twice indexes the
// later version, even when the batch is large enough to be split.
func TestApplyDuplicateIDsLastWins(t *testing.T) {
	ix := openTemp(t)
	ctx := context.Background()
	docs := newGenerator(8).comments(2*minPart + 2)
	for i := range docs {
		docs[i].ID = fmt.Sprintf("d%05d", i)
	}
	docs[len(docs)-1].ID = docs[0].ID // first part and last part
	if err := ix.Apply(ctx, docs, 1); err != nil {
		t.Fatal(err)
	}
	if c, _ := ix.Count(); c != uint64(len(docs)-1) {
		t.Errorf("Count() = %d, want %d", c, len(docs)-1)
	}
	res, err := ix.Search(ctx, Query{Q: fmt.Sprintf("%q", docs[len(docs)-1].Text()), Size: MaxSize})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range res.Hits {
		found = found || h.ID == docs[0].ID && h.Text == docs[len(docs)-1].Text()
	}
	if !found {
		t.Errorf("%s does not hold the later version %q", docs[0].ID, docs[len(docs)-1].Text())
	}
}
