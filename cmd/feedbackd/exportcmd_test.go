package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestExportCommand runs `feedbackd export` through the binary on an ingested
// data dir: a full CSV export to a file, then an incremental one from the
// cursor it printed, which must hold only what was added since.
func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	conf := writeTestConfig(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "survey.csv"), []byte(testCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	runIn(t, dir, "ingest", "--config", conf, "survey.csv") // c3 is quarantined (nps 11)

	r := runIn(t, dir, "export", "--config", conf, "--format", "csv", "--out", "all.csv")
	if r.code != exitOK {
		t.Fatalf("export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	rows := readCSV(t, filepath.Join(dir, "all.csv"))
	if got := column(rows, "id"); !slices.Equal(got, []string{"c1", "c2"}) {
		t.Fatalf("exported ids %v, want c1 c2 (header %v)", got, rows[0])
	}
	cursor := nextCursor(t, r.stderr)

	more := "id,text,created_at,nps,channel\nc4,The app keeps logging me out,2026-10-04T09:00:00Z,4,app\n"
	if err := os.WriteFile(filepath.Join(dir, "more.csv"), []byte(more), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runIn(t, dir, "ingest", "--config", conf, "more.csv"); r.code != exitOK {
		t.Fatalf("second ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, dir, "export", "--config", conf, "--format", "csv", "--since-cursor", cursor, "--out", "delta.csv")
	if r.code != exitOK {
		t.Fatalf("incremental export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if got := column(readCSV(t, filepath.Join(dir, "delta.csv")), "id"); !slices.Equal(got, []string{"c4"}) {
		t.Errorf("incremental export ids %v, want only c4", got)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("read %s: %v (%d rows)", path, err, len(rows))
	}
	return rows
}

// column returns the values of the named column, in row order.
func column(rows [][]string, name string) []string {
	i := slices.Index(rows[0], name)
	if i < 0 {
		return nil
	}
	var out []string
	for _, row := range rows[1:] {
		out = append(out, row[i])
	}
	return out
}

// nextCursor finds the "next cursor: seq-N" line the command prints.
func nextCursor(t *testing.T, stderr string) string {
	t.Helper()
	for _, line := range strings.Split(stderr, "\n") {
		if _, c, ok := strings.Cut(line, "next cursor: "); ok {
			return strings.TrimSpace(c)
		}
	}
	t.Fatalf("no next cursor in %q", stderr)
	return ""
}
