package fieldmap

import (
	"fmt"
	"strconv"
	"strings"
)

// Score reads the score in s, the value of key (a column or path) mapped
// by the config field what ("fields.scores.nps"). An empty value gives
// nil; a composite JSON value or one that is not a whole number is an
// error naming the field.
func Score(what, key, s string, composite bool) (*int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	n, err := parseScore(s)
	if err != nil || composite {
		return nil, fmt.Errorf("%s (%q): %q is not a whole-number score", what, key, s)
	}
	return &n, nil
}

// parseScore reads a whole-number score; "9.0" is accepted as 9.
func parseScore(s string) (int, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int(f)) {
		return 0, fmt.Errorf("not a whole number")
	}
	return int(f), nil
}
