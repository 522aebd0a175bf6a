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
// order, or, for a format with a rowFormatter, those rows formatted.
type decoded struct {
	rows []Row
	buf  []byte // formatted rows
	st   Stats  // of buf
	err  error
}

// rowFormatter formats rows to bytes (CSV, NDJSON), so the decode
// workers format in parallel and the writer only copies bytes out.
type rowFormatter interface {
	// AppendRows appends the row's records and returns how many.
	AppendRows(b []byte, r *Row) ([]byte, int)
}

// byteWriter is a rowWriter whose rows the workers can format.
type byteWriter interface {
	rowWriter
	// newFormatter returns a formatter for one worker.
	newFormatter() rowFormatter
	WriteBytes(b []byte) error
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
//
// With bw, the workers format the rows and the writer writes the bytes,
// adding to st; otherwise emit gets each row.
func (j *Job) stream(ctx context.Context, emit func(*Row) error, bw byteWriter, st *Stats) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := j.x.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan chunkJob, workers)
	// free recycles the chunks' output buffers.
	free := make(chan []byte, inFlight+workers+1)
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
			var f rowFormatter
			if bw != nil {
				f = bw.newFormatter()
			}
			var r Row
			for cj := range jobs {
				if f == nil {
					cj.out <- j.decodeChunk(cj.chunk)
					continue
				}
				var buf []byte
				select {
				case buf = <-free:
				default:
				}
				cj.out <- j.formatChunk(cj.chunk, f, &r, buf[:0])
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
		if bw != nil {
			if err := bw.WriteBytes(d.buf); err != nil {
				cancel()
				return err
			}
			st.Comments += d.st.Comments
			st.Rows += d.st.Rows
			select {
			case free <- d.buf:
			default:
			}
			continue
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
		r = Row{} // rows keep their slices: decode into new ones
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

// formatChunk decodes, filters and formats one chunk into buf. r is the
// worker's row, whose slices are reused from comment to comment.
func (j *Job) formatChunk(chunk []rawstore.RawEntry, f rowFormatter, r *Row, buf []byte) decoded {
	var d decoded
	for _, e := range chunk {
		if err := decodeRow(e.Seq, unsafe.String(unsafe.SliceData(e.JSON), len(e.JSON)), r); err != nil {
			return decoded{err: fmt.Errorf("export: decode stored comment: %w", err)}
		}
		if !j.req.match(r) {
			continue
		}
		var n int
		buf, n = f.AppendRows(buf, r)
		d.st.Comments++
		d.st.Rows += n
	}
	d.buf = buf
	return d
}
