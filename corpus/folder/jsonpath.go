package folder

import (
	"encoding/json"
	"strconv"
	"strings"
)

// jsonValues gives a mapper the fields of a decoded JSON object, each key
// being a dot-separated path ("answers.pros", "tags.0"). A key that exists
// literally ("a.b") wins over the path.
type jsonValues struct {
	obj  map[string]any
	keys []string
}

func (j jsonValues) value(k int) (string, bool, bool) {
	v, ok := lookup(j.obj, j.keys[k])
	if !ok || v == nil {
		return "", false, false
	}
	switch v := v.(type) {
	case string:
		return v, true, false
	case json.Number:
		return v.String(), true, false
	case bool:
		return strconv.FormatBool(v), true, false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false, false
	}
	return string(b), true, true
}

// lookup follows a dot-separated path through objects and arrays.
func lookup(obj map[string]any, path string) (any, bool) {
	if v, ok := obj[path]; ok {
		return v, true
	}
	var cur any = obj
	for part := range strings.SplitSeq(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[part]
			if !ok {
				return nil, false
			}
			cur = v
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
