// Package ndjson reads newline-delimited JSON as lines of bounded length and
// runs a function over them in parallel while writing the results in input
// order. It does not decode JSON itself: what a line means is the caller's
// business, so `feedbackd classify` and `feedbackd eval` share the reading
// rules (line numbers, blank lines, the length limit) without sharing types.
package ndjson

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxLine is the default limit on the length of one line: 8 MiB.
const DefaultMaxLine = 8 << 20

// ErrTooLong marks a line longer than the reader's limit. The line's bytes
// are skipped; reading continues with the next line.
var ErrTooLong = errors.New("line too long")

// Line is one non-blank input line.
type Line struct {
	N    int    // 1-based line number in the input, counting blank lines
	Data []byte // the line without its line ending; nil when Err is set
	Err  error  // ErrTooLong (wrapped) when the line exceeded the limit
}

// Reader splits input into lines. Blank lines (only spaces, tabs and a
// trailing CR) are skipped but counted, so line numbers match an editor's.
type Reader struct {
	br  *bufio.Reader
	max int
	n   int
	buf []byte
}

// NewReader returns a Reader that rejects lines longer than max bytes
// (DefaultMaxLine when max <= 0). Memory use is bounded by max.
func NewReader(r io.Reader, max int) *Reader {
	if max <= 0 {
		max = DefaultMaxLine
	}
	return &Reader{br: bufio.NewReaderSize(r, 64<<10), max: max}
}

// Next returns the next non-blank line, or io.EOF after the last one. The
// returned Data is a fresh slice the caller may keep.
func (r *Reader) Next() (Line, error) {
	for {
		data, tooLong, err := r.readLine()
		if err != nil && (err != io.EOF || (len(data) == 0 && !tooLong)) {
			return Line{}, err
		}
		r.n++
		if tooLong {
			return Line{N: r.n, Err: fmt.Errorf("%w: longer than %d bytes", ErrTooLong, r.max)}, nil
		}
		if len(bytes.TrimSpace(data)) == 0 {
			if err == io.EOF {
				return Line{}, io.EOF
			}
			continue
		}
		return Line{N: r.n, Data: bytes.Clone(data)}, nil
	}
}

// readLine reads one line into r.buf, dropping the line ending. When the
// line exceeds the limit it discards the rest of it and reports tooLong.
// err is io.EOF when the input ended (data may still hold a last line).
func (r *Reader) readLine() (data []byte, tooLong bool, err error) {
	r.buf = r.buf[:0]
	for {
		chunk, err := r.br.ReadSlice('\n')
		if !tooLong {
			if len(r.buf)+len(chunk) > r.max+2 { // +2: the line ending is not counted
				tooLong = true
				r.buf = r.buf[:0]
			} else {
				r.buf = append(r.buf, chunk...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err != nil && err != io.EOF:
			return nil, false, fmt.Errorf("read line %d: %w", r.n+1, err)
		}
		line := bytes.TrimSuffix(bytes.TrimSuffix(r.buf, []byte("\n")), []byte("\r"))
		if !tooLong && len(line) > r.max {
			tooLong, line = true, nil
		}
		if err == io.EOF && len(line) == 0 && !tooLong && len(chunk) == 0 {
			return nil, false, io.EOF
		}
		return line, tooLong, err
	}
}
