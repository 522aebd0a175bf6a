package folder

import (
	"fmt"
	"io"
	"strings"

	"github.com/feedbackd/feedbackd/corpus"
)

// csvFile turns the records of a CSV or TSV file into comments. Its first
// record is the header that names the columns the mapping refers to.
type csvFile struct {
	fc     *fileContext
	src    *csvReader
	header []string
	cols   []int // column index per mapping key; -1 when absent
	p      position
	empty  bool // the file has no header at all
}

// newCSVFile reads the header and resolves the mapping's columns (exact
// name first, then ignoring case). A header that does not parse, or lacks a
// text or created_at column, makes the file a bad file; missing id,
// audience, score and meta columns leave those fields empty and are listed
// in fc.absent for the file's log line.
func newCSVFile(f io.ReadSeeker, comma byte, cfg *Config, fc *fileContext) (*csvFile, error) {
	src, err := newCSVReader(f, comma, cfg.MaxTextBytes, cfg.MaxRecordBytes)
	if err != nil {
		return nil, err
	}
	c := &csvFile{fc: fc, src: src}
	h, err := src.next()
	if err == io.EOF {
		c.empty = true
		c.p = position{off: src.off, line: src.line}
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	if h.reason != "" || h.fields == nil {
		reason := h.reason
		if reason == "" {
			reason = "header longer than max_record_bytes"
		}
		return nil, badFile("header (line %d): %s", h.line, reason)
	}
	c.header = h.fields
	index := map[string]int{}
	for i, name := range h.fields {
		name = strings.TrimSpace(name)
		if _, dup := index[name]; !dup {
			index[name] = i
		}
	}
	m := fc.m
	c.cols = make([]int, len(m.keys))
	var missing []string
	for k, key := range m.keys {
		i, ok := index[key]
		if !ok {
			i, ok = foldIndex(h.fields, key)
		}
		if !ok {
			i = -1
			switch what := m.what[k]; {
			case what == "columns.text" || what == "columns.created_at":
				missing = append(missing, fmt.Sprintf("%s %q", what, key))
			case what != "columns.meta":
				// An export without a score, id or audience column is
				// still a good export: those fields stay empty.
				fc.absent = append(fc.absent, fmt.Sprintf("%s %q", what, key))
			}
		}
		c.cols[k] = i
	}
	if len(missing) > 0 {
		return nil, badFile("header (line %d) lacks mapped columns %s; it has %q", h.line, strings.Join(missing, ", "), h.fields)
	}
	c.p = position{off: src.off, line: src.line}
	return c, nil
}

// foldIndex finds a header cell equal to name ignoring case and
// surrounding space, for exports that change a column's capitalisation.
func foldIndex(header []string, name string) (int, bool) {
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return i, true
		}
	}
	return -1, false
}

func (c *csvFile) pos() position { return c.p }

func (c *csvFile) next() (corpus.Record, int64, error) {
	if c.empty {
		return corpus.Record{}, 0, io.EOF
	}
	rec, err := c.src.next()
	if err != nil {
		return corpus.Record{}, 0, err
	}
	c.p = position{off: c.src.off, line: c.src.line, items: c.p.items + 1}
	fc := c.fc
	switch {
	case rec.reason != "":
		return fc.rejectRecord(rec.line, rec.raw, rec.size, rec.reason), rec.size, nil
	case rec.fields == nil:
		reason := fmt.Sprintf("record longer than %d bytes (max_record_bytes): %d bytes", c.src.maxRecord, rec.size)
		if rec.long >= 0 && rec.longLen > int64(c.src.maxField) {
			reason = fmt.Sprintf("text longer than %d bytes: column %s has %d bytes", c.src.maxField, c.columnName(rec.long), rec.longLen)
		}
		return fc.rejectRecord(rec.line, rec.raw, rec.size, reason), rec.size, nil
	case len(rec.fields) != len(c.header):
		return fc.rejectRecord(rec.line, rec.raw, rec.size, fmt.Sprintf("line %d: %d columns, header has %d", rec.line, len(rec.fields), len(c.header))), rec.size, nil
	}
	cm, rerr := fc.m.comment(csvValues{fields: rec.fields, cols: c.cols}, fc.mtime, fc.now())
	if rerr != nil {
		return fc.rejectRecord(rec.line, rec.raw, rec.size, fmt.Sprintf("line %d: %s", rec.line, rerr.reason)), rec.size, nil
	}
	return corpus.Record{Comment: cm, File: fc.name, Line: rec.line}, rec.size, nil
}

// columnName names column i for a reason: its header name, or its number.
func (c *csvFile) columnName(i int) string {
	if i < len(c.header) {
		return fmt.Sprintf("%q", c.header[i])
	}
	return fmt.Sprintf("%d", i+1)
}

// csvValues gives a mapper the cells of one CSV record.
type csvValues struct {
	fields []string
	cols   []int
}

func (v csvValues) value(k int) (string, bool, bool) {
	i := v.cols[k]
	if i < 0 || i >= len(v.fields) {
		return "", false, false
	}
	return v.fields[i], true, false
}
