package export

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"time"
)

// ndjsonWriter writes one JSON object a line with the shape's columns as
// keys, in column order: nulls as null, timestamps as RFC 3339 UTC
// strings with microseconds, list columns as arrays, meta as an object
// and fields as an array of {"name","text"} objects. Text is written as
// stored: NDJSON is not read by spreadsheets, so nothing is neutralised.
type ndjsonWriter struct {
	w     *bufio.Writer
	shape Shape
	b     []byte
}

func newNDJSONWriter(w io.Writer, shape Shape) *ndjsonWriter {
	return &ndjsonWriter{w: bufio.NewWriterSize(w, 64<<10), shape: shape}
}

func appendKey(b []byte, first bool, key string) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

func appendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = appendUTCTime(b, t)
	return append(b, '"')
}

func appendInt(b []byte, p *int32) []byte {
	if p == nil {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, int64(*p), 10)
}

// ndjsonFormatter formats rows as NDJSON lines; it has no state, so
// every decode worker may share it.
type ndjsonFormatter struct{ shape Shape }

// AppendRows appends the row's line(s) and returns how many.
func (f ndjsonFormatter) AppendRows(b []byte, r *Row) ([]byte, int) {
	if f.shape == Long && len(r.Touchpoints) > 0 {
		for i := range r.Touchpoints {
			b = f.appendLine(b, r, &r.Touchpoints[i])
		}
		return b, len(r.Touchpoints)
	}
	return f.appendLine(b, r, nil), 1
}

func (n *ndjsonWriter) newFormatter() rowFormatter { return ndjsonFormatter{n.shape} }

// WriteRow writes the row's line(s).
func (n *ndjsonWriter) WriteRow(r *Row) error {
	n.b, _ = ndjsonFormatter{n.shape}.AppendRows(n.b[:0], r)
	return n.WriteBytes(n.b)
}

// WriteBytes writes formatted lines.
func (n *ndjsonWriter) WriteBytes(b []byte) error {
	if _, err := n.w.Write(b); err != nil {
		return fmt.Errorf("write ndjson: %w", err)
	}
	return nil
}

// appendLine appends one object; tp is the long shape's touchpoint (nil
// for an untagged comment).
func (f ndjsonFormatter) appendLine(b []byte, r *Row, tp *TouchpointTag) []byte {
	n := f
	b = append(b, '{')
	b = appendKey(b, true, "seq")
	b = strconv.AppendUint(b, r.Seq, 10)
	b = appendKey(b, false, "id")
	b = appendJSONString(b, r.ID)
	b = appendKey(b, false, "source")
	b = appendJSONString(b, r.Source)
	b = appendKey(b, false, "audience")
	b = appendJSONString(b, r.Audience)
	b = appendKey(b, false, "created_at")
	b = appendTime(b, r.CreatedAt)
	b = appendKey(b, false, "received_at")
	b = appendTime(b, r.ReceivedAt)
	if n.shape == Wide {
		b = appendKey(b, false, "text")
		b = appendJSONText(b, r.Fields)
		b = appendKey(b, false, "fields")
		b = appendFieldsJSON(b, r.Fields)
	}
	b = appendKey(b, false, "sentiment")
	if r.Tagged {
		b = appendJSONString(b, r.Sentiment)
		b = appendKey(b, false, "sentiment_score")
		b = strconv.AppendFloat(b, r.SentimentScore, 'g', -1, 64)
	} else {
		b = append(b, "null"...)
		b = appendKey(b, false, "sentiment_score")
		b = append(b, "null"...)
	}
	b = appendKey(b, false, "nps")
	b = appendInt(b, r.NPS)
	b = appendKey(b, false, "csat")
	b = appendInt(b, r.CSAT)
	b = appendKey(b, false, "ces")
	b = appendInt(b, r.CES)
	b = appendKey(b, false, "meta")
	b = appendMetaJSON(b, r.Meta)
	if n.shape == Wide {
		b = appendKey(b, false, "touchpoints")
		b = append(b, '[')
		for i := range r.Touchpoints {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, r.Touchpoints[i].ID)
		}
		b = append(b, ']')
		b = appendKey(b, false, "untagged")
		b = strconv.AppendBool(b, r.Untagged)
	} else {
		b = appendKey(b, false, "touchpoint")
		if tp == nil {
			b = append(b, `"","touchpoint_label":"","touchpoint_sentiment":null,"touchpoint_score":null`...)
		} else {
			b = appendJSONString(b, tp.ID)
			b = appendKey(b, false, "touchpoint_label")
			b = appendJSONString(b, tp.Label)
			b = appendKey(b, false, "touchpoint_sentiment")
			b = appendJSONString(b, tp.Sentiment)
			b = appendKey(b, false, "touchpoint_score")
			b = strconv.AppendFloat(b, tp.Score, 'g', -1, 64)
		}
	}
	b = appendKey(b, false, "taxonomy_version")
	b = appendJSONString(b, r.TaxonomyVersion)
	b = appendKey(b, false, "lexicon_version")
	b = appendJSONString(b, r.LexiconVersion)
	if n.shape == Wide {
		b = appendKey(b, false, "tagged_at")
		b = appendTime(b, r.TaggedAt)
		b = appendKey(b, false, "redacted")
		b = appendStringsJSON(b, r.Redacted)
	}
	return append(b, '}', '\n')
}

// Close flushes what is buffered.
func (n *ndjsonWriter) Close() error {
	if err := n.w.Flush(); err != nil {
		return fmt.Errorf("write ndjson: %w", err)
	}
	return nil
}
