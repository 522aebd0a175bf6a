package folder

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// maxEOFResyncs bounds how often one file may send the CSV reader to the
// end of the file looking for a closing quote. Each such quote costs a
// scan of the rest of the file; past the bound the remainder is rejected
// as one item instead of being rescanned again and again.
const maxEOFResyncs = 8

// csvRecord is one CSV record with where it came from.
type csvRecord struct {
	line   int64    // line the record starts on, 1-based
	start  int64    // byte offset of its first byte
	raw    []byte   // its bytes as read, at most maxRecord of them
	fields []string // its cells; nil when reason is set
	// reason says why the record could not be parsed; "" when it could.
	reason string
	// long is the index of the first cell longer than the limit, or -1;
	// longLen is that cell's length and size the record's.
	long    int
	longLen int64
	size    int64
}

// csvReader reads CSV (RFC 4180, with CRLF or LF line ends) from a
// seekable file and reports each record's offset and line. It never holds
// more than maxRecord bytes of a record: longer cells are measured and
// skipped. A malformed record (a stray or unclosed quote) is reported with
// a reason and the reader resumes at the line after the one it started on,
// so one bad quote never swallows the rows after it.
type csvReader struct {
	f         io.ReadSeeker
	br        *bufio.Reader
	comma     byte
	maxField  int
	maxRecord int
	off       int64 // offset of the next unread byte
	line      int64 // line of the next unread byte
	resyncs   int   // unclosed quotes that ran to the end of the file
	done      bool

	buf    []byte // cell bytes of the current record
	ends   []int  // end of each cell in buf
	rawBuf []byte // reused for each record's raw bytes
}

// newCSVReader returns a reader at the start of f, past a UTF-8 BOM.
func newCSVReader(f io.ReadSeeker, comma byte, maxField, maxRecord int) (*csvReader, error) {
	r := &csvReader{f: f, br: bufio.NewReaderSize(f, 64<<10), comma: comma, maxField: maxField, maxRecord: maxRecord, line: 1}
	if err := r.skipBOM(); err != nil {
		return nil, err
	}
	return r, nil
}

// skipBOM drops a UTF-8 byte order mark at the start of the input.
func (r *csvReader) skipBOM() error {
	b, err := r.br.Peek(3)
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read: %w", err)
	}
	if bytes.HasPrefix(b, []byte(utf8BOM)) {
		r.br.Discard(3)
		r.off = 3
	}
	return nil
}

// seek moves the reader to a byte offset known to start a line.
func (r *csvReader) seek(off, line int64) error {
	if _, err := r.f.Seek(off, io.SeekStart); err != nil {
		return fmt.Errorf("seek to byte %d: %w", off, err)
	}
	r.br.Reset(r.f)
	r.off, r.line, r.done = off, line, false
	return nil
}

// readByte reads one byte and keeps the offset and line count.
func (r *csvReader) readByte() (byte, error) {
	b, err := r.br.ReadByte()
	if err != nil {
		return 0, err
	}
	r.off++
	if b == '\n' {
		r.line++
	}
	return b, nil
}

// next returns the next record, or io.EOF after the last one. Other errors
// are read errors of the file itself. Blank lines are skipped. The
// record's raw bytes are valid until the next call.
func (r *csvReader) next() (*csvRecord, error) {
	rec, err := r.read()
	if rec != nil {
		r.rawBuf = rec.raw[:0]
	}
	return rec, err
}

// read parses the next record.
func (r *csvReader) read() (*csvRecord, error) {
	if r.done {
		return nil, io.EOF
	}
	rec := &csvRecord{long: -1}
	r.buf, r.ends = r.buf[:0], r.ends[:0]
	// Skip blank lines.
	for {
		b, err := r.br.Peek(1)
		if err != nil {
			if errors.Is(err, io.EOF) {
				r.done = true
				return nil, io.EOF
			}
			return nil, fmt.Errorf("read: %w", err)
		}
		if b[0] == '\n' {
			r.readByte()
			continue
		}
		if b[0] == '\r' {
			if b2, _ := r.br.Peek(2); len(b2) == 2 && b2[1] == '\n' {
				r.readByte()
				r.readByte()
				continue
			}
		}
		break
	}
	rec.line, rec.start = r.line, r.off
	firstLineEnd := int64(-1) // offset after the record's first newline
	lineStart := r.off        // for column numbers
	raw := r.rawBuf[:0]
	keep := func(b byte) {
		if len(raw) < r.maxRecord {
			raw = append(raw, b)
		}
	}
	read := func() (byte, error) {
		b, err := r.readByte()
		if err == nil {
			keep(b)
			if b == '\n' {
				if firstLineEnd < 0 {
					firstLineEnd = r.off
				}
				lineStart = r.off
			}
		}
		return b, err
	}
	cell := func(b byte) {
		n := len(r.buf)
		if len(r.ends) > 0 {
			n -= r.ends[len(r.ends)-1]
		}
		if n < r.maxField && len(r.buf) < r.maxRecord {
			r.buf = append(r.buf, b)
			return
		}
		if rec.long < 0 {
			rec.long = len(r.ends)
		}
	}
	cellLen := int64(0)
	endCell := func() {
		if rec.long == len(r.ends) && cellLen > rec.longLen {
			rec.longLen = cellLen
		}
		r.ends = append(r.ends, len(r.buf))
		cellLen = 0
	}
	fail := func(format string, args ...any) (*csvRecord, error) {
		rec.reason = fmt.Sprintf(format, args...)
		return r.recover(rec, raw, firstLineEnd)
	}
	for {
		// Start of a cell.
		b, err := read()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("read: %w", err)
			}
			endCell()
			break
		}
		if b == '"' {
			qline, qcol := r.line, r.off-lineStart
			closed := false
			for !closed {
				b, err := read()
				if err != nil {
					if !errors.Is(err, io.EOF) {
						return nil, fmt.Errorf("read: %w", err)
					}
					return r.unclosed(rec, raw, firstLineEnd, qline, qcol)
				}
				if b != '"' {
					if b == '\r' {
						if p, _ := r.br.Peek(1); len(p) == 1 && p[0] == '\n' {
							continue // CRLF inside quotes reads as LF
						}
					}
					cell(b)
					cellLen++
					continue
				}
				p, err := r.br.Peek(1)
				switch {
				case err != nil && errors.Is(err, io.EOF):
					closed = true
				case err != nil:
					return nil, fmt.Errorf("read: %w", err)
				case p[0] == '"':
					read()
					cell('"')
					cellLen++
				case p[0] == r.comma || p[0] == '\n' || p[0] == '\r':
					closed = true
				default:
					return fail("line %d column %d: unexpected %q after the closing quote of a quoted cell", r.line, r.off-lineStart+1, p[0])
				}
			}
			// After the closing quote: delimiter, line end or EOF.
			b, err := read()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					return nil, fmt.Errorf("read: %w", err)
				}
				endCell()
				break
			}
			if b == '\r' {
				if p, _ := r.br.Peek(1); len(p) == 1 && p[0] == '\n' {
					read()
					b = '\n'
				} else {
					return fail("line %d column %d: unexpected carriage return after a quoted cell", r.line, r.off-lineStart)
				}
			}
			endCell()
			if b == '\n' {
				break
			}
			continue
		}
		// Unquoted cell.
		for {
			if b == r.comma {
				endCell()
				break
			}
			if b == '\n' {
				endCell()
				return r.finish(rec, raw)
			}
			if b == '\r' {
				if p, _ := r.br.Peek(1); len(p) == 1 && p[0] == '\n' {
					read()
					endCell()
					return r.finish(rec, raw)
				}
			}
			if b == '"' {
				return fail("line %d column %d: bare quote in an unquoted cell (quote the cell and double the quote)", r.line, r.off-lineStart)
			}
			cell(b)
			cellLen++
			b, err = read()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					return nil, fmt.Errorf("read: %w", err)
				}
				endCell()
				return r.finish(rec, raw)
			}
		}
		if b == '\n' {
			break
		}
	}
	return r.finish(rec, raw)
}

// finish fills in a parsed record's cells.
func (r *csvReader) finish(rec *csvRecord, raw []byte) (*csvRecord, error) {
	rec.raw = raw
	rec.size = r.off - rec.start
	if rec.long >= 0 || rec.size > int64(r.maxRecord) {
		return rec, nil // too long: the caller rejects it without cells
	}
	rec.fields = make([]string, len(r.ends))
	s := string(r.buf)
	prev := 0
	for i, e := range r.ends {
		rec.fields[i] = s[prev:e]
		prev = e
	}
	return rec, nil
}

// recover ends a malformed record: it keeps only the record's first line
// and, when the parser has read past that line, goes back to the line
// after it; otherwise it skips the rest of the current line.
func (r *csvReader) recover(rec *csvRecord, raw []byte, firstLineEnd int64) (*csvRecord, error) {
	if firstLineEnd >= 0 {
		if n := firstLineEnd - rec.start; n < int64(len(raw)) {
			raw = raw[:n]
		}
		rec.raw = raw
		rec.size = firstLineEnd - rec.start
		return rec, r.seek(firstLineEnd, rec.line+1)
	}
	for {
		b, err := r.br.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("read: %w", err)
		}
		r.off++
		if len(raw) < r.maxRecord {
			raw = append(raw, b)
		}
		if b == '\n' {
			r.line++
			break
		}
	}
	rec.raw = raw
	rec.size = r.off - rec.start
	return rec, nil
}

// unclosed handles a quote that is never closed before the end of the file.
func (r *csvReader) unclosed(rec *csvRecord, raw []byte, firstLineEnd, qline, qcol int64) (*csvRecord, error) {
	r.resyncs++
	if r.resyncs > maxEOFResyncs {
		rec.raw = raw
		rec.size = r.off - rec.start
		rec.reason = fmt.Sprintf("line %d column %d: quote never closed; after %d such quotes the reader stopped resyncing: lines %d–%d (%d bytes) were not parsed",
			qline, qcol, maxEOFResyncs, rec.line, r.line, rec.size)
		r.done = true
		return rec, nil
	}
	rec.reason = fmt.Sprintf("line %d column %d: quote never closed before the end of the file; reading resumed at line %d", qline, qcol, rec.line+1)
	if firstLineEnd < 0 {
		rec.reason = fmt.Sprintf("line %d column %d: quote never closed before the end of the file", qline, qcol)
	}
	return r.recover(rec, raw, firstLineEnd)
}
