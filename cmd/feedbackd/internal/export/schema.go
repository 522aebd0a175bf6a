// Package export writes stored comments as files BI tools load: CSV,
// NDJSON or Parquet, one row per comment (the wide shape) or one row per
// comment and touchpoint (the long shape), streamed so memory stays flat
// whatever the row count. It selects comments by search filters or a
// full-text query, and follows the raw store's change log so a nightly
// job can load only what was added or retagged since its last run (see
// Cursor). docs/export.md documents the schema; SchemaVersion names it.
package export

import (
	"fmt"
	"strings"
)

// SchemaVersion is the version of the columns documented in
// docs/export.md. Any change to a column's name, type or meaning is a new
// version.
const SchemaVersion = "1"

// Format is a file format.
type Format string

// Formats.
const (
	CSV     Format = "csv"
	NDJSON  Format = "ndjson"
	Parquet Format = "parquet"
)

// ParseFormat accepts csv, ndjson or parquet; "" is csv.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case "":
		return CSV, nil
	case CSV, NDJSON, Parquet:
		return f, nil
	}
	return "", fmt.Errorf("format %q: want csv, ndjson or parquet", s)
}

// ContentType is the MIME type of the format.
func (f Format) ContentType() string {
	switch f {
	case NDJSON:
		return "application/x-ndjson"
	case Parquet:
		return "application/vnd.apache.parquet"
	default:
		return "text/csv; charset=utf-8; header=present"
	}
}

// Ext is the file name extension of the format, without the dot.
func (f Format) Ext() string { return string(f) }

// Shape is the row layout.
type Shape string

// Shapes.
const (
	// Wide is one row per comment, touchpoints as a list.
	Wide Shape = "wide"
	// Long is one row per comment and touchpoint with that touchpoint's
	// aspect sentiment; a comment without touchpoints has one row with an
	// empty touchpoint, so counts of distinct ids reconcile with wide.
	Long Shape = "long"
)

// ParseShape accepts wide or long; "" is wide.
func ParseShape(s string) (Shape, error) {
	switch sh := Shape(strings.ToLower(strings.TrimSpace(s))); sh {
	case "":
		return Wide, nil
	case Wide, Long:
		return sh, nil
	}
	return "", fmt.Errorf("shape %q: want wide or long", s)
}

// WideColumns and LongColumns are the column names of each shape, in file
// order (CSV header, Parquet schema, NDJSON keys).
var (
	WideColumns = []string{"seq", "id", "source", "audience", "created_at", "received_at", "text", "fields",
		"sentiment", "sentiment_score", "nps", "csat", "ces", "meta", "touchpoints", "untagged",
		"taxonomy_version", "lexicon_version", "tagged_at", "redacted"}
	LongColumns = []string{"seq", "id", "source", "audience", "created_at", "received_at",
		"sentiment", "sentiment_score", "nps", "csat", "ces", "meta",
		"touchpoint", "touchpoint_label", "touchpoint_sentiment", "touchpoint_score",
		"taxonomy_version", "lexicon_version"}
)

// Columns returns the column names of the shape.
func (s Shape) Columns() []string {
	if s == Long {
		return LongColumns
	}
	return WideColumns
}

// timeLayout is how CSV writes timestamps: ISO 8601 in UTC with
// microseconds, the precision of the Parquet timestamps.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// listSeparator joins list columns (touchpoints, redacted) in CSV.
const listSeparator = "|"

// textSeparator joins a comment's text fields in the text column, as
// corpus.Comment.Text does.
const textSeparator = "\n\n"
