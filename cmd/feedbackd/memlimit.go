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

// followFactsSize returns the index's FactsGrown hook: unless the operator
// chose GOMEMLIMIT, the soft limit becomes the default plus the facts
// table's size, which grows with the corpus and is not the ingest's
// working memory (a limit that did not grow with it would make the
// collector run all the time on a large corpus). Nil when GOMEMLIMIT is set.
func followFactsSize(getenv func(string) string) func(int64) {
	if getenv("GOMEMLIMIT") != "" {
		return nil
	}
	return func(factsBytes int64) { debug.SetMemoryLimit(defaultMemoryLimit + factsBytes) }
}
