package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

// csvWriter writes RFC 4180 CSV: a header row, CRLF line ends, fields
// quoted when they hold a comma, quote or line break, UTF-8 without a
// byte-order mark. A null is an empty field; timestamps are ISO 8601 UTC
// with microseconds; list columns are joined with "|".
//
// Every text cell is neutralised against spreadsheet formula injection: a
// cell starting with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, so Excel and LibreOffice show it as text instead of running
// it ("=HYPERLINK(...)" becomes "'=HYPERLINK(...)"). Numeric columns are
// written as numbers and left alone (a negative sentiment score stays
// -0.5). Strip one leading apostrophe to get the stored text back.
type csvWriter struct {
	buf    *bufio.Writer
	w      *csv.Writer
	shape  Shape
	record []string
	meta   []byte
}

// newCSVWriter writes the header and returns the writer.
func newCSVWriter(w io.Writer, shape Shape) (*csvWriter, error) {
	buf := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(buf)
	cw.UseCRLF = true
	c := &csvWriter{buf: buf, w: cw, shape: shape, record: make([]string, len(shape.Columns()))}
	if err := cw.Write(shape.Columns()); err != nil {
		return nil, fmt.Errorf("write csv header: %w", err)
	}
	return c, nil
}

// neutralise prefixes a cell a spreadsheet would read as a formula.
func neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func csvTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func csvInt(p *int32) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(int(*p))
}

// WriteRow writes the row's record(s).
func (c *csvWriter) WriteRow(r *Row) error {
	rec := c.record
	rec[0] = strconv.FormatUint(r.Seq, 10)
	rec[1] = neutralise(r.ID)
	rec[2] = neutralise(r.Source)
	rec[3] = neutralise(r.Audience)
	rec[4] = csvTime(r.CreatedAt)
	rec[5] = csvTime(r.ReceivedAt)
	sentiment, score := "", ""
	if r.Tagged {
		sentiment, score = neutralise(r.Sentiment), formatFloat(r.SentimentScore)
	}
	c.meta = appendMetaJSON(c.meta[:0], r.Meta)
	if c.shape == Wide {
		rec[6] = neutralise(r.Text())
		rec[7] = string(appendFieldsJSON(nil, r.Fields))
		rec[8], rec[9] = sentiment, score
		rec[10], rec[11], rec[12] = csvInt(r.NPS), csvInt(r.CSAT), csvInt(r.CES)
		rec[13] = string(c.meta)
		rec[14] = neutralise(joinList(touchpointIDs(r)))
		rec[15] = strconv.FormatBool(r.Untagged)
		rec[16], rec[17] = neutralise(r.TaxonomyVersion), neutralise(r.LexiconVersion)
		rec[18] = csvTime(r.TaggedAt)
		rec[19] = neutralise(joinList(r.Redacted))
		return c.write(rec)
	}
	rec[6], rec[7] = sentiment, score
	rec[8], rec[9], rec[10] = csvInt(r.NPS), csvInt(r.CSAT), csvInt(r.CES)
	rec[11] = string(c.meta)
	rec[16], rec[17] = neutralise(r.TaxonomyVersion), neutralise(r.LexiconVersion)
	if len(r.Touchpoints) == 0 {
		rec[12], rec[13], rec[14], rec[15] = "", "", "", ""
		return c.write(rec)
	}
	for _, tp := range r.Touchpoints {
		rec[12], rec[13] = neutralise(tp.ID), neutralise(tp.Label)
		rec[14], rec[15] = neutralise(tp.Sentiment), formatFloat(tp.Score)
		if err := c.write(rec); err != nil {
			return err
		}
	}
	return nil
}

func (c *csvWriter) write(rec []string) error {
	if err := c.w.Write(rec); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}

// Close flushes what is buffered.
func (c *csvWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	if err := c.buf.Flush(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return nil
}
