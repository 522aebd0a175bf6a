package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
)

// bodyFormat is how a request body holds its items.
type bodyFormat int

// Body formats.
const (
	formatSniff  bodyFormat = iota // decide from the body itself
	formatJSON                     // one object, an array, or concatenated objects
	formatNDJSON                   // one object per line
)

// errMediaType marks a Content-Type the webhook does not read (415).
var errMediaType = errors.New("unsupported content type")

// formatOf maps a Content-Type header to a body format.
func formatOf(contentType string) (bodyFormat, error) {
	if strings.TrimSpace(contentType) == "" {
		return formatSniff, nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return 0, fmt.Errorf("%w %q: %v", errMediaType, contentType, err)
	}
	switch {
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return formatJSON, nil
	case mt == "application/x-ndjson" || mt == "application/ndjson" || mt == "application/jsonl" ||
		mt == "application/x-jsonlines" || mt == "application/jsonlines":
		return formatNDJSON, nil
	case mt == "text/plain" || mt == "application/octet-stream":
		return formatSniff, nil
	}
	return 0, fmt.Errorf("%w %q; send application/json (an object or an array of objects) or application/x-ndjson (one object per line)", errMediaType, mt)
}

// utf8BOM is the byte order mark some clients send first.
const utf8BOM = "\xEF\xBB\xBF"

// item is one top-level item of a body, or the bytes that could not be
// split into items.
type item struct {
	line   int64  // 1-based: the line in NDJSON, the item number otherwise
	offset int64  // byte offset of the item in the body
	raw    []byte // the item's bytes
	reason string // set when raw is not a well-formed JSON value
}

// splitBody cuts a body into items. It fails only when the body as a
// whole is not JSON of a supported shape; malformed JSON after the first
// item becomes an item with a reason, so the items before it still count.
func splitBody(body []byte, f bodyFormat) ([]item, error) {
	if bytes.HasPrefix(body, []byte(utf8BOM)) {
		copy(body, "   ") // keep offsets: the decoders do not skip a BOM
	}
	start := len(body) - len(bytes.TrimLeft(body, " \t\r\n"))
	if start == len(body) {
		return nil, fmt.Errorf("empty body: send a JSON object, a JSON array of objects or NDJSON")
	}
	first := body[start]
	if f == formatNDJSON {
		return splitLines(body), nil
	}
	switch first {
	case '[':
		return splitArray(body, start), nil
	case '{':
		if f == formatSniff && looksLikeNDJSON(body[start:]) {
			return splitLines(body), nil
		}
		return splitValues(body, start), nil
	}
	return nil, fmt.Errorf("body starts with %q: send a JSON object, a JSON array of objects or NDJSON (one object per line)", first)
}

// looksLikeNDJSON reports whether a body starting with '{' holds more than
// one value and its first line is a value by itself.
func looksLikeNDJSON(b []byte) bool {
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 || len(bytes.TrimSpace(b[nl:])) == 0 {
		return false
	}
	return json.Valid(b[:nl])
}

// splitArray cuts the elements of a top-level array.
func splitArray(body []byte, start int) []item {
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil { // the '[' at start
		return []item{broken(body, start, 1, err)}
	}
	var items []item
	for n := int64(1); ; n++ {
		if !dec.More() {
			break
		}
		off := skipSep(body, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return append(items, broken(body, off, n, err))
		}
		items = append(items, item{line: n, offset: int64(off), raw: raw})
	}
	end := int(dec.InputOffset())
	if _, err := dec.Token(); err != nil { // the closing ']'
		return append(items, broken(body, skipSep(body, end), int64(len(items)+1), err))
	}
	if rest := skipSep(body, int(dec.InputOffset())); rest < len(body) {
		return append(items, broken(body, rest, int64(len(items)+1), fmt.Errorf("unexpected data after the array's closing ]")))
	}
	return items
}

// splitValues cuts a sequence of concatenated top-level values (usually
// just one object).
func splitValues(body []byte, start int) []item {
	dec := json.NewDecoder(bytes.NewReader(body))
	var items []item
	for n := int64(1); ; n++ {
		off := skipSep(body, int(dec.InputOffset()))
		if off >= len(body) {
			return items
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return append(items, broken(body, off, n, err))
		}
		items = append(items, item{line: n, offset: int64(off), raw: raw})
	}
}

// splitLines cuts NDJSON into one item per non-blank line. A malformed
// line is an item with a reason; the lines after it are read as usual.
func splitLines(body []byte) []item {
	var items []item
	off := 0
	for line := int64(1); off < len(body); line++ {
		end := bytes.IndexByte(body[off:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += off
		}
		raw := bytes.TrimRight(body[off:end], "\r")
		lead := len(raw) - len(bytes.TrimLeft(raw, "\ufeff \t"))
		raw = bytes.TrimSpace(raw[lead:])
		if len(raw) > 0 {
			it := item{line: line, offset: int64(off + lead), raw: raw}
			var v json.RawMessage
			if err := json.Unmarshal(raw, &v); err != nil {
				at := it.offset
				var se *json.SyntaxError
				if errors.As(err, &se) {
					at += se.Offset
				}
				it.reason = fmt.Sprintf("malformed JSON on line %d at byte %d of the body: %v", line, at, err)
			}
			items = append(items, it)
		}
		off = end + 1
	}
	return items
}

// broken is the item for bytes from off to the end of the body that could
// not be split: the decoder stopped at a syntax error, so nothing after it
// is read.
func broken(body []byte, off int, n int64, err error) item {
	at := int64(off)
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		at = se.Offset // the decoder's offset can stop short of the culprit
		for at < int64(len(body)) && strings.IndexByte(" \t\r\n", body[at]) >= 0 {
			at++
		}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		at = int64(len(body))
		err = fmt.Errorf("truncated JSON: the body ends inside this item")
		if off >= len(body) {
			err = fmt.Errorf("truncated JSON: the body ends before the array's closing ]")
		}
	}
	return item{
		line:   n,
		offset: int64(off),
		raw:    body[min(off, len(body)):],
		reason: fmt.Sprintf("malformed JSON at byte %d of the body: %v; the rest of the body (%d bytes from byte %d) was not read", at, err, len(body)-min(off, len(body)), off),
	}
}

// skipSep returns the offset of the first byte at or after off that is
// neither JSON whitespace nor an element-separating comma.
func skipSep(b []byte, off int) int {
	for off < len(b) {
		switch b[off] {
		case ' ', '\t', '\r', '\n', ',':
			off++
		default:
			return off
		}
	}
	return off
}
