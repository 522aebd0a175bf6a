package rawstore

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOpenTwiceFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "raw.db")
	s, err := Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	_, err = Open(path, 100*time.Millisecond)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second open: got %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("second open took %s", d)
	}
	for _, want := range []string{path, "another feedbackd"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(path, 100*time.Millisecond)
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	s2.Close()
}
