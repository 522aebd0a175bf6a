package index

import (
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/feedbackd/feedbackd/index/facts"
)

// cursor is what Results.Next encodes: the sort it belongs to and the
// position of the last hit of the page.
type cursor struct {
	Sort  Sort    `json:"s"`
	Time  int64   `json:"t,omitempty"`
	Score float64 `json:"x,omitempty"`
	ID    string  `json:"i"`
}

// encodeCursor returns the opaque cursor that continues after k.
func encodeCursor(s Sort, k facts.Key) string {
	b, _ := json.Marshal(cursor{Sort: s, Time: k.Time, Score: k.Score, ID: k.ID}) // plain values: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor checks a cursor against the sort of the query it continues.
func decodeCursor(s string, want Sort) (*facts.Key, error) {
	bad := func(why string) error {
		return &QueryError{Pos: -1, Msg: "bad page cursor: " + why}
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad("not a cursor from a previous page")
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.ID == "" {
		return nil, bad("not a cursor from a previous page")
	}
	if c.Sort != want {
		return nil, bad(fmt.Sprintf("it continues a %s sort, this search sorts by %s", c.Sort, want))
	}
	return &facts.Key{Time: c.Time, Score: c.Score, ID: c.ID}, nil
}
