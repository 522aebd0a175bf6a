package digest

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestFile writes a digest twice: the .md and .html files hold the
// renderings, are replaced whole, and no temporary file is left.
func TestFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "digests")
	f := NewFile("file", dir)
	m := testMessage(t)
	for range 2 {
		if err := f.Send(t.Context(), m); err != nil {
			t.Fatal(err)
		}
	}
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	want := []string{"weekly-pain-points-2026-11-16_2026-11-23.html", "weekly-pain-points-2026-11-16_2026-11-23.md"}
	if !slices.Equal(names, want) {
		t.Fatalf("files %q, want %q", names, want)
	}
	md, _ := os.ReadFile(filepath.Join(dir, want[1]))
	html, _ := os.ReadFile(filepath.Join(dir, want[0]))
	if string(md) != m.Markdown || string(html) != m.HTML {
		t.Error("the files are not the renderings")
	}
}
