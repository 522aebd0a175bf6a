package export

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"unsafe"

	"github.com/feedbackd/feedbackd/corpus/rawstore"
)

// decoded is a decoded chunk: the rows that pass the filters, in seq
// order.
type decoded struct {
	rows []Row
	err  error
}

// chunkJob is a raw chunk and where its decoded rows go.
type chunkJob struct {
	chunk []rawstore.RawEntry
	out   chan decoded
}

// inFlight bounds the chunks (of up to 512 comments) read ahead of the
// writer, and so the memory of an export.
const inFlight = 8

// stream reads the change log in (After, upTo] and writes the rows that
// pass the filters in seq order. One goroutine reads chunks, workers
// decode and filter them in parallel, and the caller's goroutine writes
// them in order.
func (j *Job) stream(ctx context.Context, emit func(*Row) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := j.x.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan chunkJob, workers)
	order := make(chan chan decoded, inFlight)
	readErr := make(chan error, 1)
	go func() {
		defer close(order)
		defer close(jobs)
		readErr <- j.x.Store.SinceRaw(ctx, uint64(j.req.After), j.upTo, func(chunk []rawstore.RawEntry) error {
			cj := chunkJob{chunk: chunk, out: make(chan decoded, 1)}
			select {
			case order <- cj.out:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case jobs <- cj:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for cj := range jobs {
				cj.out <- j.decodeChunk(cj.chunk)
			}
		}()
	}
	defer wg.Wait()
	for out := range order {
		var d decoded
		select {
		case d = <-out:
		case <-ctx.Done():
			return ctx.Err()
		}
		if d.err != nil {
			cancel()
			return d.err
		}
		for i := range d.rows {
			if err := emit(&d.rows[i]); err != nil {
				cancel()
				return err
			}
		}
	}
	if err := <-readErr; err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// decodeChunk decodes and filters one chunk.
func (j *Job) decodeChunk(chunk []rawstore.RawEntry) decoded {
	rows := make([]Row, 0, len(chunk))
	var r Row
	for _, e := range chunk {
		// The chunk's bytes are never written again, so the rows may
		// alias them instead of copying every comment.
		if err := decodeRow(e.Seq, unsafe.String(unsafe.SliceData(e.JSON), len(e.JSON)), &r); err != nil {
			return decoded{err: fmt.Errorf("export: decode stored comment: %w", err)}
		}
		if j.req.match(&r) {
			rows = append(rows, r)
		}
	}
	return decoded{rows: rows}
}
