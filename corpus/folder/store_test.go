package folder_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/folder"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
)

// crashingSink passes batches to the store until told to fail.
type crashingSink struct {
	store  *rawstore.Store
	failAt int
	n      int
}

func (c *crashingSink) Commit(ctx context.Context, b corpus.Batch) ([]corpus.ItemResult, error) {
	c.n++
	if c.failAt > 0 && c.n >= c.failAt {
		return nil, errors.New("simulated crash")
	}
	return c.store.Commit(ctx, b)
}

// TestWithRawStore runs the bad-input files through the real raw store,
// crashing once mid-file: every good row is stored once, every bad row is
// quarantined once, the checkpoints are gone and the files are processed.
func TestWithRawStore(t *testing.T) {
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	store, err := rawstore.Open(filepath.Join(dir, "raw.db"), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()

	cfg := folder.DefaultConfig()
	cfg.Name, cfg.Path, cfg.Audience, cfg.StableFor, cfg.BatchSize = "exports", inbox, corpus.Employee, 0, 2
	cfg.Columns = folder.Columns{
		Text:      folder.TextColumns{{Column: "pros"}, {Column: "cons"}},
		ID:        "id",
		CreatedAt: folder.TimeColumn{Column: "date", Format: "2006-01-02", Timezone: "Europe/Paris"},
		Scores:    folder.ScoreColumns{NPS: "nps"},
		Meta:      map[string]string{"team.name": "team"},
	}
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"a.csv": "\xEF\xBB\xBFid,date,pros,cons,nps,team.name\n" +
			"1,2025-01-01,good pay,long hours,9,ops\n" + // good
			"2,31/12/2025,x,y,9,ops\n" + // bad date
			"3,2025-01-03,,,9,ops\n" + // empty text
			"4,2025-01-04,\"unclosed,y,9,ops\n" + // unclosed quote
			"5,2025-01-05,fine,,11,ops\n" + // nps out of range
			"6,2025-01-06,extra,cols,9,ops,!\n" + // wrong column count
			"7,2025-01-07,caf\xe9,,9,ops\n" + // invalid UTF-8, repaired
			"1,2025-01-01,good pay,long hours,9,ops\n", // duplicate id within the file
		"b.ndjson": `{"id":"8","date":"2025-02-01","pros":"remote work","team":{"name":"it"}}` + "\n" +
			`{"id":"1","date":"2025-01-01","pros":"good pay","cons":"long hours","nps":9,"team.name":"ops"}` + "\n" + // duplicate across files
			`{"id":"9","date":"2025-02-02","pros":"trunc`, // truncated JSON line
		"c.json": `[{"id":"10","date":"2025-03-01","cons":"no parking"},{"id":"11","date":"2025-03-02","pros":` +
			`"` + strings.Repeat("w", 2<<20) + `"}]`, // text too long
		"d.csv": "",                       // zero-byte
		"e.csv": "PK\x03\x04\x00\x00junk", // binary
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(inbox, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sink := &crashingSink{store: store, failAt: 3}
	s, err := folder.New(cfg, sink, store, zerolog.New(zerolog.NewTestWriter(t)))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Poll(ctx); err == nil {
		t.Fatal("Poll succeeded through a crashing sink")
	}
	sink.failAt = 0
	if err := s.Poll(ctx); err != nil {
		t.Fatal(err)
	}

	st, err := store.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Comments != 4 || st.Quarantined != 7 {
		t.Errorf("stored %d comments and %d quarantined, want 4 (ids 1, 7, 8, 10) and 7", st.Comments, st.Quarantined)
	}
	var reasons []string
	err = store.ListQuarantine(ctx, "", 100, func(r corpus.Reject) error {
		reasons = append(reasons, r.File+": "+r.Reason)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`a.csv: line 3: columns.created_at ("date"): format "2006-01-02" does not parse "31/12/2025"`,
		`a.csv: line 4: empty text: no text in "pros", "cons"`,
		`a.csv: line 5 column 14: quote never closed`,
		`a.csv: line 6: nps score 11 is outside 0–10`,
		`a.csv: line 7: 7 columns, header has 6`,
		`b.ndjson: line 3: truncated JSON`,
		`c.json: item 2: text longer than 1048576 bytes`,
	} {
		if !slices.ContainsFunc(reasons, func(r string) bool { return strings.HasPrefix(r, want) }) {
			t.Errorf("quarantine lacks %q; has:\n%s", want, strings.Join(reasons, "\n"))
		}
	}
	c, err := store.Get(ctx, "7")
	if err != nil {
		t.Fatal(err)
	}
	if c.Fields[0].Text != "caf\uFFFD" || !strings.Contains(c.Meta[folder.WarningMeta], "invalid UTF-8") || c.Audience != corpus.Employee {
		t.Errorf("comment 7 = %+v", c)
	}
	if c, err := store.Get(ctx, "8"); err != nil || c.Meta["team"] != "it" || c.CreatedAt.Format("2006-01-02T15:04Z07:00") != "2025-02-01T00:00+01:00" {
		t.Errorf("comment 8 = %+v, %v", c, err)
	}
	for name := range files {
		if _, ok, err := store.Checkpoint(ctx, "exports", name); ok || err != nil {
			t.Errorf("checkpoint of %s still stored (%v)", name, err)
		}
	}
	if got, want := dirNames(t, filepath.Join(inbox, folder.ProcessedDir)), []string{"a.csv", "b.ndjson", "c.json", "d.csv"}; !slices.Equal(got, want) {
		t.Errorf("processed/ = %q, want %q", got, want)
	}
	if got, want := dirNames(t, filepath.Join(inbox, folder.FailedDir)), []string{"e.csv", "e.csv.error"}; !slices.Equal(got, want) {
		t.Errorf("failed/ = %q, want %q", got, want)
	}
}

// dirNames lists a directory's file names, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}
