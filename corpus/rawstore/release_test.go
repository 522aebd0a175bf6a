package rawstore

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/corpus"
)

// TestSinceReleasesMappedPages streams more chunks than releaseEvery, so
// the mapped pages are released mid-read and again at the end, and checks
// that every comment still reads back whole and in order, that commits
// made after a release are read correctly, and (on Linux) that the pages
// read are no longer resident afterwards.
func TestSinceReleasesMappedPages(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	const n = releaseEvery*scanChunk + 700
	text := strings.Repeat("a long enough comment to fill pages ", 10)
	for i := 0; i < n; i += 2000 {
		var cs []*corpus.Comment
		for j := i; j < min(i+2000, n); j++ {
			cs = append(cs, comment(fmt.Sprintf("c%06d", j), fmt.Sprintf("%s%d", text, j)))
		}
		commit(t, s, batch(cs...))
	}
	read := func(after uint64, want int) {
		t.Helper()
		got := 0
		err := s.Since(ctx, after, func(seq uint64, c *corpus.Comment) error {
			i := int(after) + got
			if seq != uint64(i+1) || c.ID != fmt.Sprintf("c%06d", i) || c.Text() != fmt.Sprintf("%s%d", text, i) {
				return fmt.Errorf("entry %d: seq %d, comment %s %.20q…", got, seq, c.ID, c.Text())
			}
			got++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("Since(%d) read %d comments, want %d", after, got, want)
		}
	}
	read(0, n)
	rssAfterRead := residentFileKB(t)

	// Writes after a release land in the file and read back.
	commit(t, s, batch(comment("late", text+"late")))
	if c, err := s.Get(ctx, "late"); err != nil || c.Text() != text+"late" {
		t.Fatalf("Get after release: %v, %v", c, err)
	}
	var late []string
	if err := s.Since(ctx, uint64(n), func(_ uint64, c *corpus.Comment) error {
		late = append(late, c.ID)
		return nil
	}); err != nil || len(late) != 1 || late[0] != "late" {
		t.Fatalf("Since after release: %v, %v", late, err)
	}

	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rssAfterRead >= 0 && int64(rssAfterRead)*1024 > st.FileBytes/2 {
		t.Errorf("after streaming the log, %d kB of a %d kB file are resident; want at most half", rssAfterRead, st.FileBytes/1024)
	}
}

// residentFileKB returns this process's file-backed resident set (RssFile)
// in kB, or -1 where /proc does not tell.
func residentFileKB(t *testing.T) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "RssFile:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			if err != nil {
				t.Fatalf("RssFile %q: %v", v, err)
			}
			return kb
		}
	}
	return -1
}
