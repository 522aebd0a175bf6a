package folder

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/fieldmap"
)

// Defaults applied by DefaultConfig.
const (
	DefaultBatchSize      = 1000
	DefaultPollInterval   = time.Second
	DefaultStableFor      = 2 * time.Second
	DefaultMaxTextBytes   = 1 << 20
	DefaultMaxRecordBytes = 4 << 20
)

// Formats a folder source can read, named after their file extensions.
// ".ndjson" and ".jsonl" files are both the "ndjson" format.
const (
	FormatCSV    = "csv"
	FormatTSV    = "tsv"
	FormatJSON   = "json"
	FormatNDJSON = "ndjson"
)

// allFormats lists every format, in the order they are documented.
func allFormats() []string {
	return []string{FormatCSV, FormatTSV, FormatJSON, FormatNDJSON}
}

// Config is one folder source's section of the YAML configuration.
type Config struct {
	// Name identifies the source in comments, checkpoints and logs.
	Name string `yaml:"name"`
	// Path is the drop folder; processed/ and failed/ are created inside it.
	Path string `yaml:"path"`
	// Audience is the audience of every comment unless Columns.Audience
	// names a column that gives it per row.
	Audience corpus.Audience `yaml:"audience"`
	// Formats lists the accepted formats (csv, tsv, json, ndjson); empty
	// means all. Files of other formats go to failed/.
	Formats []string `yaml:"formats"`
	// Delimiter overrides the CSV field delimiter (default ","); .tsv files
	// always use a tab.
	Delimiter string `yaml:"delimiter"`
	// Columns maps columns (CSV, TSV) or dot-separated field paths (JSON,
	// NDJSON) to the comment model.
	Columns Columns `yaml:"columns"`
	// BatchSize is how many rows are committed together with a checkpoint.
	BatchSize int `yaml:"batch_size"`
	// PollInterval is how often the folder is listed.
	PollInterval time.Duration `yaml:"poll_interval"`
	// StableFor is how long a file's size and modification time must stay
	// unchanged before it is read.
	StableFor time.Duration `yaml:"stable_for"`
	// MaxTextBytes bounds each text field; longer rows are rejected.
	MaxTextBytes int `yaml:"max_text_bytes"`
	// MaxRecordBytes bounds a whole row or JSON item; longer ones are
	// rejected without being held in memory.
	MaxRecordBytes int `yaml:"max_record_bytes"`
}

// Columns maps input columns or JSON field paths to comment fields.
type Columns struct {
	// Text lists the free-text columns; each becomes a TextField.
	Text TextColumns `yaml:"text"`
	// ID is the column holding the source's own comment id; without it (or
	// when a row's cell is empty) the id is derived from the content.
	ID string `yaml:"id"`
	// CreatedAt is the timestamp column; without it a comment is dated by
	// its file's modification time.
	CreatedAt TimeColumn `yaml:"created_at"`
	// Audience is a column holding "customer" or "employee"; an empty cell
	// falls back to the source's audience.
	Audience string `yaml:"audience"`
	// Scores names the score columns.
	Scores ScoreColumns `yaml:"scores"`
	// Meta maps a column to the metadata name it is stored under (an empty
	// name keeps the column's name).
	Meta map[string]string `yaml:"meta"`
}

// TextColumns lists text columns. In YAML it is a list or, for one
// column, a bare column name.
type TextColumns []TextColumn

// UnmarshalYAML accepts a list or a single column name. It uses the
// callback form so that a strict decoder stays strict inside it.
func (t *TextColumns) UnmarshalYAML(unmarshal func(any) error) error {
	var one string
	if err := unmarshal(&one); err == nil {
		*t = TextColumns{{Column: one}}
		return nil
	}
	var list []TextColumn
	if err := unmarshal(&list); err != nil {
		return err
	}
	*t = list
	return nil
}

// TextColumn is one text column and the field name it is stored under.
// In YAML it is either a column name or {column: ..., name: ...}.
type TextColumn struct {
	Column string `yaml:"column"`
	Name   string `yaml:"name"` // defaults to Column
}

// UnmarshalYAML accepts a bare column name or a mapping.
func (c *TextColumn) UnmarshalYAML(unmarshal func(any) error) error {
	if err := unmarshal(&c.Column); err == nil {
		return nil
	}
	type textColumn TextColumn // without the method, to decode the mapping
	return unmarshal((*textColumn)(c))
}

// FieldName is the TextField name the column's text is stored under.
func (c TextColumn) FieldName() string {
	if c.Name != "" {
		return c.Name
	}
	return c.Column
}

// TimeColumn is the creation-time column, its format and time zone.
// In YAML it is either a column name (RFC 3339 values) or a mapping.
type TimeColumn struct {
	Column string `yaml:"column"`
	// Format is a Go layout ("2006-01-02 15:04") or one of rfc3339, unix,
	// unix_ms; default rfc3339.
	Format string `yaml:"format"`
	// Timezone is the IANA zone of values without an offset; default UTC.
	Timezone string `yaml:"timezone"`
}

// UnmarshalYAML accepts a bare column name or a mapping.
func (c *TimeColumn) UnmarshalYAML(unmarshal func(any) error) error {
	if err := unmarshal(&c.Column); err == nil {
		return nil
	}
	type timeColumn TimeColumn // without the method, to decode the mapping
	return unmarshal((*timeColumn)(c))
}

// ScoreColumns names the columns of the survey scores.
type ScoreColumns struct {
	NPS  string `yaml:"nps"`
	CSAT string `yaml:"csat"`
	CES  string `yaml:"ces"`
}

// DefaultConfig returns a folder source configuration with every default
// set; YAML is decoded over it.
func DefaultConfig() Config {
	return Config{
		Formats:        allFormats(),
		BatchSize:      DefaultBatchSize,
		PollInterval:   DefaultPollInterval,
		StableFor:      DefaultStableFor,
		MaxTextBytes:   DefaultMaxTextBytes,
		MaxRecordBytes: DefaultMaxRecordBytes,
	}
}

// Validate checks the configuration and returns every problem found, each
// naming its field (as in "columns.text: at least one text column is
// required"), joined with errors.Join.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(c.Name) == "" {
		bad("name", "is required")
	}
	if strings.TrimSpace(c.Path) == "" {
		bad("path", "is required")
	}
	if _, err := corpus.ParseAudience(string(c.Audience)); err != nil {
		bad("audience", "%v", err)
	}
	for i, f := range c.Formats {
		if !slices.Contains(allFormats(), f) {
			bad(fmt.Sprintf("formats[%d]", i), "unknown format %q; want one of %s", f, strings.Join(allFormats(), ", "))
		}
	}
	if c.Delimiter != "" {
		if len(c.Delimiter) != 1 || c.Delimiter[0] > 0x7f || strings.ContainsAny(c.Delimiter, "\"\r\n") {
			bad("delimiter", "%q: want a single ASCII character other than a quote or newline", c.Delimiter)
		}
	}
	if c.BatchSize < 1 {
		bad("batch_size", "%d: must be at least 1", c.BatchSize)
	}
	if c.PollInterval <= 0 {
		bad("poll_interval", "%v: must be positive", c.PollInterval)
	}
	if c.StableFor < 0 {
		bad("stable_for", "%v: must not be negative", c.StableFor)
	}
	if c.MaxTextBytes < 1 {
		bad("max_text_bytes", "%d: must be positive", c.MaxTextBytes)
	}
	if c.MaxRecordBytes < c.MaxTextBytes {
		bad("max_record_bytes", "%d: must be at least max_text_bytes (%d)", c.MaxRecordBytes, c.MaxTextBytes)
	}
	errs = append(errs, c.Columns.validate()...)
	return errors.Join(errs...)
}

// validate checks the column mapping.
func (c *Columns) validate() []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("columns.%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if len(c.Text) == 0 {
		bad("text", "at least one text column is required")
	}
	names := map[string]int{}
	for i, t := range c.Text {
		if strings.TrimSpace(t.Column) == "" {
			bad(fmt.Sprintf("text[%d].column", i), "is required")
			continue
		}
		if j, dup := names[t.FieldName()]; dup {
			bad(fmt.Sprintf("text[%d]", i), "field name %q is already used by text[%d]; set name to tell them apart", t.FieldName(), j)
		}
		names[t.FieldName()] = i
	}
	if c.CreatedAt.Column == "" && (c.CreatedAt.Format != "" || c.CreatedAt.Timezone != "") {
		bad("created_at.column", "is required when format or timezone is set")
	}
	if setting, err := fieldmap.CheckTime(c.CreatedAt.Format, c.CreatedAt.Timezone); err != nil {
		bad("created_at."+setting, "%v", err)
	}
	for col, name := range c.Meta {
		if strings.TrimSpace(col) == "" {
			bad("meta", "empty column name (for meta %q)", name)
		}
		if strings.HasPrefix(name, "_") || (name == "" && strings.HasPrefix(col, "_")) {
			bad("meta."+col, "meta names starting with \"_\" are reserved")
		}
	}
	return errs
}

// accepts reports whether the configuration accepts the format.
func (c *Config) accepts(format string) bool {
	return len(c.Formats) == 0 || slices.Contains(c.Formats, format)
}

// delimiter returns the CSV delimiter for a format.
func (c *Config) delimiter(format string) byte {
	if format == FormatTSV {
		return '\t'
	}
	if c.Delimiter != "" {
		return c.Delimiter[0]
	}
	return ','
}

// ParseConfig decodes one folder source's YAML section strictly (unknown
// keys are errors) over DefaultConfig and validates it.
func ParseConfig(data []byte) (Config, error) {
	cfg := DefaultConfig()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return cfg, fmt.Errorf("decode: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}
