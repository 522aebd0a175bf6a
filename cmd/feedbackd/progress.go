package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress redraws one status line on a terminal while a long command
// runs; on anything else it prints nothing, so logs and pipes stay clean.
type progress struct {
	w    io.Writer
	line func(elapsed time.Duration) string
	stop chan struct{}
	wg   sync.WaitGroup
}

// startProgress redraws line(elapsed) on w every interval when w is a
// terminal. Stop it with Stop.
func startProgress(w io.Writer, interval time.Duration, line func(time.Duration) string) *progress {
	p := &progress{w: w, line: line, stop: make(chan struct{})}
	if !isTerminal(w) {
		return p
	}
	start := time.Now()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				fmt.Fprint(p.w, "\r\033[K")
				return
			case <-t.C:
				fmt.Fprintf(p.w, "\r\033[K%s", p.line(time.Since(start)))
			}
		}
	}()
	return p
}

// Stop clears the line and waits for the redrawing to end.
func (p *progress) Stop() {
	close(p.stop)
	p.wg.Wait()
}

// rate is n per second over d, for summaries.
func rate(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}
