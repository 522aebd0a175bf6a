package index

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2/search"
)

// cursor is what Results.Next encodes: the sort it belongs to and the sort
// values of the last hit of the page, as bleve's search-after expects them.
type cursor struct {
	Sort   Sort     `json:"s"`
	Values []string `json:"v"`
}

// encodeCursor returns the opaque cursor that continues after dm.
func encodeCursor(s Sort, dm *search.DocumentMatch) string {
	vals := make([]string, len(dm.DecodedSort))
	copy(vals, dm.DecodedSort)
	if s == Relevance && len(vals) > 0 {
		vals[0] = scoreString(dm.Score) // bleve reports the score sort as "_score"
	}
	b, _ := json.Marshal(cursor{Sort: s, Values: vals}) // strings only: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor checks a cursor against the sort of the query it continues.
func decodeCursor(s string, want Sort) ([]string, error) {
	bad := func(why string) error {
		return &QueryError{Pos: -1, Msg: "bad page cursor: " + why}
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad("not a cursor from a previous page")
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, bad("not a cursor from a previous page")
	}
	if c.Sort != want {
		return nil, bad(fmt.Sprintf("it continues a %s sort, this search sorts by %s", c.Sort, want))
	}
	order := sortOrder(want)
	if len(c.Values) != len(order) {
		return nil, bad("wrong number of sort values")
	}
	for i, ss := range order {
		var err error
		switch ss := ss.(type) {
		case *search.SortScore:
			_, err = strconv.ParseFloat(c.Values[i], 64)
		case *search.SortField:
			if ss.Type == search.SortFieldAsDate {
				_, err = time.Parse(time.RFC3339Nano, c.Values[i])
			} else {
				_, err = strconv.ParseFloat(c.Values[i], 64)
			}
		}
		if err != nil {
			return nil, bad(fmt.Sprintf("sort value %q", c.Values[i]))
		}
	}
	return c.Values, nil
}
