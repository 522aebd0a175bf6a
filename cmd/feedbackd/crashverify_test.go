//go:build crash

package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/folder"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
)

// verified is what the checks after the crash test counted.
type verified struct {
	stored, indexed, quarantined uint64
	duplicates, lost             int
	doneCheckpoints              int
	storeTook                    time.Duration
	took                         time.Duration
}

// verify opens the stopped daemon's raw store and index and checks every
// comment: stored once, indexed once, nothing else, nothing quarantined,
// every file processed with no checkpoint left inside it, and every
// acknowledged webhook id stored.
func verify(t *testing.T, r *crashRun, w *crashWork, acked []string) verified {
	t.Helper()
	start := time.Now()
	ctx := context.Background()
	var v verified

	store, err := rawstore.Open(filepath.Join(r.dir, "raw.db"), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	st, err := store.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v.stored, v.quarantined = st.Comments, st.Quarantined
	if st.Comments != uint64(len(w.source)) {
		t.Errorf("raw store counts %d comments, want %d", st.Comments, len(w.source))
	}
	if st.PerSource["inbox"] != uint64(w.fileComments) || st.PerSource["webhook"] != uint64(w.hookComments) {
		t.Errorf("raw store per source %v, want inbox %d, webhook %d", st.PerSource, w.fileComments, w.hookComments)
	}
	if st.Quarantined != 0 {
		store.ListQuarantine(ctx, "", 5, func(rj corpus.Reject) error {
			t.Logf("quarantined: %s %s line %d: %s", rj.Source, rj.File, rj.Line, rj.Reason)
			return nil
		})
		t.Errorf("quarantine holds %d entries, want 0", st.Quarantined)
	}

	// The change log: one entry per comment, each id once.
	seen := make(map[string]int, len(w.source))
	texts := make(map[string]string, len(w.source))
	err = store.Since(ctx, 0, func(seq uint64, c *corpus.Comment) error {
		seen[c.ID]++
		texts[c.ID] = c.Text()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for id, k := range seen {
		if k > 1 {
			v.duplicates += k - 1
			t.Errorf("comment %s is %d times in the change log", id, k)
		}
		if w.source[id] == "" {
			t.Errorf("comment %s was stored but never sent", id)
		}
	}
	// Every id, one by one.
	for id, src := range w.source {
		c, err := store.Get(ctx, id)
		if err != nil {
			v.lost++
			if v.lost <= 10 {
				t.Errorf("comment %s (%s): %v", id, src, err)
			}
			continue
		}
		if c.Source != src {
			t.Errorf("comment %s: source %q, want %q", id, c.Source, src)
		}
		if seen[id] == 0 {
			t.Errorf("comment %s is stored but not in the change log", id)
		}
	}
	if v.lost > 0 {
		t.Errorf("%d comments lost", v.lost)
	}
	for _, id := range acked {
		if seen[id] == 0 {
			t.Errorf("webhook acknowledged %s, which is not stored", id)
		}
	}

	v.storeTook = time.Since(start)

	// The index: the same ids, each once, with the stored text.
	ix, err := index.Open(filepath.Join(r.dir, "index"), index.Options{LockTimeout: 5 * time.Second, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if v.indexed, err = ix.Count(); err != nil {
		t.Fatal(err)
	}
	if v.indexed != uint64(len(w.source)) {
		t.Errorf("index counts %d comments, want %d", v.indexed, len(w.source))
	}
	inIndex := make(map[string]bool, len(w.source))
	q := index.Query{Sort: index.Oldest, Size: index.MaxSize}
	for page := 0; ; page++ {
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatalf("index page %d: %v", page, err)
		}
		for _, h := range res.Hits {
			if inIndex[h.ID] {
				t.Errorf("index returns %s twice", h.ID)
			}
			inIndex[h.ID] = true
			if want, ok := texts[h.ID]; !ok {
				t.Errorf("index holds %s, which is not stored", h.ID)
			} else if h.Text != want {
				t.Errorf("index text of %s is %q, stored %q", h.ID, h.Text, want)
			}
		}
		if res.Next == "" {
			break
		}
		q.After = res.Next
	}
	if len(inIndex) != len(w.source) {
		t.Errorf("a full scan of the index finds %d ids, want %d", len(inIndex), len(w.source))
	}

	// The drop folder: every file in processed/, none in failed/ or left
	// in the inbox, and no checkpoint pointing into a file.
	doneCheckpoints := 0
	for _, f := range w.files {
		if _, err := os.Stat(filepath.Join(r.inbox, folder.ProcessedDir, f.name)); err != nil {
			t.Errorf("file %s is not in processed/: %v", f.name, err)
		}
		cp, ok, err := store.Checkpoint(ctx, "inbox", f.name)
		switch {
		case err != nil:
			t.Fatal(err)
		case ok && !strings.HasSuffix(cp, " done"):
			t.Errorf("file %s is in processed/ but its checkpoint points into it: %q", f.name, cp)
		case ok:
			doneCheckpoints++
		}
	}
	// A kill between the move to processed/ and the checkpoint's deletion
	// leaves a "done" checkpoint: harmless (it points past the file's end),
	// so it is reported, not failed.
	v.doneCheckpoints = doneCheckpoints
	for _, d := range []string{r.inbox, filepath.Join(r.inbox, folder.FailedDir)} {
		entries, err := os.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Type().IsRegular() {
				t.Errorf("%s is left in %s", e.Name(), d)
			}
		}
	}
	v.took = time.Since(start)
	return v
}
