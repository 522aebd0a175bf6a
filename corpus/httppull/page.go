package httppull

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/fieldmap"
)

// page is one decoded API response.
type page struct {
	items []any  // the elements of the items array
	next  string // the next page's token, "" when none
}

// parsePage decodes a response body and finds its items and next token.
// An error means the response is not what the config describes; nothing
// of it is stored.
func parsePage(body []byte, cfg *Config) (page, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return page{}, fmt.Errorf("response is not JSON: %v", err)
	}
	var p page
	got, ok := fieldmap.Lookup(v, cfg.Items)
	switch arr, isArr := got.([]any); {
	case !ok:
		return page{}, fmt.Errorf("items: path %q not found in the response", cfg.Items)
	case got == nil:
		// null: no items
	case !isArr:
		return page{}, fmt.Errorf("items: path %q is a JSON %T in the response, not an array", cfg.Items, got)
	default:
		p.items = arr
	}
	if cfg.Cursor.Kind == CursorPageToken {
		if t, ok := fieldmap.Lookup(v, cfg.Cursor.Next); ok && t != nil {
			switch t := t.(type) {
			case string:
				p.next = t
			case json.Number:
				p.next = t.String()
			default:
				return page{}, fmt.Errorf("cursor.next: path %q is not a string in the response", cfg.Cursor.Next)
			}
		}
	}
	return p, nil
}

// records maps a page's items; those that cannot be mapped become
// rejects. newest is the newest created_at among the items that have one,
// never later than now.
func (s *Source) records(p page, file string, now time.Time) (recs []corpus.Record, newest time.Time) {
	recs = make([]corpus.Record, len(p.items))
	for i, it := range p.items {
		line := int64(i + 1)
		recs[i] = corpus.Record{File: file, Line: line}
		obj, isObj := it.(map[string]any)
		var reason string
		if !isObj {
			reason = fmt.Sprintf("item is a JSON %s; want an object", fieldmap.Kind(it))
		} else if c, err := s.m.Comment(obj, now); err != nil {
			reason = err.Error()
		} else {
			recs[i].Comment = c
			if _, dated := fieldmap.Lookup(obj, s.cfg.Fields.CreatedAt.Path); dated && c.CreatedAt.After(newest) {
				newest = c.CreatedAt
			}
			continue
		}
		raw, _ := json.Marshal(it)
		recs[i].Reject = &corpus.Reject{Source: s.cfg.Name, File: file, Line: line, Raw: raw, Reason: reason, At: now}
	}
	if newest.After(now) {
		newest = now // a clock ahead of ours must not skip items
	}
	return recs, newest
}
