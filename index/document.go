package index

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/feedbackd/feedbackd/corpus"
)

// dayLayout is the layout of the created_day keyword.
const dayLayout = "2006-01-02"

// document turns a comment into the field map the mapping indexes: the
// text, the keyword fields and the stored hit. Dates and scores live in
// the facts table only.
func document(c *corpus.Comment) (map[string]any, error) {
	blob, err := json.Marshal(newStored(c))
	if err != nil {
		return nil, fmt.Errorf("encode comment %s: %w", c.ID, err)
	}
	d := map[string]any{
		fieldText:   c.Text(),
		fieldSource: c.Source,
		fieldHit:    string(blob),
	}
	if c.Audience != "" {
		d[fieldAudience] = string(c.Audience)
	}
	if len(c.Meta) > 0 {
		meta := make([]string, 0, len(c.Meta))
		for k, v := range c.Meta {
			meta = append(meta, metaTerm(k, v))
		}
		d[fieldMeta] = meta
	}
	if t := c.Tags; t != nil {
		d[fieldSentiment] = string(t.Sentiment.Label)
		d[fieldUntagged] = t.Untagged
		d[fieldTaxonomyVersion] = t.TaxonomyVersion
		d[fieldLexiconVersion] = t.LexiconVersion
		ids := make([]string, 0, len(t.Touchpoints))
		for _, tp := range t.Touchpoints {
			ids = append(ids, tp.ID)
		}
		if a := withAncestors(ids); len(a) > 0 {
			d[fieldTouchpoint] = a
		}
	} else {
		d[fieldUntagged] = true
	}
	return d, nil
}

// metaTerm is the indexed term of one metadata entry. Names are
// lower-cased; values are kept as written.
func metaTerm(name, value string) string {
	return strings.ToLower(strings.TrimSpace(name)) + "=" + value
}

// withAncestors returns the touchpoint ids and all their ancestors, each
// once: "billing/refunds" yields "billing" and "billing/refunds", so a
// filter or facet on a parent counts its children.
func withAncestors(ids []string) []string {
	seen := make(map[string]bool, len(ids)*2)
	out := make([]string, 0, len(ids)*2)
	for _, id := range ids {
		id = strings.Trim(id, "/")
		for i := 0; i <= len(id); i++ {
			if i < len(id) && id[i] != '/' {
				continue
			}
			p := id[:i]
			if p != "" && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}
