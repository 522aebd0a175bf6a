package facts

import (
	"cmp"
	"fmt"
	"math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
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

// facetCounter accumulates one facet's counts: counts[2*i+e] counts
// value i (i = the number of values: no value) among comments with e = 1
// for employees and 0 for the others, so the anonymity rule can fold the
// employee counts in afterwards without a branch per comment.
type facetCounter struct {
	name   string
	n      int // number of values
	counts []int
	names  func(i int) string
	// respondents, when set, holds per value (same layout as counts/2)
	// the distinct employee respondents, which the anonymity rule then
	// counts instead of employee comments.
	respondents []int
}

func newFacetCounter(name string, n int, names func(int) string) *facetCounter {
	return &facetCounter{name: name, n: n, counts: make([]int, 2*(n+1)), names: names}
}

// result folds the employee counts of at least minEmployee (all of them
// when minEmployee <= 1) into the others and keeps the size largest terms.
func (fc *facetCounter) result(size, minEmployee int) FacetCounts {
	count := func(i int) int {
		n := fc.counts[2*i]
		group := fc.counts[2*i+1]
		if fc.respondents != nil {
			group = fc.respondents[i]
		}
		if group >= minEmployee {
			n += fc.counts[2*i+1]
		}
		return n
	}
	var terms []TermCount
	for i := range fc.n {
		if n := count(i); n > 0 {
			terms = append(terms, TermCount{Term: fc.names(i), Count: n})
		}
	}
	slices.SortFunc(terms, func(a, b TermCount) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return strings.Compare(a.Term, b.Term)
	})
	res := FacetCounts{Missing: count(fc.n), Terms: []TermCount{}}
	for i, t := range terms {
		if i < size {
			res.Terms = append(res.Terms, t)
		} else {
			res.Other += t.Count
		}
	}
	return res
}

// Facets counts the named facets over rows, keeping the size largest
// terms of each. The touchpoint facet counts every ancestor of a tagged
// touchpoint too, once per comment, so a tree can be drawn from it.
//
// With g.Min above 1, the employee comments of a value are counted only
// when at least g.Min employees wrote them (distinct values of the
// g.Respondent field, else comments): a facet never shows how many
// employees of a small group said something.
func (v *View) Facets(rows *Rows, names []string, size int, g EmployeeGroups) (map[string]FacetCounts, error) {
	c := v.c
	var (
		labels, auds, sources, touchpoints *facetCounter
		metas                              []*facetCounter
		metaCols                           []*MetaColumn
		absent                             []*facetCounter // meta fields no comment has
		all                                []*facetCounter
	)
	for _, name := range names {
		if err := CheckFacet(name); err != nil {
			return nil, err
		}
		var fc *facetCounter
		switch name {
		case FacetSentiment:
			// Value 0 (Unlabelled) is "no value": counted as n.
			fc = newFacetCounter(name, len(labelNames), func(i int) string { return Label(i).String() })
			labels = fc
		case FacetAudience:
			fc = newFacetCounter(name, 3, func(i int) string { return AudienceName(uint8(i)) })
			auds = fc
		case FacetSource:
			fc = newFacetCounter(name, c.Sources.Len(), func(i int) string { return c.Sources.Names[i] })
			sources = fc
		case FacetTouchpoint:
			fc = newFacetCounter(name, c.Touchpoints.Len(), func(i int) string { return c.Touchpoints.Names[i] })
			touchpoints = fc
		default:
			col := c.Meta[MetaName(strings.TrimPrefix(name, facetMetaPrefix))]
			if col == nil {
				fc = newFacetCounter(name, 0, nil)
				absent = append(absent, fc)
				break
			}
			// Meta values are stored as 1 + index, 0 for none.
			fc = newFacetCounter(name, col.Dict.Len()+1, func(i int) string { return col.Dict.Names[i-1] })
			metas = append(metas, fc)
			metaCols = append(metaCols, col)
		}
		all = append(all, fc)
	}

	// Large selections are counted in parallel parts, each into its own
	// tally, then added up.
	parts := 1
	if len(rows.words) >= parallelWords {
		parts = min(runtime.GOMAXPROCS(0), maxParts)
	}
	tallies := make([]*tally, parts)
	var wg sync.WaitGroup
	per := (len(rows.words) + parts - 1) / parts
	for p := range parts {
		t := &tally{}
		for i, fc := range []*facetCounter{labels, auds, sources, touchpoints} {
			if fc != nil {
				t.byName[i] = make([]int, len(fc.counts))
			}
		}
		for _, fc := range metas {
			t.metas = append(t.metas, make([]int, len(fc.counts)))
		}
		tallies[p] = t
		lo, hi := min(p*per, len(rows.words)), min((p+1)*per, len(rows.words))
		wg.Go(func() { t.count(c, rows.words[lo:hi], lo, metaCols) })
	}
	wg.Wait()
	var total [2]int
	for _, t := range tallies {
		for i, fc := range []*facetCounter{labels, auds, sources, touchpoints} {
			if fc != nil {
				addInts(fc.counts, t.byName[i])
			}
		}
		for i, fc := range metas {
			addInts(fc.counts, t.metas[i])
		}
		total[0] += t.total[0]
		total[1] += t.total[1]
	}

	// Label 0, audience 0 and meta value 0 mean "none": move them to the
	// missing slot.
	for _, fc := range append([]*facetCounter{labels, auds}, metas...) {
		if fc != nil {
			fc.counts[2*fc.n], fc.counts[2*fc.n+1] = fc.counts[0], fc.counts[1]
			fc.counts[0], fc.counts[1] = 0, 0
		}
	}
	for _, fc := range absent {
		fc.counts[0], fc.counts[1] = total[0], total[1]
	}
	if resp := v.respondentColumn(g); resp != nil {
		countRespondents(c, rows, total[1], resp, g.Min, labels, auds, sources, touchpoints, metas, metaCols, absent)
	}

	if size <= 0 {
		size = 50
	}
	minEmployee := max(g.Min, 1)
	out := make(map[string]FacetCounts, len(all))
	for _, fc := range all {
		out[fc.name] = fc.result(size, minEmployee)
	}
	return out, nil
}

// Facets counts selections of at least parallelWords bitmap words (64
// rows each) in up to maxParts goroutines.
const (
	parallelWords = 2048
	maxParts      = 4
)

// tally holds one part's counts: byName is sentiment, audience, source
// and touchpoint (nil when not asked for), in facetCounter layout.
type tally struct {
	byName [4][]int
	metas  [][]int
	total  [2]int
}

// count tallies the rows of words, the first of which is word firstWord
// of the selection.
func (t *tally) count(c *columns, words []uint64, firstWord int, metaCols []*MetaColumn) {
	labels, auds, sources, touchpoints := t.byName[0], t.byName[1], t.byName[2], t.byName[3]
	missingTP := 0
	if touchpoints != nil {
		missingTP = len(touchpoints) - 2
	}
	metas := t.metas
	var meta0, meta1 []int
	var col0, col1 []uint32
	if len(metaCols) > 0 {
		meta0, col0 = metas[0], metaCols[0].Values
	}
	if len(metaCols) > 1 {
		meta1, col1 = metas[1], metaCols[1].Values
	}
	aud, label, source := c.Aud, c.Label, c.Source
	mOff, mLen, aLen, mBuf := c.MentionOff, c.MentionLen, c.AncLen, c.MentionBuf
	for i, w := range words {
		wi := firstWord + i
		for ; w != 0; w &= w - 1 {
			r := uint32(wi<<6 + bits.TrailingZeros64(w))
			e := 0
			if aud[r] == AudienceEmployee {
				e = 1
			}
			t.total[e]++
			if labels != nil {
				labels[2*int(label[r])+e]++
			}
			if auds != nil {
				auds[2*int(aud[r])+e]++
			}
			if sources != nil {
				sources[2*int(source[r])+e]++
			}
			if touchpoints != nil {
				n := uint32(mLen[r])
				if n == 0 {
					touchpoints[missingTP+e]++
				}
				off := mOff[r]
				// Tagged touchpoints and their ancestors, each once.
				for _, m := range mBuf[off : off+n+uint32(aLen[r])] {
					touchpoints[2*int(m.Touchpoint)+e]++
				}
			}
			switch len(metaCols) {
			case 0:
			case 1:
				meta0[2*int(col0[r])+e]++
			case 2:
				meta0[2*int(col0[r])+e]++
				meta1[2*int(col1[r])+e]++
			default:
				for k, col := range metaCols {
					metas[k][2*int(col.Values[r])+e]++
				}
			}
		}
	}
}

func addInts(dst, src []int) {
	for i, v := range src {
		dst[i] += v
	}
}

// DayCounts returns how many of rows were created on each day (see Day).
func (v *View) DayCounts(rows *Rows) map[int32]int {
	c := v.c
	out := map[int32]int{}
	if c.IDs.Len() == 0 {
		return out
	}
	lo, hi := c.minDay, c.maxDay
	if hi-lo > 100_000 { // centuries apart: count sparsely
		rows.Each(func(r uint32) { out[c.Day[r]]++ })
		return out
	}
	counts := make([]int, hi-lo+1)
	day := c.Day
	for wi, w := range rows.words {
		for ; w != 0; w &= w - 1 {
			counts[day[wi<<6+bits.TrailingZeros64(w)]-lo]++
		}
	}
	for i, n := range counts {
		if n > 0 {
			out[lo+int32(i)] = n
		}
	}
	return out
}
