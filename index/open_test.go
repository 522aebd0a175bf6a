package index

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMarkerPersistsAcrossReopen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ctx := context.Background()
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !ix.Created() {
		t.Error("Created() = false for a new index")
	}
	specs := fixture()
	if err := ix.Apply(ctx, comments(specs[:4]), 4); err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, comments(specs[4:]), 9); err != nil {
		t.Fatal(err)
	}
	// Retagging old comments (upTo 0) must not move the marker back.
	if err := ix.Apply(ctx, comments(specs[:1]), 0); err != nil {
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
	if ix.Created() {
		t.Error("Created() = true for an existing index")
	}
	if got, _ := ix.IndexedUpTo(); got != 9 {
		t.Errorf("IndexedUpTo() = %d, want 9", got)
	}
	if n, _ := ix.Count(); n != uint64(len(specs)) {
		t.Errorf("Count() = %d, want %d", n, len(specs))
	}
	if err := ix.Delete(ctx, []string{"c01", "nope"}); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != uint64(len(specs)-1) {
		t.Errorf("Count() after delete = %d, want %d", n, len(specs)-1)
	}
}

func TestApplyCancelled(t *testing.T) {
	ix := openTemp(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := ix.Apply(ctx, comments(fixture()), 9); !errors.Is(err, context.Canceled) {
		t.Fatalf("Apply(cancelled) = %v, want context.Canceled", err)
	}
	if got, _ := ix.IndexedUpTo(); got != 0 {
		t.Errorf("IndexedUpTo() = %d after a cancelled Apply, want 0", got)
	}
}

// TestLockedHelper is not a test: TestLocked runs it in a subprocess to
// hold the index open from another process.
func TestLockedHelper(t *testing.T) {
	dir := os.Getenv("FEEDBACKD_INDEX_LOCK_DIR")
	if dir == "" {
		t.Skip("helper for TestLocked")
	}
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	os.Stdout.WriteString("locked\n")
	time.Sleep(30 * time.Second) // killed by the parent long before
}

func TestLocked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	t.Run("same process", func(t *testing.T) {
		first, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer first.Close()
		assertLocked(t, dir)
	})

	t.Run("other process", func(t *testing.T) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLockedHelper$", "-test.v")
		cmd.Env = append(os.Environ(), "FEEDBACKD_INDEX_LOCK_DIR="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}()
		buf := make([]byte, 4096)
		var seen strings.Builder
		for !strings.Contains(seen.String(), "locked\n") {
			n, err := out.Read(buf)
			if err != nil {
				t.Fatalf("helper exited before locking: %v: %s", err, seen.String())
			}
			seen.Write(buf[:n])
		}
		assertLocked(t, dir)
		if err := Remove(dir, 200*time.Millisecond); !errors.Is(err, ErrLocked) {
			t.Errorf("Remove(locked) = %v, want ErrLocked", err)
		}
	})
}

func assertLocked(t *testing.T, dir string) {
	t.Helper()
	start := time.Now()
	ix, err := Open(dir, Options{LockTimeout: 500 * time.Millisecond})
	took := time.Since(start)
	if err == nil {
		ix.Close()
		t.Fatal("second Open succeeded, want ErrLocked")
	}
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
	if !strings.Contains(err.Error(), "another feedbackd is using the data dir") {
		t.Errorf("error %q does not tell the user what to do", err)
	}
	if took > 2*time.Second {
		t.Errorf("second Open took %s, want about the lock timeout", took)
	}
}

func TestCorrupt(t *testing.T) {
	// Damage to segment files is not always an error: scorch falls back
	// to the newest snapshot whose segments load. The marker lives in the
	// same snapshot as the documents, so the index then reports an older
	// marker and the caller replays from there: fallback is allowed when
	// count and marker agree.
	tests := []struct {
		name     string
		break_   func(t *testing.T, dir string)
		stale    bool
		fallback bool
	}{
		{"garbage meta", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "index_meta.json"), "{not json")
		}, false, false},
		{"missing meta", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "index_meta.json")); err != nil {
				t.Fatal(err)
			}
		}, false, false},
		{"garbage root bolt", func(t *testing.T, dir string) {
			write(t, filepath.Join(dir, "store", "root.bolt"), strings.Repeat("garbage!", 1000))
		}, false, false},
		{"missing segments", func(t *testing.T, dir string) {
			segs, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
			if len(segs) == 0 {
				t.Fatal("no segment files to remove")
			}
			for _, s := range segs {
				if err := os.Remove(s); err != nil {
					t.Fatal(err)
				}
			}
		}, false, true},
		{"garbage segments", func(t *testing.T, dir string) {
			segs, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
			for _, s := range segs {
				write(t, s, strings.Repeat("\xff\x00garbage", 500))
			}
		}, false, true},
		{"other time zone", nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
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
			opts := Options{}
			if tt.break_ != nil {
				tt.break_(t, dir)
			} else {
				opts.Location = time.FixedZone("X", 3600)
			}

			ix, err = Open(dir, opts)
			if err == nil && tt.fallback {
				defer ix.Close()
				n, _ := ix.Count()
				up, _ := ix.IndexedUpTo()
				if n != 0 || up != 0 {
					t.Fatalf("fell back to a snapshot with %d comments and marker %d, want 0 and 0", n, up)
				}
				return
			}
			if err == nil {
				ix.Close()
				t.Fatal("Open succeeded, want ErrCorrupt")
			}
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Open = %v, want ErrCorrupt", err)
			}
			if errors.Is(err, ErrStale) != tt.stale {
				t.Errorf("errors.Is(%v, ErrStale) = %v, want %v", err, !tt.stale, tt.stale)
			}

			ix, err = OpenFresh(dir, opts)
			if err != nil {
				t.Fatalf("OpenFresh: %v", err)
			}
			defer ix.Close()
			if n, _ := ix.Count(); n != 0 {
				t.Errorf("Count() after OpenFresh = %d, want 0", n)
			}
			if up, _ := ix.IndexedUpTo(); up != 0 {
				t.Errorf("IndexedUpTo() after OpenFresh = %d, want 0", up)
			}
		})
	}
}

func TestRemoveRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "notes.txt"), "precious")
	if err := Remove(dir, time.Second); err == nil {
		t.Fatal("Remove deleted a directory that is not an index")
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{}); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Open(foreign dir) = %v, want ErrCorrupt", err)
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
