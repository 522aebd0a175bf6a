package folder

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/fieldmap"
)

// WarningMeta is the metadata key under which a comment carries a note
// about a repair made while reading it, such as invalid UTF-8 replaced.
const WarningMeta = fieldmap.WarningMeta

// values gives a mapper the cells of one input row by key index.
type values interface {
	// value returns the cell of key k; ok is false when the row has no such
	// column or field (or it is JSON null); composite is true when a JSON
	// value is an object or array, returned as compact JSON text.
	value(k int) (s string, ok, composite bool)
}

// metaKey is one metadata column and the name it is stored under.
type metaKey struct {
	key  int
	name string
}

// mapper turns rows into comments following a Columns mapping. Columns
// are referred to by index into keys, which each format resolves once per
// file (CSV against its header, JSON as field paths).
type mapper struct {
	source   string
	audience corpus.Audience
	maxText  int
	keys     []string // column names or field paths, each once
	what     []string // per key, its config field, for reasons
	text     []int
	names    []string // TextField name per text column
	id       int      // -1 when not mapped; likewise below
	created  int
	aud      int
	scores   [3]int // nps, csat, ces
	meta     []metaKey
	tp       *fieldmap.TimeParser
}

// newMapper compiles a validated configuration's column mapping.
func newMapper(cfg *Config) (*mapper, error) {
	tp, err := fieldmap.NewTimeParser(cfg.Columns.CreatedAt.Format, cfg.Columns.CreatedAt.Timezone)
	if err != nil {
		return nil, fmt.Errorf("columns.created_at: %w", err)
	}
	m := &mapper{source: cfg.Name, audience: cfg.Audience, maxText: cfg.MaxTextBytes, tp: tp}
	index := map[string]int{}
	key := func(col, what string) int {
		if col == "" {
			return -1
		}
		if k, ok := index[col]; ok {
			return k
		}
		index[col] = len(m.keys)
		m.keys = append(m.keys, col)
		m.what = append(m.what, what)
		return len(m.keys) - 1
	}
	c := cfg.Columns
	for _, t := range c.Text {
		m.text = append(m.text, key(t.Column, "columns.text"))
		m.names = append(m.names, t.FieldName())
	}
	m.id = key(c.ID, "columns.id")
	m.created = key(c.CreatedAt.Column, "columns.created_at")
	m.aud = key(c.Audience, "columns.audience")
	m.scores = [3]int{key(c.Scores.NPS, "columns.scores.nps"), key(c.Scores.CSAT, "columns.scores.csat"), key(c.Scores.CES, "columns.scores.ces")}
	for col, name := range c.Meta {
		if name == "" {
			name = col
		}
		m.meta = append(m.meta, metaKey{key(col, "columns.meta"), name})
	}
	return m, nil
}

// rowError is why a row cannot become a comment.
type rowError struct{ reason string }

func (e *rowError) Error() string { return e.reason }

// reject builds a row error.
func reject(format string, args ...any) *rowError {
	return &rowError{fmt.Sprintf(format, args...)}
}

// comment maps one row. fileTime dates comments when no created_at column
// is mapped; now is the received time.
func (m *mapper) comment(v values, fileTime, now time.Time) (*corpus.Comment, *rowError) {
	c := &corpus.Comment{Source: m.source, Audience: m.audience, ReceivedAt: now, CreatedAt: fileTime}
	var warnings []string
	for i, k := range m.text {
		s, ok, comp := v.value(k)
		if comp {
			return nil, reject("%s (%q): is a JSON object or array, not text", m.what[k], m.keys[k])
		}
		if !ok || strings.TrimSpace(s) == "" {
			continue
		}
		if len(s) > m.maxText {
			return nil, reject("text longer than %d bytes: %s (%q) has %d bytes", m.maxText, m.what[k], m.keys[k], len(s))
		}
		if strings.IndexByte(s, 0) >= 0 {
			return nil, reject("%s (%q): text contains NUL bytes (binary data?)", m.what[k], m.keys[k])
		}
		if !utf8.ValidString(s) {
			bad, total := invalidUTF8(s)
			if bad*2 > total {
				return nil, reject("%s (%q): text is not UTF-8 (%d of %d bytes invalid); re-export the file as UTF-8", m.what[k], m.keys[k], bad, total)
			}
			s = strings.ToValidUTF8(s, "\uFFFD")
			warnings = append(warnings, fmt.Sprintf("invalid UTF-8 replaced with U+FFFD in text field %q", m.names[i]))
		}
		c.Fields = append(c.Fields, corpus.TextField{Name: m.names[i], Text: s})
	}
	if len(c.Fields) == 0 {
		return nil, reject("empty text: no text in %s", m.textColumns())
	}
	if m.created >= 0 {
		s, ok, comp := v.value(m.created)
		if !ok || comp || strings.TrimSpace(s) == "" {
			return nil, reject("columns.created_at (%q): no timestamp", m.keys[m.created])
		}
		t, err := m.tp.Parse(s)
		if err != nil {
			return nil, reject("columns.created_at (%q): %v", m.keys[m.created], err)
		}
		c.CreatedAt = t
	}
	if m.aud >= 0 {
		if s, ok, _ := v.value(m.aud); ok && strings.TrimSpace(s) != "" {
			a, err := corpus.ParseAudience(s)
			if err != nil {
				return nil, reject("columns.audience (%q): %v", m.keys[m.aud], err)
			}
			c.Audience = a
		}
	}
	dst := [3]**int{&c.Scores.NPS, &c.Scores.CSAT, &c.Scores.CES}
	for i, k := range m.scores {
		if k < 0 {
			continue
		}
		s, ok, comp := v.value(k)
		if !ok {
			continue
		}
		n, err := fieldmap.Score(m.what[k], m.keys[k], s, comp)
		if err != nil {
			return nil, reject("%v", err)
		}
		*dst[i] = n
	}
	if err := c.Scores.Validate(); err != nil {
		return nil, reject("%v", err)
	}
	for _, mk := range m.meta {
		s, ok, _ := v.value(mk.key)
		if !ok || s == "" {
			continue
		}
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
			warnings = append(warnings, fmt.Sprintf("invalid UTF-8 replaced with U+FFFD in meta %q", mk.name))
		}
		if c.Meta == nil {
			c.Meta = map[string]string{}
		}
		c.Meta[mk.name] = s
	}
	if len(warnings) > 0 {
		if c.Meta == nil {
			c.Meta = map[string]string{}
		}
		c.Meta[WarningMeta] = strings.Join(warnings, "; ")
	}
	if m.id >= 0 {
		if s, ok, comp := v.value(m.id); ok && !comp {
			c.ID = strings.ToValidUTF8(strings.TrimSpace(s), "\uFFFD")
		}
	}
	if c.ID == "" {
		c.ID = corpus.DeriveID(c.Source, c.Fields, c.CreatedAt)
	}
	if err := c.Validate(); err != nil {
		return nil, reject("%v", err)
	}
	return c, nil
}

// textColumns lists the text columns for an "empty text" reason.
func (m *mapper) textColumns() string {
	q := make([]string, len(m.text))
	for i, k := range m.text {
		q[i] = strconv.Quote(m.keys[k])
	}
	return strings.Join(q, ", ")
}

// invalidUTF8 counts the bytes of s that are not part of valid UTF-8.
func invalidUTF8(s string) (bad, total int) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		}
		i += n
	}
	return bad, len(s)
}
