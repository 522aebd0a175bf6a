package folder

import "github.com/feedbackd/feedbackd/corpus/fieldmap"

// jsonValues gives a mapper the fields of a decoded JSON object, each key
// being a dot-separated path ("answers.pros", "tags.0"). A key that exists
// literally ("a.b") wins over the path.
type jsonValues struct {
	obj  map[string]any
	keys []string
}

func (j jsonValues) value(k int) (string, bool, bool) {
	return fieldmap.Value(j.obj, j.keys[k])
}
