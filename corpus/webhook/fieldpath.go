package webhook

import (
	"strconv"
	"strings"
)

// Lookup follows a dot-separated path ("data.results", "answers.0")
// through decoded JSON objects and arrays. A key that exists literally
// ("a.b") wins over the path. An empty path returns v itself.
func Lookup(v any, path string) (any, bool) {
	if path == "" {
		return v, true
	}
	if obj, ok := v.(map[string]any); ok {
		if x, ok := obj[path]; ok {
			return x, true
		}
	}
	cur := v
	for part := range strings.SplitSeq(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			x, ok := c[part]
			if !ok {
				return nil, false
			}
			cur = x
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}
