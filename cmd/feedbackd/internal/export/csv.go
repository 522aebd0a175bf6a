package export

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// csvWriter writes RFC 4180 CSV: a header row, CRLF line ends, fields
// quoted when they hold a comma, quote or line break (or start with a
// space), UTF-8 without a byte-order mark. A null is an empty field;
// timestamps are ISO 8601 UTC with microseconds; list columns are joined
// with "|". The output is byte for byte what encoding/csv writes with
// UseCRLF (a line break in a field becomes CRLF, a lone CR is dropped),
// by a hand-written field writer that is several times faster.
//
// Every text cell is neutralised against spreadsheet formula injection: a
// cell starting with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, so Excel and LibreOffice show it as text instead of running
// it ("=HYPERLINK(...)" becomes "'=HYPERLINK(...)"). Numeric columns are
// written as numbers and left alone (a negative sentiment score stays
// -0.5). Strip one leading apostrophe to get the stored text back.
type csvWriter struct {
	w *bufio.Writer
	f *csvFormatter
	b []byte
}

// newCSVWriter writes the header and returns the writer.
func newCSVWriter(w io.Writer, shape Shape) (*csvWriter, error) {
	c := &csvWriter{w: bufio.NewWriterSize(w, 64<<10), f: &csvFormatter{shape: shape}}
	var b []byte
	for i, col := range shape.Columns() {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSVField(b, col)
	}
	if err := c.WriteBytes(append(b, '\r', '\n')); err != nil {
		return nil, fmt.Errorf("write csv header: %w", err)
	}
	return c, nil
}

// neutralise prefixes a cell a spreadsheet would read as a formula.
func neutralise(s string) string {
	if formulaLike(s) {
		return "'" + s
	}
	return s
}

// formulaLike reports whether a spreadsheet would read s as a formula.
func formulaLike(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// csvSpecial reports whether s holds a character that needs quotes.
func csvSpecial(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n', '\r', '"', ',':
			return true
		}
	}
	return false
}

// csvNeedsQuotes is encoding/csv's rule for comma-separated fields.
func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` || csvSpecial(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// appendCSVField appends s as one field, quoted if needed, as
// encoding/csv's Writer does with UseCRLF.
func appendCSVField(b []byte, s string) []byte {
	if !csvNeedsQuotes(s) {
		return append(b, s...)
	}
	return append(appendCSVEscaped(append(b, '"'), s), '"')
}

// appendCSVEscaped appends the inside of a quoted field: quotes doubled,
// line breaks as CRLF, a lone CR dropped.
func appendCSVEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			b = append(b, s[start:i+1]...)
			b = append(b, '"')
			start = i + 1
		case '\r':
			b = append(b, s[start:i]...)
			start = i + 1
		case '\n':
			b = append(b, s[start:i]...)
			b = append(b, '\r', '\n')
			start = i + 1
		}
	}
	return append(b, s[start:]...)
}

// appendCSVText appends a text field, neutralised: the field is
// neutralise(s), without building it.
func appendCSVText(b []byte, s string) []byte {
	if !formulaLike(s) {
		return appendCSVField(b, s)
	}
	// "'" + s starts with no space and is not `\.`: it needs quotes
	// exactly when it holds a special character.
	if !csvSpecial(s) {
		return append(append(b, '\''), s...)
	}
	b = append(b, '"', '\'')
	return append(appendCSVEscaped(b, s), '"')
}

// csvFormatter formats rows as CSV records. It is not safe for
// concurrent use: each decode worker has its own.
type csvFormatter struct {
	shape   Shape
	scratch []byte
}

// str returns f.scratch[from:] as a string without copying; it is valid
// until the scratch is next appended to.
func (f *csvFormatter) str(from int) string {
	s := f.scratch[from:]
	return unsafe.String(unsafe.SliceData(s), len(s))
}

func appendCSVInt(b []byte, p *int32) []byte {
	if p == nil {
		return b
	}
	return strconv.AppendInt(b, int64(*p), 10)
}

// AppendRows appends the row's record(s) and returns how many.
func (f *csvFormatter) AppendRows(b []byte, r *Row) ([]byte, int) {
	start := len(b)
	b = strconv.AppendUint(b, r.Seq, 10)
	b = append(b, ',')
	b = appendCSVText(b, r.ID)
	b = append(b, ',')
	b = appendCSVText(b, r.Source)
	b = append(b, ',')
	b = appendCSVText(b, r.Audience)
	b = append(b, ',')
	b = appendUTCTime(b, r.CreatedAt)
	b = append(b, ',')
	b = appendUTCTime(b, r.ReceivedAt)
	b = append(b, ',')
	f.scratch = f.scratch[:0]
	if f.shape == Wide {
		for i, fl := range r.Fields {
			if i > 0 {
				f.scratch = append(f.scratch, textSeparator...)
			}
			f.scratch = append(f.scratch, fl.Text...)
		}
		b = appendCSVText(b, f.str(0))
		b = append(b, ',')
		n := len(f.scratch)
		f.scratch = appendFieldsJSON(f.scratch, r.Fields)
		b = appendCSVField(b, f.str(n))
		b = append(b, ',')
	}
	if r.Tagged {
		b = appendCSVText(b, r.Sentiment)
		b = append(b, ',')
		b = strconv.AppendFloat(b, r.SentimentScore, 'g', -1, 64)
	} else {
		b = append(b, ',')
	}
	b = append(b, ',')
	b = appendCSVInt(b, r.NPS)
	b = append(b, ',')
	b = appendCSVInt(b, r.CSAT)
	b = append(b, ',')
	b = appendCSVInt(b, r.CES)
	b = append(b, ',')
	n := len(f.scratch)
	f.scratch = appendMetaJSON(f.scratch, r.Meta)
	b = appendCSVField(b, f.str(n))
	b = append(b, ',')
	if f.shape == Wide {
		n = len(f.scratch)
		for i, tp := range r.Touchpoints {
			if i > 0 {
				f.scratch = append(f.scratch, listSeparator...)
			}
			f.scratch = append(f.scratch, tp.ID...)
		}
		b = appendCSVText(b, f.str(n))
		b = append(b, ',')
		b = strconv.AppendBool(b, r.Untagged)
		b = append(b, ',')
		b = appendCSVText(b, r.TaxonomyVersion)
		b = append(b, ',')
		b = appendCSVText(b, r.LexiconVersion)
		b = append(b, ',')
		b = appendUTCTime(b, r.TaggedAt)
		b = append(b, ',')
		n = len(f.scratch)
		for i, s := range r.Redacted {
			if i > 0 {
				f.scratch = append(f.scratch, listSeparator...)
			}
			f.scratch = append(f.scratch, s...)
		}
		b = appendCSVText(b, f.str(n))
		return append(b, '\r', '\n'), 1
	}
	// Long: the columns before the touchpoint are the same in each of the
	// comment's records.
	if len(r.Touchpoints) == 0 {
		b = append(b, ",,,,"...)
		b = f.appendVersions(b, r)
		return b, 1
	}
	prefix := len(f.scratch)
	f.scratch = append(f.scratch, b[start:]...)
	for i, tp := range r.Touchpoints {
		if i > 0 {
			b = append(b, f.scratch[prefix:]...)
		}
		b = appendCSVText(b, tp.ID)
		b = append(b, ',')
		b = appendCSVText(b, tp.Label)
		b = append(b, ',')
		b = appendCSVText(b, tp.Sentiment)
		b = append(b, ',')
		b = strconv.AppendFloat(b, tp.Score, 'g', -1, 64)
		b = append(b, ',')
		b = f.appendVersions(b, r)
	}
	return b, len(r.Touchpoints)
}

func (f *csvFormatter) appendVersions(b []byte, r *Row) []byte {
	b = appendCSVText(b, r.TaxonomyVersion)
	b = append(b, ',')
	b = appendCSVText(b, r.LexiconVersion)
	return append(b, '\r', '\n')
}

func (c *csvWriter) newFormatter() rowFormatter { return &csvFormatter{shape: c.f.shape} }

// WriteRow writes the row's record(s).
func (c *csvWriter) WriteRow(r *Row) error {
	c.b, _ = c.f.AppendRows(c.b[:0], r)
	return c.WriteBytes(c.b)
}

// WriteBytes writes formatted records.
func (c *csvWriter) WriteBytes(b []byte) error {
	if _, err := c.w.Write(b); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// Close flushes what is buffered.
func (c *csvWriter) Close() error {
	if err := c.w.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
