package fieldmap

import (
	"fmt"
	"strings"
)

// Fields maps the fields of a JSON item to the comment model. Each field
// is a dot-separated path into the item ("answers.pros", "tags.0"); a key
// that exists literally ("a.b") wins over the path. The webhook source
// uses it for posted items, the http pull source for the items of an API
// response.
type Fields struct {
	// Text lists the free-text fields; each becomes a corpus.TextField.
	Text TextFields `yaml:"text"`
	// ID is the item's own id; without it (or when an item has none) the
	// id is derived from the content and created_at.
	ID string `yaml:"id"`
	// CreatedAt is the timestamp field, its format and time zone. An item
	// without it is dated by the time it was received.
	CreatedAt TimeField `yaml:"created_at"`
	// Audience is a field holding "customer" or "employee"; a missing or
	// empty value falls back to the source's audience.
	Audience string `yaml:"audience"`
	// Scores names the score fields.
	Scores ScoreFields `yaml:"scores"`
	// Meta maps a field path to the metadata name it is stored under (an
	// empty name keeps the path). When the value is a JSON object, each of
	// its members is stored under its own key, prefixed with "name." when
	// a name is given.
	Meta map[string]string `yaml:"meta"`
}

// DefaultFields is the mapping for a plain
// {"id","text","created_at","audience","scores":{"nps","csat","ces"},"meta":{}} item.
func DefaultFields() Fields {
	return Fields{
		Text:      TextFields{{Path: "text"}},
		ID:        "id",
		CreatedAt: TimeField{Path: "created_at"},
		Audience:  "audience",
		Scores:    ScoreFields{NPS: "scores.nps", CSAT: "scores.csat", CES: "scores.ces"},
		Meta:      map[string]string{"meta": ""},
	}
}

// TextFields lists text fields. In YAML it is a list or, for one field, a
// bare path.
type TextFields []TextField

// UnmarshalYAML accepts a list or a single path. It uses the callback form
// so that a strict decoder stays strict inside it.
func (t *TextFields) UnmarshalYAML(unmarshal func(any) error) error {
	var one string
	if err := unmarshal(&one); err == nil {
		*t = TextFields{{Path: one}}
		return nil
	}
	var list []TextField
	if err := unmarshal(&list); err != nil {
		return err
	}
	*t = list
	return nil
}

// TextField is one text field and the name it is stored under. In YAML it
// is either a path or {path: ..., name: ...}.
type TextField struct {
	Path string `yaml:"path"`
	Name string `yaml:"name"` // defaults to Path
}

// UnmarshalYAML accepts a bare path or a mapping.
func (f *TextField) UnmarshalYAML(unmarshal func(any) error) error {
	if err := unmarshal(&f.Path); err == nil {
		return nil
	}
	type textField TextField // without the method, to decode the mapping
	return unmarshal((*textField)(f))
}

// FieldName is the corpus.TextField name the text is stored under.
func (f TextField) FieldName() string {
	if f.Name != "" {
		return f.Name
	}
	return f.Path
}

// TimeField is the creation-time field, its format and time zone. In YAML
// it is either a path (RFC 3339 values) or a mapping.
type TimeField struct {
	Path string `yaml:"path"`
	// Format is a Go layout ("2006-01-02 15:04") or one of rfc3339, unix,
	// unix_ms; default rfc3339. JSON numbers are accepted for unix and
	// unix_ms.
	Format string `yaml:"format"`
	// Timezone is the IANA zone of values without an offset; default UTC.
	Timezone string `yaml:"timezone"`
}

// UnmarshalYAML accepts a bare path or a mapping.
func (f *TimeField) UnmarshalYAML(unmarshal func(any) error) error {
	if err := unmarshal(&f.Path); err == nil {
		return nil
	}
	type timeField TimeField // without the method, to decode the mapping
	return unmarshal((*timeField)(f))
}

// ScoreFields names the fields of the survey scores.
type ScoreFields struct {
	NPS  string `yaml:"nps"`
	CSAT string `yaml:"csat"`
	CES  string `yaml:"ces"`
}

// Validate checks the mapping and returns every problem found, each
// naming its field under prefix (as in "fields.text: at least one text
// field is required").
func (f *Fields) Validate(prefix string) []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s.%s: %s", prefix, field, fmt.Sprintf(format, args...)))
	}
	if len(f.Text) == 0 {
		bad("text", "at least one text field is required")
	}
	names := map[string]int{}
	for i, t := range f.Text {
		if strings.TrimSpace(t.Path) == "" {
			bad(fmt.Sprintf("text[%d].path", i), "is required")
			continue
		}
		if j, dup := names[t.FieldName()]; dup {
			bad(fmt.Sprintf("text[%d]", i), "field name %q is already used by text[%d]; set name to tell them apart", t.FieldName(), j)
		}
		names[t.FieldName()] = i
	}
	if f.CreatedAt.Path == "" && (f.CreatedAt.Format != "" || f.CreatedAt.Timezone != "") {
		bad("created_at.path", "is required when format or timezone is set")
	}
	if setting, err := CheckTime(f.CreatedAt.Format, f.CreatedAt.Timezone); err != nil {
		bad("created_at."+setting, "%v", err)
	}
	for path, name := range f.Meta {
		if strings.TrimSpace(path) == "" {
			bad("meta", "empty field path (for meta %q)", name)
		}
		if strings.HasPrefix(name, "_") || (name == "" && strings.HasPrefix(path, "_")) {
			bad("meta."+path, "meta names starting with \"_\" are reserved")
		}
	}
	return errs
}
