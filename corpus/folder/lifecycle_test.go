package folder

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// genRows returns a file of n rows in a format, row i having text "row i".
func genRows(format string, n int) string {
	var b strings.Builder
	switch format {
	case FormatCSV:
		b.WriteString("id,date,text,nps,region\n")
		for i := range n {
			fmt.Fprintf(&b, "%d,2025-01-01T10:00:00Z,\"row %d, quoted\",%d,EU\n", i, i, i%11)
		}
	case FormatJSON:
		b.WriteString("[\n")
		for i := range n {
			if i > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, `  {"id": "%d", "date": "2025-01-01T10:00:00Z", "text": "row %d, quoted", "nps": %d}`, i, i, i%11)
		}
		b.WriteString("\n]\n")
	case FormatNDJSON:
		for i := range n {
			fmt.Fprintf(&b, `{"id": "%d", "date": "2025-01-01T10:00:00Z", "text": "row %d, quoted", "nps": %d}`+"\n", i, i, i%11)
		}
	}
	return b.String()
}

// wantRows returns the texts genRows writes, from row lo on.
func wantRows(lo, n int) []string {
	var out []string
	for i := lo; i < n; i++ {
		out = append(out, fmt.Sprintf("row %d, quoted", i))
	}
	return out
}

// TestResumeAfterCrash fails the sink at batch k, starts a new source on
// the same store and checks that every row is stored exactly once and the
// second run reads only the rows after the last committed batch.
func TestResumeAfterCrash(t *testing.T) {
	const n, batch = 1000, 64
	for _, format := range []string{FormatCSV, FormatJSON, FormatNDJSON} {
		for _, k := range []int{1, 2, 7, 16} {
			t.Run(fmt.Sprintf("%s/fail at batch %d", format, k), func(t *testing.T) {
				dir := t.TempDir()
				cfg := testConfig(dir)
				cfg.BatchSize = batch
				sink := newFakeSink()
				sink.failAt = k
				name := "export." + format
				writeFile(t, dir, name, genRows(format, n))
				s := newTestSource(t, cfg, sink)
				if err := s.Poll(context.Background()); !errors.Is(err, errCrash) {
					t.Fatalf("Poll = %v, want the simulated crash", err)
				}
				stored := (k - 1) * batch
				if got := len(sink.order); got != stored {
					t.Fatalf("%d rows stored before the crash, want %d", got, stored)
				}
				if got := listDir(t, dir); !slices.Equal(got, []string{name}) {
					t.Fatalf("drop folder = %q after the crash, want the file still there", got)
				}

				sink.failAt = 0
				before := len(sink.batches)
				s2 := newTestSource(t, cfg, sink)
				if err := s2.Poll(context.Background()); err != nil {
					t.Fatal(err)
				}
				if got, want := sink.texts(), wantRows(0, n); !slices.Equal(got, want) {
					t.Fatalf("stored %d rows, want %d in order", len(got), len(want))
				}
				first := sink.batches[before].Records[0].Comment.Fields[0].Text
				if want := fmt.Sprintf("row %d, quoted", stored); first != want {
					t.Errorf("resumed at %q, want %q", first, want)
				}
				for _, b := range sink.batches[before:] {
					for _, r := range b.Records {
						if r.Reject != nil {
							t.Errorf("reject after resume: line %d %s", r.Line, r.Reject.Reason)
						}
					}
				}
				if got := listDir(t, filepath.Join(dir, ProcessedDir)); !slices.Equal(got, []string{name}) {
					t.Errorf("processed/ = %q, want [%s]", got, name)
				}
			})
		}
	}
}

// TestDoneButNotMoved: a crash after the final checkpoint and before the
// move leaves a done file in the folder; the next poll moves it without
// reading it again.
func TestDoneButNotMoved(t *testing.T) {
	dir := t.TempDir()
	sink := newFakeSink()
	s := newTestSource(t, testConfig(dir), sink)
	path := writeFile(t, dir, "a.csv", genRows(FormatCSV, 10))
	if _, err := s.Ingest(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	commits := sink.commits
	if !strings.HasSuffix(sink.cps["exports/a.csv"], " done") {
		t.Fatalf("checkpoint = %q, want done", sink.cps["exports/a.csv"])
	}
	if err := s.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if sink.commits != commits {
		t.Errorf("%d commits after the done file was polled, want none", sink.commits-commits)
	}
	if got := listDir(t, filepath.Join(dir, ProcessedDir)); !slices.Equal(got, []string{"a.csv"}) {
		t.Errorf("processed/ = %q", got)
	}
}

// TestSameNameNewFile: a new export reusing a processed file's name is read
// from its start, and both end up in processed/ side by side.
func TestSameNameNewFile(t *testing.T) {
	dir := t.TempDir()
	sink := newFakeSink()
	s := newTestSource(t, testConfig(dir), sink)
	writeFile(t, dir, "daily.csv", genRows(FormatCSV, 3))
	if err := s.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "daily.csv", genRows(FormatCSV, 5))
	if err := s.Poll(context.Background()); err != nil {
		t.Fatal(err)
	}
	last := sink.batches[len(sink.batches)-1]
	if len(last.Records) != 5 {
		t.Errorf("second file: %d rows read, want all 5", len(last.Records))
	}
	if got, want := sink.texts(), wantRows(0, 5); !slices.Equal(got, want) {
		t.Errorf("stored %q, want %q", got, want)
	}
	if got, want := listDir(t, filepath.Join(dir, ProcessedDir)), []string{"daily.1.csv", "daily.csv"}; !slices.Equal(got, want) {
		t.Errorf("processed/ = %q, want %q", got, want)
	}
}

// TestFailedFiles: files that cannot be read at all go to failed/ with a
// .error file saying why; readable ones go to processed/.
func TestFailedFiles(t *testing.T) {
	cases := []struct {
		name, file, content string
		why                 string // in the .error file; "" when the file is processed
	}{
		{"binary renamed csv", "report.csv", "PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00", "not a text file: NUL byte at offset 5"},
		{"utf-16", "utf16.csv", "\xFF\xFEi\x00d\x00", "UTF-16 byte order mark"},
		{"control characters", "noise.csv", strings.Repeat("\x01\x02\x03abc", 100), "not a text file: 300 of the first 600 bytes"},
		{"unsupported type", "book.xlsx", "whatever", `unsupported file type ".xlsx"`},
		{"missing text column", "cols.csv", "id,date,body\n1,2025-01-01T00:00:00Z,hi\n", `header (line 1) lacks mapped columns columns.text "text"; it has`},
		{"missing created_at column", "nodate.csv", "id,text\n1,hi\n", `header (line 1) lacks mapped columns columns.created_at "date"; it has`},
		{"json scalar", "s.json", `"hello"`, `top-level JSON value starts with '"'`},
		{"zero bytes", "empty.csv", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			sink := newFakeSink()
			s := newTestSource(t, testConfig(dir), sink)
			writeFile(t, dir, tc.file, tc.content)
			if err := s.Poll(context.Background()); err != nil {
				t.Fatal(err)
			}
			if got := listDir(t, dir); len(got) != 0 {
				t.Errorf("drop folder still holds %q", got)
			}
			failed := listDir(t, filepath.Join(dir, FailedDir))
			if tc.why == "" {
				if len(failed) != 0 || !slices.Equal(listDir(t, filepath.Join(dir, ProcessedDir)), []string{tc.file}) {
					t.Fatalf("failed/ = %q, want the file in processed/", failed)
				}
				return
			}
			if want := []string{tc.file, tc.file + ".error"}; !slices.Equal(failed, want) {
				t.Fatalf("failed/ = %q, want %q", failed, want)
			}
			b, err := os.ReadFile(filepath.Join(dir, FailedDir, tc.file+".error"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), tc.why) {
				t.Errorf(".error = %q, want it to contain %q", b, tc.why)
			}
		})
	}
}

// TestMoveCollisions: moving never overwrites a file, nor a .error file.
func TestMoveCollisions(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	for i, pre := range []string{"x.csv", "x.1.csv", "x.2.csv.error"} {
		_ = i
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, out, pre, "old")
	}
	got, err := moveTo(writeFile(t, dir, "x.csv", "new"), out, ".error")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(got) != "x.3.csv" {
		t.Errorf("moved to %s, want x.3.csv", got)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "x.csv")); string(b) != "old" {
		t.Errorf("x.csv was overwritten")
	}
}

// TestFileStateRoundTrip checks the checkpoint value encoding.
func TestFileStateRoundTrip(t *testing.T) {
	for _, s := range []fileState{
		{id: identity{size: 9000, head: "3f1c0a9b2d4e6f70"}, pos: position{off: 5120, line: 81, items: 80}},
		{id: identity{size: 0, head: "e3b0c44298fc1c14"}, done: true},
	} {
		got, err := parseFileState(s.String())
		if err != nil || got != s {
			t.Errorf("parseFileState(%q) = %+v, %v", s.String(), got, err)
		}
	}
	for _, bad := range []string{"", "off=1", "off=x line=1 items=1 size=1 head=a", "offset=1 line=1 items=1 size=1 head=a"} {
		if _, err := parseFileState(bad); err == nil {
			t.Errorf("parseFileState(%q) succeeded", bad)
		}
	}
}

// TestOptionalColumnsMayBeAbsent checks that an export without a mapped score
// or id column is ingested with those fields empty, and that the file's stats
// name the absent columns.
func TestOptionalColumnsMayBeAbsent(t *testing.T) {
	dir := t.TempDir()
	sink := newFakeSink()
	s := newTestSource(t, testConfig(dir), sink)
	path := writeFile(t, dir, "noscores.csv", "date,text\n2025-01-01T00:00:00Z,hello there\n2025-01-02T00:00:00Z,second comment\n")
	st, err := s.Ingest(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Accepted != 2 || st.Rejected != 0 {
		t.Fatalf("stats %+v: want 2 accepted, 0 rejected", st)
	}
	if got := strings.Join(st.Absent, "; "); got != `columns.id "id"; columns.scores.nps "nps"` {
		t.Errorf("absent columns %q", got)
	}
	for _, c := range sink.comments {
		if c.Scores.NPS != nil || c.ID == "" {
			t.Errorf("comment %+v: want no nps and a derived id", c)
		}
	}
}
