package main

import "runtime/debug"

// defaultMemoryLimit is the Go heap's soft limit when GOMEMLIMIT is not set.
// Ingesting 1,000,000 comments peaked at 1.07–1.30 GB RSS without a limit
// and at 0.87–0.91 GB with this one, at the same stored rate
// (docs/performance.md); the rest of the RSS is memory-mapped raw store and
// index files, which the kernel can drop.
const defaultMemoryLimit = 512 << 20

// applyDefaultMemoryLimit sets the default soft memory limit unless the
// operator chose one with GOMEMLIMIT.
func applyDefaultMemoryLimit(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}
