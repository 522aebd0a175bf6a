package httppull

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/corpus/fieldmap"
)

// CheckpointKey is the key of the source's cursor checkpoint.
const CheckpointKey = "cursor"

// cursor is how far a source has read: the newest created_at seen
// (timestamp) or the token of the next page to fetch (page_token).
type cursor struct {
	kind  string
	ts    time.Time // timestamp; zero before the first item
	token string    // page_token; "" for the first page
}

// String encodes the cursor as a checkpoint value ("timestamp:...",
// "page_token:..."), so a change of kind in the config is noticed.
func (c cursor) String() string {
	switch c.kind {
	case CursorTimestamp:
		if c.ts.IsZero() {
			return c.kind + ":"
		}
		return c.kind + ":" + c.ts.UTC().Format(time.RFC3339Nano)
	case CursorPageToken:
		return c.kind + ":" + c.token
	}
	return c.kind + ":"
}

// parseCursor decodes a checkpoint value written by String.
func parseCursor(v string) (cursor, error) {
	kind, val, ok := strings.Cut(v, ":")
	if !ok {
		return cursor{}, fmt.Errorf("checkpoint %q: no kind", v)
	}
	c := cursor{kind: kind}
	switch kind {
	case CursorTimestamp:
		if val != "" {
			t, err := time.Parse(time.RFC3339Nano, val)
			if err != nil {
				return cursor{}, fmt.Errorf("checkpoint %q: %w", v, err)
			}
			c.ts = t
		}
	case CursorPageToken:
		c.token = val
	case CursorNone:
	default:
		return cursor{}, fmt.Errorf("checkpoint %q: unknown kind %q", v, kind)
	}
	return c, nil
}

// initialCursor is the cursor of a source with no checkpoint.
func initialCursor(k Cursor) cursor {
	c := cursor{kind: k.Kind}
	if k.Kind == CursorTimestamp && k.Start != "" {
		c.ts, _ = time.Parse(time.RFC3339Nano, k.Start) // validated
	}
	return c
}

// param returns the query value for the cursor; ok is false when the
// request goes without one (first page, no start time). overlap subtracts
// the configured overlap from a timestamp: the first request of a run
// does, to catch items that arrived late with older timestamps.
func (c cursor) param(k Cursor, overlap bool) (string, bool) {
	switch c.kind {
	case CursorTimestamp:
		if c.ts.IsZero() {
			return "", false
		}
		t := c.ts.UTC()
		if overlap {
			t = t.Add(-k.Overlap)
		}
		switch k.Format {
		case fieldmap.TimeUnix:
			return strconv.FormatInt(t.Unix(), 10), true
		case fieldmap.TimeUnixMS:
			return strconv.FormatInt(t.UnixMilli(), 10), true
		}
		return t.Format(time.RFC3339Nano), true
	case CursorPageToken:
		return c.token, c.token != ""
	}
	return "", false
}
