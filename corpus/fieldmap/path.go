package fieldmap

import (
	"encoding/json"
	"fmt"
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

// Value looks up a path in an item and returns the value as text; ok is
// false for a missing value or null, composite true for an object or
// array, returned as compact JSON.
func Value(item map[string]any, path string) (s string, ok, composite bool) {
	v, ok := Lookup(item, path)
	return scalar(v, ok)
}

// scalar returns a scalar JSON value as text; ok is false for a missing
// value or null, composite true for an object or array.
func scalar(v any, present bool) (s string, ok, composite bool) {
	if !present || v == nil {
		return "", false, false
	}
	switch v := v.(type) {
	case string:
		return v, true, false
	case json.Number:
		return v.String(), true, false
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true, false
	case bool:
		return strconv.FormatBool(v), true, false
	}
	b, _ := json.Marshal(v)
	return string(b), true, true
}

// Kind names a decoded JSON value's type for messages: null, string,
// number, boolean, array or object.
func Kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case json.Number, float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
