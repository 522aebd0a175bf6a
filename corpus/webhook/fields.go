package webhook

import (
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/fieldmap"
)

// The webhook's field mapping is fieldmap's, shared with the http pull
// source; these names keep the webhook's API as it was.
type (
	// Fields maps the fields of a JSON item to the comment model.
	Fields = fieldmap.Fields
	// TextFields lists text fields.
	TextFields = fieldmap.TextFields
	// TextField is one text field and the name it is stored under.
	TextField = fieldmap.TextField
	// TimeField is the creation-time field, its format and time zone.
	TimeField = fieldmap.TimeField
	// ScoreFields names the fields of the survey scores.
	ScoreFields = fieldmap.ScoreFields
	// Mapper turns decoded JSON items into comments following a Fields
	// mapping. It is safe for concurrent use.
	Mapper = fieldmap.Mapper
)

// WarningMeta is the metadata key under which a comment carries a note
// about a repair made while mapping it, such as invalid UTF-8 replaced.
const WarningMeta = fieldmap.WarningMeta

// DefaultFields is the mapping for a plain
// {"id","text","created_at","audience","scores":{"nps","csat","ces"},"meta":{}} item.
func DefaultFields() Fields { return fieldmap.DefaultFields() }

// NewMapper compiles a mapping for the named source. audience is the
// audience of items that do not give one; maxText bounds each text field
// (no limit when 0).
func NewMapper(source string, audience corpus.Audience, f Fields, maxText int) (*Mapper, error) {
	return fieldmap.NewMapper(source, audience, f, maxText)
}

// Decode parses one JSON item into the generic form Mapper.Comment reads,
// with numbers kept as json.Number.
func Decode(raw []byte) (map[string]any, error) { return fieldmap.Decode(raw) }

// Lookup follows a dot-separated path ("data.results", "answers.0")
// through decoded JSON objects and arrays; see fieldmap.Lookup.
func Lookup(v any, path string) (any, bool) { return fieldmap.Lookup(v, path) }
