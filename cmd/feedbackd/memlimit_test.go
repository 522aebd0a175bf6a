package main

import (
	"runtime/debug"
	"testing"
)

func TestDefaultMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })

	debug.SetMemoryLimit(1 << 40)
	applyDefaultMemoryLimit(func(string) string { return "2GiB" })
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("with GOMEMLIMIT set the limit changed to %d", got)
	}
	applyDefaultMemoryLimit(func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got != defaultMemoryLimit {
		t.Errorf("limit %d, want the default %d", got, defaultMemoryLimit)
	}
}
