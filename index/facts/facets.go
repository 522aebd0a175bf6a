package facts

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Facet names.
const (
	FacetTouchpoint = "touchpoint"
	FacetSentiment  = "sentiment"
	FacetAudience   = "audience"
	FacetSource     = "source"
	facetMetaPrefix = "meta."
)

// TermCount is one value of a facet and how many selected comments have it.
type TermCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// FacetCounts are the counts of one facet, largest first (ties by term).
type FacetCounts struct {
	Terms []TermCount `json:"terms"`
	// Other counts the values beyond the returned terms (a comment with
	// two such touchpoints counts twice); Missing counts the selected
	// comments without a value.
	Other   int `json:"other"`
	Missing int `json:"missing"`
}

// CheckFacet returns an error unless name is a facet Facets can count.
func CheckFacet(name string) error {
	switch {
	case name == FacetTouchpoint, name == FacetSentiment, name == FacetAudience, name == FacetSource:
		return nil
	case strings.HasPrefix(name, facetMetaPrefix) && len(name) > len(facetMetaPrefix):
		return nil
	}
	return fmt.Errorf("unknown facet %q: want touchpoint, sentiment, audience, source or meta.<name>", name)
}

// facetCounter accumulates one facet's counts per dictionary index.
// With anonymity on, employee comments are counted apart in emp (index
// len(counts) holds the missing ones) and only counts of at least
// minEmployee are added in.
type facetCounter struct {
	name    string
	counts  []int
	emp     []int
	names   func(i int) string
	missing int
}

// add counts value i (len(counts): no value) for one comment.
func (fc *facetCounter) add(i int, employee bool) {
	switch {
	case employee && fc.emp != nil:
		fc.emp[i]++
	case i == len(fc.counts):
		fc.missing++
	default:
		fc.counts[i]++
	}
}

// addEmployees folds the employee counts of at least min into counts.
func (fc *facetCounter) addEmployees(min int) {
	if fc.emp == nil {
		return
	}
	for i, n := range fc.emp[:len(fc.counts)] {
		if n >= min {
			fc.counts[i] += n
		}
	}
	if n := fc.emp[len(fc.counts)]; n >= min {
		fc.missing += n
	}
}

// Facets counts the named facets over rows, keeping the size largest
// terms of each. The touchpoint facet counts every ancestor of a tagged
// touchpoint too, once per comment, so a tree can be drawn from it.
//
// With minEmployeeGroup above 1, the employee comments of a value are
// counted only when there are at least that many of them: a facet never
// shows how many employees of a small group said something.
func (v *View) Facets(rows *Rows, names []string, size, minEmployeeGroup int) (map[string]FacetCounts, error) {
	c := v.c
	var (
		labels, auds         *facetCounter
		sources, touchpoints *facetCounter
		metas                []*facetCounter
		metaCols             []*MetaColumn
		all                  []*facetCounter
	)
	for _, name := range names {
		if err := CheckFacet(name); err != nil {
			return nil, err
		}
		fc := &facetCounter{name: name}
		switch name {
		case FacetSentiment:
			fc.counts = make([]int, len(labelNames))
			fc.names = func(i int) string { return Label(i).String() }
			labels = fc
		case FacetAudience:
			fc.counts = make([]int, 3)
			fc.names = func(i int) string { return AudienceName(uint8(i)) }
			auds = fc
		case FacetSource:
			fc.counts = make([]int, c.Sources.Len())
			fc.names = func(i int) string { return c.Sources.Names[i] }
			sources = fc
		case FacetTouchpoint:
			fc.counts = make([]int, c.Touchpoints.Len())
			fc.names = func(i int) string { return c.Touchpoints.Names[i] }
			touchpoints = fc
		default:
			col := c.Meta[MetaName(strings.TrimPrefix(name, facetMetaPrefix))]
			if col == nil {
				col = &MetaColumn{}
			}
			fc.counts = make([]int, col.Dict.Len()+1)
			fc.names = func(i int) string { return col.Dict.Names[i-1] }
			metas = append(metas, fc)
			metaCols = append(metaCols, col)
		}
		if minEmployeeGroup > 1 {
			fc.emp = make([]int, len(fc.counts)+1)
		}
		all = append(all, fc)
	}

	var seen []uint32 // per touchpoint: 1 + the last row that counted it
	if touchpoints != nil {
		seen = make([]uint32, c.Touchpoints.Len())
	}
	parent := c.Touchpoints.Parent
	rows.Each(func(r uint32) {
		emp := c.Aud[r] == AudienceEmployee
		if labels != nil {
			labels.add(int(c.Label[r]), emp)
		}
		if auds != nil {
			auds.add(int(c.Aud[r]), emp)
		}
		if sources != nil {
			sources.add(int(c.Source[r]), emp)
		}
		if touchpoints != nil {
			n := c.MentionLen[r]
			if n == 0 {
				touchpoints.add(len(touchpoints.counts), emp)
			}
			off := c.MentionOff[r]
			for _, m := range c.MentionBuf[off : off+uint32(n)] {
				for j := int32(m.Touchpoint); j >= 0 && seen[j] != r+1; j = parent[j] {
					seen[j] = r + 1
					touchpoints.add(int(j), emp)
				}
			}
		}
		for i, col := range metaCols {
			if len(col.Values) > int(r) {
				metas[i].add(int(col.Values[r]), emp)
			} else {
				metas[i].add(0, emp)
			}
		}
	})
	for _, fc := range all {
		fc.addEmployees(minEmployeeGroup)
	}
	// Value 0 of these columns means "none".
	if labels != nil {
		labels.missing, labels.counts[Unlabelled] = labels.counts[Unlabelled], 0
	}
	if auds != nil {
		auds.missing, auds.counts[AudienceNone] = auds.counts[AudienceNone], 0
	}
	for _, m := range metas {
		m.missing, m.counts[0] = m.counts[0], 0
	}

	if size <= 0 {
		size = 50
	}
	out := make(map[string]FacetCounts, len(all))
	for _, fc := range all {
		out[fc.name] = fc.result(size)
	}
	return out, nil
}

func (fc *facetCounter) result(size int) FacetCounts {
	var terms []TermCount
	for i, n := range fc.counts {
		if n > 0 {
			terms = append(terms, TermCount{Term: fc.names(i), Count: n})
		}
	}
	slices.SortFunc(terms, func(a, b TermCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Term, b.Term)
	})
	res := FacetCounts{Missing: fc.missing, Terms: []TermCount{}}
	for i, t := range terms {
		if i < size {
			res.Terms = append(res.Terms, t)
		} else {
			res.Other += t.Count
		}
	}
	return res
}

// DayCounts returns how many of rows were created on each day (see Day).
func (v *View) DayCounts(rows *Rows) map[int32]int {
	c := v.c
	out := map[int32]int{}
	if len(c.IDs) == 0 {
		return out
	}
	lo, hi := c.Day[0], c.Day[0]
	for _, d := range c.Day {
		lo, hi = min(lo, d), max(hi, d)
	}
	if hi-lo > 100_000 { // centuries apart: count sparsely
		rows.Each(func(r uint32) { out[c.Day[r]]++ })
		return out
	}
	counts := make([]int, hi-lo+1)
	rows.Each(func(r uint32) { counts[c.Day[r]-lo]++ })
	for i, n := range counts {
		if n > 0 {
			out[lo+int32(i)] = n
		}
	}
	return out
}

// HideSmallEmployeeGroup removes the employee comments from rows when
// there are fewer than min of them (and at least one), so a selection
// narrowed to a small group of employees lists none of their comments.
// It returns how many it removed.
func (v *View) HideSmallEmployeeGroup(rows *Rows, min int) int {
	if min <= 1 {
		return 0
	}
	var emp []uint32
	rows.Each(func(r uint32) {
		if v.c.Aud[r] == AudienceEmployee && len(emp) < min {
			emp = append(emp, r)
		}
	})
	if len(emp) == 0 || len(emp) >= min {
		return 0
	}
	for _, r := range emp {
		rows.Clear(r)
	}
	return len(emp)
}
