package facts

import "fmt"

// Column names a numeric or time column that a range can test on its
// own, for the query-string clauses bleve does not index (nps:<7,
// created_at:>="2026-01-01").
type Column uint8

// The columns a range can test.
const (
	ColumnNPS Column = iota
	ColumnCSAT
	ColumnCES
	ColumnSentimentScore
	ColumnCreated
	ColumnReceived
)

// IsTime reports whether c holds times (Unix nanoseconds) rather than scores.
func (c Column) IsTime() bool { return c == ColumnCreated || c == ColumnReceived }

// ScoreRows returns the live rows whose score column c lies in [lo, hi].
// Rows without the score are left out. c must not be a time column. The
// sentiment score is compared at float32 precision, the one it is kept in.
func (v *View) ScoreRows(c Column, lo, hi float64) (Rows, error) {
	out := v.Live()
	cols := v.c
	var scores []int8
	switch c {
	case ColumnNPS:
		scores = cols.NPS
	case ColumnCSAT:
		scores = cols.CSAT
	case ColumnCES:
		scores = cols.CES
	case ColumnSentimentScore:
		// Scores are kept as float32: compare at that precision.
		sweepBetween(&out, cols.Score, float32(lo), float32(hi))
	default:
		return Rows{}, fmt.Errorf("column %d holds no scores", c)
	}
	if scores != nil {
		keep := scoreTable(lo, hi)
		sweepScores(&out, scores, &keep)
	}
	return out, nil
}

// TimeRows returns the live rows whose time column c lies in [from, to],
// both in Unix nanoseconds. c must be a time column.
func (v *View) TimeRows(c Column, from, to int64) (Rows, error) {
	var col []int64
	switch c {
	case ColumnCreated:
		col = v.c.Created
	case ColumnReceived:
		col = v.c.Received
	default:
		return Rows{}, fmt.Errorf("column %d holds no times", c)
	}
	out := v.Live()
	sweepBetween(&out, col, from, to)
	return out, nil
}
