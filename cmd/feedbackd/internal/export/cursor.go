package export

import (
	"fmt"
	"strconv"
	"strings"
)

// Cursor is where an incremental export resumes: the raw store's
// change-log seq up to which everything was exported. Every insert and
// every retag gives a comment a new, higher seq, so "every comment whose
// current seq is above the cursor" is exactly what was added or retagged
// since, each comment once, at its latest version. Its text form is
// "seq-N"; the zero cursor ("" or "seq-0") means from the beginning.
type Cursor uint64

const cursorPrefix = "seq-"

// String returns the cursor's text form.
func (c Cursor) String() string { return cursorPrefix + strconv.FormatUint(uint64(c), 10) }

// ParseCursor reads a cursor printed by a previous export.
func ParseCursor(s string) (Cursor, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(s, cursorPrefix), 10, 64)
	if err != nil || !strings.HasPrefix(s, cursorPrefix) {
		return 0, fmt.Errorf("cursor %q: want the seq-N value a previous export printed", s)
	}
	return Cursor(n), nil
}

// MarshalText writes the text form, so stored state reads "seq-N".
func (c Cursor) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads the text form.
func (c *Cursor) UnmarshalText(b []byte) error {
	v, err := ParseCursor(string(b))
	*c = v
	return err
}
