package folder

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// ndjsonReader streams the lines of an NDJSON (JSON Lines) file, one item
// per non-blank line. A line longer than maxRecord is measured and
// skipped, never held in memory whole.
type ndjsonReader struct {
	f         io.ReadSeeker
	br        *bufio.Reader
	maxRecord int
	off, line int64 // of the next line
	done      bool
	rawBuf    []byte // reused for each line's bytes
}

// newNDJSONReader returns a reader at the start of f, past a UTF-8 BOM.
func newNDJSONReader(f io.ReadSeeker, maxRecord int) *ndjsonReader {
	r := &ndjsonReader{f: f, br: bufio.NewReaderSize(f, 64<<10), maxRecord: maxRecord, line: 1}
	if b, _ := r.br.Peek(3); bytes.HasPrefix(b, []byte(utf8BOM)) {
		r.br.Discard(3)
		r.off = 3
	}
	return r
}

// seek moves the reader to the start of a line.
func (r *ndjsonReader) seek(off, line int64) error {
	if _, err := r.f.Seek(off, io.SeekStart); err != nil {
		return fmt.Errorf("seek to byte %d: %w", off, err)
	}
	r.br.Reset(r.f)
	r.off, r.line, r.done = off, line, false
	return nil
}

// next returns the next non-blank line as an item, or io.EOF. An item
// whose line has no newline at the end of the file is marked truncated
// when it is not valid JSON on its own; that is for the decoder to say.
func (r *ndjsonReader) next() (*jsonItem, error) {
	for !r.done {
		it := &jsonItem{line: r.line, raw: r.rawBuf[:0]}
		blank := true
		for {
			frag, err := r.br.ReadSlice('\n')
			it.size += int64(len(frag))
			if blank && len(bytes.TrimSpace(frag)) > 0 {
				blank = false
			}
			if room := r.maxRecord - len(it.raw); room > 0 {
				it.raw = append(it.raw, frag[:min(room, len(frag))]...)
			}
			if err == nil {
				break
			}
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("read: %w", err)
			}
			r.done = true
			it.trunc = len(frag) > 0 || it.size > 0
			break
		}
		r.off += it.size
		r.line++
		r.rawBuf = it.raw[:0]
		if blank {
			continue
		}
		it.raw = bytes.TrimRight(it.raw, "\r\n")
		return it, nil
	}
	return nil, io.EOF
}
