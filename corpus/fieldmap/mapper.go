package fieldmap

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/feedbackd/feedbackd/corpus"
)

// Mapper turns decoded JSON items into comments following a Fields
// mapping. It is safe for concurrent use.
type Mapper struct {
	source   string
	audience corpus.Audience
	maxText  int
	f        Fields
	meta     []string // Meta paths, sorted, so reasons are stable
	tp       *TimeParser
}

// NewMapper compiles a mapping for the named source. audience is the
// audience of items that do not give one; maxText bounds each text field
// (no limit when 0).
func NewMapper(source string, audience corpus.Audience, f Fields, maxText int) (*Mapper, error) {
	if errs := f.Validate("fields"); len(errs) > 0 {
		return nil, fmt.Errorf("%w", errs[0])
	}
	tp, err := NewTimeParser(f.CreatedAt.Format, f.CreatedAt.Timezone)
	if err != nil {
		return nil, fmt.Errorf("fields.created_at: %w", err)
	}
	m := &Mapper{source: source, audience: audience, maxText: maxText, f: f, tp: tp}
	for p := range f.Meta {
		m.meta = append(m.meta, p)
	}
	sort.Strings(m.meta)
	return m, nil
}

// Decode parses one JSON item into the generic form Comment reads, with
// numbers kept as json.Number.
func Decode(raw []byte) (map[string]any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("item is a JSON %s; want an object", Kind(v))
	}
	return obj, nil
}

// Comment maps one item. now is the received time, and dates items
// without a created_at. The error is the reason to give a reject.
func (m *Mapper) Comment(item map[string]any, now time.Time) (*corpus.Comment, error) {
	c := &corpus.Comment{Source: m.source, Audience: m.audience, ReceivedAt: now, CreatedAt: now}
	var warnings []string
	for _, t := range m.f.Text {
		s, ok, comp := Value(item, t.Path)
		if comp {
			return nil, fmt.Errorf("fields.text (%q): is a JSON object or array, not text", t.Path)
		}
		if !ok || strings.TrimSpace(s) == "" {
			continue
		}
		if m.maxText > 0 && len(s) > m.maxText {
			return nil, fmt.Errorf("text longer than %d bytes: fields.text (%q) has %d bytes", m.maxText, t.Path, len(s))
		}
		if strings.IndexByte(s, 0) >= 0 {
			return nil, fmt.Errorf("fields.text (%q): text contains NUL characters", t.Path)
		}
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
			warnings = append(warnings, fmt.Sprintf("invalid UTF-8 replaced with U+FFFD in text field %q", t.FieldName()))
		}
		c.Fields = append(c.Fields, corpus.TextField{Name: t.FieldName(), Text: s})
	}
	if len(c.Fields) == 0 {
		return nil, fmt.Errorf("empty text: no text in %s", m.textPaths())
	}
	if p := m.f.CreatedAt.Path; p != "" {
		if s, ok, comp := Value(item, p); ok {
			if comp || strings.TrimSpace(s) == "" {
				return nil, fmt.Errorf("fields.created_at (%q): no timestamp", p)
			}
			t, err := m.tp.Parse(s)
			if err != nil {
				return nil, fmt.Errorf("fields.created_at (%q): %v", p, err)
			}
			c.CreatedAt = t
		}
	}
	if p := m.f.Audience; p != "" {
		if s, ok, _ := Value(item, p); ok && strings.TrimSpace(s) != "" {
			a, err := corpus.ParseAudience(s)
			if err != nil {
				return nil, fmt.Errorf("fields.audience (%q): %v", p, err)
			}
			c.Audience = a
		}
	}
	if err := m.scores(item, &c.Scores); err != nil {
		return nil, err
	}
	for _, p := range m.meta {
		warnings = append(warnings, m.addMeta(c, item, p, m.f.Meta[p])...)
	}
	if len(warnings) > 0 {
		setMeta(c, WarningMeta, strings.Join(warnings, "; "))
	}
	if c.ID = m.ItemID(item); c.ID == "" {
		c.ID = corpus.DeriveID(c.Source, c.Fields, c.CreatedAt)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// ItemID returns the item's own id, or "" when it has none.
func (m *Mapper) ItemID(item map[string]any) string {
	if m.f.ID == "" {
		return ""
	}
	if s, ok, comp := Value(item, m.f.ID); ok && !comp {
		return strings.ToValidUTF8(strings.TrimSpace(s), "\uFFFD")
	}
	return ""
}

// scores reads the score fields into s and validates them.
func (m *Mapper) scores(item map[string]any, s *corpus.Scores) error {
	for _, sc := range []struct {
		what, path string
		dst        **int
	}{
		{"nps", m.f.Scores.NPS, &s.NPS},
		{"csat", m.f.Scores.CSAT, &s.CSAT},
		{"ces", m.f.Scores.CES, &s.CES},
	} {
		if sc.path == "" {
			continue
		}
		v, ok, comp := Value(item, sc.path)
		if !ok {
			continue
		}
		n, err := Score("fields.scores."+sc.what, sc.path, v, comp)
		if err != nil {
			return err
		}
		*sc.dst = n
	}
	return s.Validate()
}

// addMeta stores the value at path under name (or the path), spreading a
// JSON object over one key per member. It returns repair warnings.
func (m *Mapper) addMeta(c *corpus.Comment, item map[string]any, path, name string) []string {
	v, ok := Lookup(item, path)
	if !ok || v == nil {
		return nil
	}
	var warnings []string
	put := func(key string, v any) {
		s, ok, _ := scalar(v, true)
		if !ok || s == "" || strings.HasPrefix(key, "_") {
			return
		}
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
			warnings = append(warnings, fmt.Sprintf("invalid UTF-8 replaced with U+FFFD in meta %q", key))
		}
		setMeta(c, key, s)
	}
	obj, isObj := v.(map[string]any)
	if !isObj {
		if name == "" {
			name = path
		}
		put(name, v)
		return warnings
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		key := k
		if name != "" {
			key = name + "." + k
		}
		put(key, obj[k])
	}
	return warnings
}

// setMeta sets one metadata value.
func setMeta(c *corpus.Comment, k, v string) {
	if c.Meta == nil {
		c.Meta = map[string]string{}
	}
	c.Meta[k] = v
}

// textPaths lists the text paths for an "empty text" reason.
func (m *Mapper) textPaths() string {
	q := make([]string, len(m.f.Text))
	for i, t := range m.f.Text {
		q[i] = strconv.Quote(t.Path)
	}
	return strings.Join(q, ", ")
}
