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
	seen := map[uint64]struct{}{}
	aud := v.c.Aud
	for wi, w := range rows.words {
		for ; w != 0; w &= w - 1 {
			r := uint32(wi<<6 + bits.TrailingZeros64(w))
			if aud[r] != AudienceEmployee {
				continue
			}
			emp = append(emp, r)
			if resp == nil {
				seen[uint64(r)] = struct{}{}
			} else {
				seen[respondentKey(resp, r)] = struct{}{}
			}
			if len(seen) >= g.Min {
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
// reaches it, and a value that has stops costing a set lookup a row. Only
// employee rows are visited.
func countRespondents(c *columns, rows *Rows, resp *MetaColumn, min int, labels, auds, sources, touchpoints *facetCounter, metas []*facetCounter, metaCols []*MetaColumn, absent []*facetCounter) {
	type counter struct {
		fc    *facetCounter
		value func(r uint32, fn func(i int))
		seen  map[[2]uint64]struct{}
	}
	one := func(col func(r uint32) int) func(uint32, func(int)) {
		return func(r uint32, fn func(int)) { fn(col(r)) }
	}
	var cs []*counter
	add := func(fc *facetCounter, value func(uint32, func(int))) {
		if fc != nil {
			fc.respondents = make([]int, fc.n+1)
			cs = append(cs, &counter{fc: fc, value: value, seen: map[[2]uint64]struct{}{}})
		}
	}
	// Value 0 of labels, audiences and metadata means none: the missing
	// slot n, as Facets moved their counts.
	noneIsMissing := func(fc *facetCounter, v int) int {
		if v == 0 {
			return fc.n
		}
		return v
	}
	if labels != nil {
		add(labels, one(func(r uint32) int { return noneIsMissing(labels, int(c.Label[r])) }))
	}
	if auds != nil {
		add(auds, one(func(r uint32) int { return noneIsMissing(auds, int(c.Aud[r])) }))
	}
	if sources != nil {
		add(sources, one(func(r uint32) int { return int(c.Source[r]) }))
	}
	if touchpoints != nil {
		add(touchpoints, func(r uint32, fn func(int)) {
			n := uint32(c.MentionLen[r])
			if n == 0 {
				fn(touchpoints.n)
				return
			}
			off := c.MentionOff[r]
			for _, m := range c.MentionBuf[off : off+n+uint32(c.AncLen[r])] {
				fn(int(m.Touchpoint))
			}
		})
	}
	for k, fc := range metas {
		vals := metaCols[k].Values
		add(fc, one(func(r uint32) int { return noneIsMissing(fc, int(vals[r])) }))
	}
	for _, fc := range absent {
		add(fc, one(func(uint32) int { return 0 }))
	}
	aud := c.Aud
	for wi, w := range rows.words {
		for ; w != 0; w &= w - 1 {
			r := uint32(wi<<6 + bits.TrailingZeros64(w))
			if aud[r] != AudienceEmployee {
				continue
			}
			key := respondentKey(resp, r)
			for _, ct := range cs {
				ct.value(r, func(i int) {
					if ct.fc.respondents[i] >= min {
						return
					}
					if _, dup := ct.seen[[2]uint64{uint64(i), key}]; !dup {
						ct.seen[[2]uint64{uint64(i), key}] = struct{}{}
						ct.fc.respondents[i]++
					}
				})
			}
		}
	}
}
