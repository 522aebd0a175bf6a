package index

import (
	"encoding/json"
	"maps"
	"sync"

	"github.com/feedbackd/feedbackd/index/facts"
)

// selection is what a search computes before it picks its page: the
// matching rows (and relevance scores), the total, the facets and the
// histogram. The pages after the first, asked for with a search-after
// cursor, reuse it while the facts table has not changed, instead of
// matching, filtering and counting again; only the page is picked anew.
type selection struct {
	key    string
	gen    uint64
	rows   facts.Rows
	scores []facts.Scored
	total  uint64
	hidden int
	facets map[string]Facet
	dates  []DateBucket
}

// selectionCacheSize is how many selections are kept: a few people
// paging at once.
const selectionCacheSize = 8

// selectionCache keeps the most recent selections, newest first. Entries
// are read-only once put.
type selectionCache struct {
	mu      sync.Mutex
	entries []*selection
}

// get returns the selection of key computed at table generation gen.
func (c *selectionCache) get(key string, gen uint64) (*selection, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.entries {
		if s.key == key && s.gen == gen {
			return s, true
		}
	}
	return nil, false
}

// put adds s, replacing an entry with its key and dropping the oldest
// beyond selectionCacheSize.
func (c *selectionCache) put(s *selection) {
	c.mu.Lock()
	defer c.mu.Unlock()
	kept := []*selection{s}
	for _, e := range c.entries {
		if e.key != s.key && len(kept) < selectionCacheSize {
			kept = append(kept, e)
		}
	}
	c.entries = kept
}

// selectionKey identifies what a selection depends on: the query string,
// the filters, the facets asked for and whether hits are scored. The
// sort, page size and cursor only pick the page.
func selectionKey(q *Query, scored bool) string {
	b, err := json.Marshal(struct {
		Q      string
		Filter facts.Filter
		Facets FacetRequest
		Scored bool
	}{q.Q, q.Filter, q.Facets, scored})
	if err != nil {
		return "" // never cached: "" is no key
	}
	return string(b)
}

// results starts the Results of a page from the selection.
func (s *selection) results() *Results {
	return &Results{Total: s.total, Hidden: s.hidden, Facets: maps.Clone(s.facets), Dates: s.dates}
}
