package corpus

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// parallelChunk is how many items a worker takes at a time.
const parallelChunk = 16

// forEach calls fn(i) for i in [0, n) on up to workers goroutines (all
// cores when workers <= 0). Batches smaller than minBatch run on the calling
// goroutine: starting workers costs more than tagging a few comments.
// Every worker calls yield (when not nil) before each chunk, so
// interactive work can borrow the cores; yield must return within a
// bounded time, so the batch always progresses.
func forEach(n, workers, minBatch int, yield func(), fn func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if w := (n + minBatch - 1) / max(minBatch, 1); w < workers {
		workers = w
	}
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if yield != nil {
					yield()
				}
				start := int(next.Add(parallelChunk)) - parallelChunk
				if start >= n {
					return
				}
				for i := start; i < min(start+parallelChunk, n); i++ {
					fn(i)
				}
			}
		}()
	}
	wg.Wait()
}
