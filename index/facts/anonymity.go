package facts

import "math/bits"

// EmployeeGroups is the anonymity rule for employee comments: they are
// listed and counted only in groups of at least Min employees. Respondent
// names the metadata field that identifies an employee (e.g. a
// respondent id from the HR survey), so one person's five comments count
// as one; without it each comment counts as an employee. Min 0 or 1
// turns the rule off.
type EmployeeGroups struct {
	Min        int
	Respondent string
}

// respondentColumn returns the column identifying respondents when the
// rule is on and counts respondents, else nil. A field no comment has
// yet gives an empty column: every employee comment is its own
// respondent.
func (v *View) respondentColumn(g EmployeeGroups) *MetaColumn {
	if g.Min <= 1 || g.Respondent == "" {
		return nil
	}
	if col := v.Meta(g.Respondent); col != nil {
		return col
	}
	return &MetaColumn{}
}

// respondentKey identifies row r's respondent: its value of the
// respondent column, or the row itself when it has none.
func respondentKey(col *MetaColumn, r uint32) uint64 {
	if int(r) < len(col.Values) && col.Values[r] != 0 {
		return uint64(col.Values[r])
	}
	return 1<<32 | uint64(r)
}

// HideSmallEmployeeGroup removes the employee comments from rows when
// fewer than g.Min employees wrote them (and at least one did), so a
// selection narrowed to a small group of employees lists none of their
// comments. It returns how many comments it removed.
func (v *View) HideSmallEmployeeGroup(rows *Rows, g EmployeeGroups) int {
	if g.Min <= 1 {
		return 0
	}
	resp := v.respondentColumn(g)
	var emp []uint32
	seen := map[uint64]struct{}{} // respondents, when counted
	aud := v.c.Aud
	for wi, w := range rows.words {
		for ; w != 0; w &= w - 1 {
			r := uint32(wi<<6 + bits.TrailingZeros64(w))
			if aud[r] != AudienceEmployee {
				continue
			}
			emp = append(emp, r)
			group := len(emp)
			if resp != nil {
				seen[respondentKey(resp, r)] = struct{}{}
				group = len(seen)
			}
			if group >= g.Min {
				return 0
			}
		}
	}
	if len(emp) == 0 {
		return 0
	}
	for _, r := range emp {
		rows.Clear(r)
	}
	return len(emp)
}

// countRespondents fills the respondents of each facet counter given
// (nil ones are skipped) with the distinct employee respondents of each
// value among rows, counted up to min: the rule only asks whether a value
// reaches it, and a value that has costs a comparison a row from then
// on. Only employee rows are visited, a column at a time.
// employees is the number of employee rows in rows.
func countRespondents(c *columns, rows *Rows, employees int, resp *MetaColumn, min int, labels, auds, sources, touchpoints *facetCounter, metas []*facetCounter, metaCols []*MetaColumn, absent []*facetCounter) {
	emp := make([]uint32, 0, employees)
	keys := make([]uint64, 0, employees)
	for wi, w := range rows.words {
		for ; w != 0; w &= w - 1 {
			if r := uint32(wi<<6 + bits.TrailingZeros64(w)); c.Aud[r] == AudienceEmployee {
				emp = append(emp, r)
				keys = append(keys, respondentKey(resp, r))
			}
		}
	}
	if labels != nil {
		respondentsByColumn(labels, c.Label, emp, keys, min, true)
	}
	if auds != nil {
		respondentsByColumn(auds, c.Aud, emp, keys, min, true)
	}
	if sources != nil {
		respondentsByColumn(sources, c.Source, emp, keys, min, false)
	}
	for k, fc := range metas {
		respondentsByColumn(fc, metaCols[k].Values, emp, keys, min, true)
	}
	for _, fc := range absent { // no comment has the field: one value, 0
		t := newRespondentTally(fc, min)
		for _, k := range keys {
			t.add(0, k)
		}
	}
	if touchpoints != nil {
		fc := touchpoints
		t := newRespondentTally(fc, min)
		for j, r := range emp {
			n := uint32(c.MentionLen[r])
			if n == 0 {
				t.add(fc.n, keys[j])
				continue
			}
			off := c.MentionOff[r]
			for _, m := range c.MentionBuf[off : off+n+uint32(c.AncLen[r])] {
				t.add(int(m.Touchpoint), keys[j])
			}
		}
	}
}

// respondentTally counts distinct respondents per value, up to min.
type respondentTally struct {
	counts []int
	seen   map[[2]uint64]struct{}
	min    int
}

func newRespondentTally(fc *facetCounter, min int) *respondentTally {
	fc.respondents = make([]int, fc.n+1)
	return &respondentTally{counts: fc.respondents, seen: map[[2]uint64]struct{}{}, min: min}
}

func (t *respondentTally) add(value int, key uint64) {
	if t.counts[value] >= t.min {
		return
	}
	k := [2]uint64{uint64(value), key}
	if _, dup := t.seen[k]; !dup {
		t.seen[k] = struct{}{}
		t.counts[value]++
	}
}

// respondentsByColumn tallies the respondents of a one-value-a-row facet;
// with noneIsMissing, value 0 means none and is counted in the missing
// slot n, as Facets moves it.
func respondentsByColumn[T ~uint8 | ~uint32](fc *facetCounter, col []T, emp []uint32, keys []uint64, min int, noneIsMissing bool) {
	t := newRespondentTally(fc, min)
	for j, r := range emp {
		v := int(col[r])
		if v == 0 && noneIsMissing {
			v = fc.n
		}
		t.add(v, keys[j])
	}
}
