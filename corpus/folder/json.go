package folder

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// jsonItem is one top-level item of a JSON or NDJSON file.
type jsonItem struct {
	line  int64  // line the item starts on
	size  int64  // its length in bytes
	raw   []byte // its bytes, at most maxRecord of them
	long  int64  // length of its longest string when size > maxRecord
	trunc bool   // the file ends inside the item
	// reason, when set, says why the bytes are not an item at all (the
	// rest of a file that lost its structure).
	reason string
}

// jsonReader streams the items of a JSON file: either one top-level array
// of objects or a sequence of objects. It finds each item's end by
// scanning brackets and strings itself rather than with json.Decoder,
// which would buffer a whole item: an item longer than maxRecord is
// measured and skipped, never held in memory, and every item's offset and
// line are known, so reading can resume after any item.
type jsonReader struct {
	f         io.ReadSeeker
	br        *bufio.Reader
	maxRecord int
	off, line int64
	array     bool // items are elements of a top-level array
	started   bool // the first item has been read (or resumed past)
	done      bool
	rawBuf    []byte // reused for each item's raw bytes
}

// newJSONReader returns a reader at the start of f. It fails when the
// file's top-level value is neither an array nor an object.
func newJSONReader(f io.ReadSeeker, maxRecord int) (*jsonReader, error) {
	r := &jsonReader{f: f, br: bufio.NewReaderSize(f, 64<<10), maxRecord: maxRecord, line: 1}
	if b, _ := r.br.Peek(3); bytes.HasPrefix(b, []byte(utf8BOM)) {
		r.br.Discard(3)
		r.off = 3
	}
	c, err := r.skipSpace()
	switch {
	case errors.Is(err, io.EOF):
		r.done = true
	case err != nil:
		return nil, err
	case c == '[':
		r.array = true
		r.readByte()
	case c == '{':
	default:
		return nil, fmt.Errorf("line %d: top-level JSON value starts with %q; want an array of objects (or NDJSON in a .ndjson file)", r.line, c)
	}
	return r, nil
}

// seek moves the reader to just after an item.
func (r *jsonReader) seek(off, line int64) error {
	if _, err := r.f.Seek(off, io.SeekStart); err != nil {
		return fmt.Errorf("seek to byte %d: %w", off, err)
	}
	r.br.Reset(r.f)
	r.off, r.line, r.started, r.done = off, line, true, false
	return nil
}

// readByte reads one byte and keeps the offset and line count.
func (r *jsonReader) readByte() (byte, error) {
	b, err := r.br.ReadByte()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			err = fmt.Errorf("read: %w", err)
		}
		return 0, err
	}
	r.off++
	if b == '\n' {
		r.line++
	}
	return b, nil
}

// skipSpace skips JSON whitespace and returns the next byte unread.
func (r *jsonReader) skipSpace() (byte, error) {
	for {
		b, err := r.br.Peek(1)
		if err != nil {
			if !errors.Is(err, io.EOF) {
				err = fmt.Errorf("read: %w", err)
			}
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			r.readByte()
		default:
			return b[0], nil
		}
	}
}

// next returns the next item, or io.EOF after the last one.
func (r *jsonReader) next() (*jsonItem, error) {
	if r.done {
		return nil, io.EOF
	}
	c, err := r.skipSpace()
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	eof := errors.Is(err, io.EOF)
	if r.array {
		switch {
		case eof:
			r.done = true
			return &jsonItem{line: r.line, reason: "truncated JSON: the file ends before the array's closing ]"}, nil
		case c == ']':
			r.readByte()
			r.done = true
			if c, err := r.skipSpace(); err == nil {
				return r.rest(fmt.Sprintf("line %d: unexpected %q after the array's closing ]", r.line, c))
			}
			return nil, io.EOF
		case r.started && c != ',':
			return r.rest(fmt.Sprintf("line %d: unexpected %q after an item; want , or ]", r.line, c))
		case r.started:
			r.readByte()
			if c, err = r.skipSpace(); errors.Is(err, io.EOF) {
				r.done = true
				return &jsonItem{line: r.line, reason: "truncated JSON: the file ends after a comma"}, nil
			} else if err != nil {
				return nil, err
			}
		}
	} else if eof {
		r.done = true
		return nil, io.EOF
	}
	r.started = true
	return r.item(c)
}

// item scans one value starting with c. Its raw bytes are valid until the
// next call.
func (r *jsonReader) item(c byte) (*jsonItem, error) {
	it := &jsonItem{line: r.line, raw: r.rawBuf[:0]}
	defer func() { r.rawBuf = it.raw[:0] }()
	start := r.off
	depth, inString, escaped := 0, false, false
	var strLen int64
	for {
		b, err := r.br.ReadByte()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return nil, fmt.Errorf("read: %w", err)
			}
			if depth == 0 && !inString && c != '{' && c != '[' && c != '"' {
				break // a bare scalar at the end of the file
			}
			it.trunc = true
			r.done = true
			break
		}
		if depth == 0 && !inString && c != '{' && c != '[' && c != '"' && r.off > start {
			if b == ',' || b == ']' || b == ' ' || b == '\n' || b == '\r' || b == '\t' {
				r.br.UnreadByte()
				break
			}
		}
		r.off++
		if b == '\n' {
			r.line++
		}
		if len(it.raw) < r.maxRecord {
			it.raw = append(it.raw, b)
		}
		if inString {
			strLen++
			switch {
			case escaped:
				escaped = false
			case b == '\\':
				escaped = true
			case b == '"':
				inString = false
				it.long = max(it.long, strLen-1)
			}
			if !inString && depth == 0 {
				break
			}
			continue
		}
		switch b {
		case '"':
			inString, strLen = true, 0
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		}
		if depth == 0 && (b == '}' || b == ']') {
			break
		}
	}
	it.size = r.off - start
	return it, nil
}

// rest returns the remainder of a file that lost its structure as one
// item, so it is quarantined and counted instead of dropped.
func (r *jsonReader) rest(reason string) (*jsonItem, error) {
	it := &jsonItem{line: r.line, reason: reason}
	start := r.off
	for {
		b, err := r.readByte()
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return nil, err
			}
			break
		}
		if len(it.raw) < r.maxRecord {
			it.raw = append(it.raw, b)
		}
	}
	it.size = r.off - start
	r.done = true
	it.reason = fmt.Sprintf("%s; the rest of the file (%d bytes) was not parsed", reason, it.size)
	return it, nil
}
