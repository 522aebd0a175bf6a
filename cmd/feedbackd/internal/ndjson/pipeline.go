package ndjson

import (
	"bufio"
	"context"
	"io"
	"sync"
	"time"
)

// Func turns one input line into one output line (without the trailing
// newline). ok is false when the line failed; the output should then say
// why. Func is called from several goroutines at once.
type Func func(l Line) (out []byte, ok bool)

// Options configure Run.
type Options struct {
	Workers int // goroutines calling Func; at least 1
	MaxLine int // line length limit; DefaultMaxLine when 0
	// Window is the most lines in flight (read but not yet written); it
	// bounds memory at about Window × MaxLine. Default 8 × Workers.
	Window int
	// FlushEvery bounds how long output may sit in the write buffer while
	// input is slow. Default 100ms.
	FlushEvery time.Duration
}

// Stats count what Run did.
type Stats struct {
	Lines  int // non-blank lines processed
	Failed int // lines for which Func returned ok == false
}

type job struct {
	seq  int
	line Line
}

type result struct {
	out  []byte
	ok   bool
	done bool
}

type indexed struct {
	seq int
	result
}

// Run reads lines from r, calls fn on each from opt.Workers goroutines and
// writes each output followed by a newline to w in input order. It returns
// when the input is exhausted, reading or writing fails, or ctx is done.
func Run(ctx context.Context, r io.Reader, w io.Writer, opt Options, fn Func) (Stats, error) {
	if opt.Workers < 1 {
		opt.Workers = 1
	}
	if opt.Window < opt.Workers {
		opt.Window = 8 * opt.Workers
	}
	if opt.FlushEvery <= 0 {
		opt.FlushEvery = 100 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	slots := make(chan struct{}, opt.Window) // a token per line in flight
	jobs := make(chan job, opt.Workers)
	results := make(chan indexed, opt.Window) // never blocks: ≤ Window in flight
	var readErr error

	go func() { // reader
		defer close(jobs)
		lr := NewReader(r, opt.MaxLine)
		for seq := 0; ; seq++ {
			l, err := lr.Next()
			if err != nil {
				if err != io.EOF {
					readErr = err
				}
				return
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			jobs <- job{seq: seq, line: l}
		}
	}()

	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Go(func() {
			for j := range jobs {
				if ctx.Err() != nil {
					continue // drain so the reader can finish
				}
				out, ok := fn(j.line)
				results <- indexed{seq: j.seq, result: result{out: out, ok: ok, done: true}}
			}
		})
	}
	go func() { wg.Wait(); close(results) }()

	bw := bufio.NewWriterSize(w, 256<<10)
	ring := make([]result, opt.Window)
	next := 0
	var st Stats
	var writeErr error
	tick := time.NewTicker(opt.FlushEvery)
	defer tick.Stop()

	write := func(res result) {
		st.Lines++
		if !res.ok {
			st.Failed++
		}
		if writeErr != nil {
			return
		}
		if _, err := bw.Write(res.out); err != nil {
			writeErr = err
		} else if err := bw.WriteByte('\n'); err != nil {
			writeErr = err
		}
		if writeErr != nil {
			cancel()
		}
	}

loop:
	for {
		select {
		case res, open := <-results:
			if !open {
				break loop
			}
			ring[res.seq%opt.Window] = res.result
			for ring[next%opt.Window].done {
				slot := &ring[next%opt.Window]
				write(*slot)
				*slot = result{}
				next++
				<-slots
			}
		case <-ctx.Done():
			// Cancelled from outside, or a write failed. The reader may be
			// blocked in Read (a terminal, say); do not wait for it.
			if writeErr != nil {
				return st, writeErr
			}
			return st, context.Cause(ctx)
		case <-tick.C:
			if bw.Buffered() > 0 && writeErr == nil {
				if err := bw.Flush(); err != nil {
					writeErr = err
					cancel()
				}
			}
		}
	}
	if writeErr == nil {
		writeErr = bw.Flush()
	}
	if writeErr != nil {
		return st, writeErr
	}
	return st, readErr
}
