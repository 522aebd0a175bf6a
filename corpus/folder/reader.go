package folder

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/fieldmap"
)

// rawLimit bounds the raw bytes kept with a reject for an item that was
// too long to hold; shorter items keep all their bytes.
const rawLimit = 64 << 10

// position is how far a file has been read: the offset and line after the
// last item returned and how many items that was.
type position struct {
	off, line, items int64
}

// itemReader reads one file's items as records.
type itemReader interface {
	// next returns the next record and the input bytes it took, or io.EOF
	// after the last. Other errors are the file's own read errors.
	next() (corpus.Record, int64, error)
	// pos is the position after the last record returned.
	pos() position
}

// badFileError marks a file that cannot be read at all; it goes to
// failed/ with the error beside it.
type badFileError struct{ err error }

func (e *badFileError) Error() string { return e.err.Error() }
func (e *badFileError) Unwrap() error { return e.err }

// badFile wraps an error as a bad-file error.
func badFile(format string, args ...any) error {
	return &badFileError{fmt.Errorf(format, args...)}
}

// formatOf returns the format of a file name from its extension, or "".
func formatOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return FormatCSV
	case ".tsv", ".tab":
		return FormatTSV
	case ".json":
		return FormatJSON
	case ".ndjson", ".jsonl":
		return FormatNDJSON
	}
	return ""
}

// fileContext is what every record of one file shares.
type fileContext struct {
	m      *mapper
	source string
	name   string // file name, for rejects
	mtime  time.Time
	now    func() time.Time
	absent []string // mapped optional columns the file lacks, for its log line
}

// rejectRecord builds a reject record from an item of size bytes of which
// raw holds the first ones; a long item keeps only rawLimit of them.
func (fc *fileContext) rejectRecord(line int64, raw []byte, size int64, reason string) corpus.Record {
	rj := &corpus.Reject{Source: fc.source, File: fc.name, Line: line, Reason: reason, At: fc.now()}
	if size > int64(len(raw)) || len(raw) > rawLimit {
		raw = raw[:min(len(raw), rawLimit)]
		rj.Truncated, rj.RawSize = true, size
		rj.Reason = fmt.Sprintf("%s (raw record truncated from %d to %d bytes; the whole record is in %s line %d)",
			reason, size, len(raw), fc.name, line)
	}
	rj.Raw = bytes.Clone(raw)
	return corpus.Record{Reject: rj, File: fc.name, Line: line}
}

// openReader returns a reader for f positioned at p (the zero position is
// the start). It returns a *badFileError when the file cannot be read as
// its format under the mapping.
func openReader(f *os.File, format string, cfg *Config, fc *fileContext, p position) (itemReader, error) {
	if err := sniff(f); err != nil {
		return nil, &badFileError{err}
	}
	var r itemReader
	switch format {
	case FormatCSV, FormatTSV:
		cr, err := newCSVFile(f, cfg.delimiter(format), cfg, fc)
		if err != nil {
			return nil, err
		}
		r = cr
	case FormatJSON:
		jr, err := newJSONReader(f, cfg.MaxRecordBytes)
		if err != nil {
			return nil, &badFileError{err}
		}
		r = &jsonFile{fc: fc, src: jr, maxRecord: cfg.MaxRecordBytes, p: position{off: jr.off, line: jr.line}}
	case FormatNDJSON:
		nr := newNDJSONReader(f, cfg.MaxRecordBytes)
		r = &jsonFile{fc: fc, src: nr, ndjson: true, maxRecord: cfg.MaxRecordBytes, p: position{off: nr.off, line: nr.line}}
	default:
		return nil, badFile("unsupported format %q", format)
	}
	if p.off > 0 {
		if err := seekTo(r, p); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// seekTo resumes a reader at a checkpointed position.
func seekTo(r itemReader, p position) error {
	switch r := r.(type) {
	case *csvFile:
		r.p = p
		return r.src.seek(p.off, p.line)
	case *jsonFile:
		r.p = p
		return r.src.seek(p.off, p.line)
	}
	return fmt.Errorf("reader %T cannot seek", r)
}

// jsonSource is a jsonReader or an ndjsonReader.
type jsonSource interface {
	next() (*jsonItem, error)
	seek(off, line int64) error
}

// jsonFile turns JSON or NDJSON items into records.
type jsonFile struct {
	fc        *fileContext
	src       jsonSource
	ndjson    bool
	maxRecord int
	p         position
}

func (j *jsonFile) pos() position { return j.p }

func (j *jsonFile) next() (corpus.Record, int64, error) {
	it, err := j.src.next()
	if err != nil {
		return corpus.Record{}, 0, err
	}
	j.p.items++
	switch r := j.src.(type) {
	case *jsonReader:
		j.p.off, j.p.line = r.off, r.line
	case *ndjsonReader:
		j.p.off, j.p.line = r.off, r.line
	}
	kind, n := "item", j.p.items
	if j.ndjson {
		kind, n = "line", it.line
	}
	where := fmt.Sprintf("%s %d", kind, n)
	fc := j.fc
	switch {
	case it.reason != "":
		return fc.rejectRecord(it.line, it.raw, it.size, it.reason), it.size, nil
	case it.size > int64(j.maxRecord):
		reason := fmt.Sprintf("%s: record longer than %d bytes (max_record_bytes): %d bytes", where, j.maxRecord, it.size)
		if it.long > int64(fc.m.maxText) {
			reason = fmt.Sprintf("%s: text longer than %d bytes: a string of %d bytes in a record of %d bytes", where, fc.m.maxText, it.long, it.size)
		}
		if it.trunc {
			reason += "; the file ends inside it (truncated JSON)"
		}
		return fc.rejectRecord(it.line, it.raw, it.size, reason), it.size, nil
	}
	dec := json.NewDecoder(bytes.NewReader(it.raw))
	dec.UseNumber()
	var v any
	err = dec.Decode(&v)
	if err == nil && dec.More() {
		err = errors.New("unexpected data after the JSON value")
	}
	if err != nil {
		reason := fmt.Sprintf("%s: invalid JSON: %v", where, err)
		if it.trunc && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || strings.Contains(err.Error(), "unexpected end")) {
			reason = fmt.Sprintf("%s: truncated JSON: the file ends inside the item (%d bytes)", where, it.size)
		}
		return fc.rejectRecord(it.line, it.raw, it.size, reason), it.size, nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return fc.rejectRecord(it.line, it.raw, it.size, fmt.Sprintf("%s: is a JSON %s, not an object", where, fieldmap.Kind(v))), it.size, nil
	}
	c, rerr := fc.m.comment(jsonValues{obj: obj, keys: fc.m.keys}, fc.mtime, fc.now())
	if rerr != nil {
		return fc.rejectRecord(it.line, it.raw, it.size, where+": "+rerr.reason), it.size, nil
	}
	return corpus.Record{Comment: c, File: fc.name, Line: it.line}, it.size, nil
}
