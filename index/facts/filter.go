package facts

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// Range is an inclusive numeric range; a nil bound is open.
type Range struct {
	Min, Max *float64
}

// IsSet reports whether either bound is set.
func (r Range) IsSet() bool { return r.Min != nil || r.Max != nil }

// Filter narrows a selection. Filters of different kinds are ANDed;
// values within one kind are ORed. The zero Filter keeps every comment.
type Filter struct {
	// Touchpoints keeps comments tagged with any of these touchpoints or
	// their descendants ("billing" keeps "billing/refunds").
	Touchpoints []string
	// Sentiments keeps comments with any of these overall labels.
	Sentiments []string
	// Audiences keeps comments from any of these audiences.
	Audiences []string
	// Sources keeps comments from any of these sources.
	Sources []string
	// Meta keeps comments whose metadata field has any of the values, for
	// every field named (e.g. {"channel": {"phone", "chat"}}).
	Meta map[string][]string
	// From and To bound created_at: From inclusive, To exclusive; zero
	// means unbounded.
	From, To time.Time
	// Score ranges, inclusive. A comment without the score fails a range
	// on it.
	NPS, CSAT, CES, SentimentScore Range
}

// IsZero reports whether f keeps every comment.
func (f *Filter) IsZero() bool {
	return len(f.Touchpoints) == 0 && len(f.Sentiments) == 0 && len(f.Audiences) == 0 &&
		len(f.Sources) == 0 && len(f.Meta) == 0 && f.From.IsZero() && f.To.IsZero() &&
		!f.NPS.IsSet() && !f.CSAT.IsSet() && !f.CES.IsSet() && !f.SentimentScore.IsSet()
}

// Validate checks the parts of f that can be wrong whatever the data:
// labels, audiences, ranges and dates.
func (f *Filter) Validate() error {
	for _, s := range nonEmpty(f.Sentiments) {
		if _, err := ParseLabel(s); err != nil {
			return err
		}
	}
	for _, a := range nonEmpty(f.Audiences) {
		if a != "customer" && a != "employee" {
			return fmt.Errorf("audience %q: want customer or employee", a)
		}
	}
	for _, r := range []struct {
		name string
		r    Range
	}{{"nps", f.NPS}, {"csat", f.CSAT}, {"ces", f.CES}, {"sentiment_score", f.SentimentScore}} {
		if r.r.Min != nil && r.r.Max != nil && *r.r.Min > *r.r.Max {
			return fmt.Errorf("%s range: min %g is above max %g", r.name, *r.r.Min, *r.r.Max)
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		return fmt.Errorf("to (%s) is not after from (%s)", f.To.Format(time.RFC3339), f.From.Format(time.RFC3339))
	}
	return nil
}

// nonEmpty returns vals without empty strings: an empty value in a filter
// is ignored, like an absent one.
func nonEmpty(vals []string) []string {
	if !slices.Contains(vals, "") {
		return vals
	}
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// predicate is a Filter compiled against one View's dictionaries.
type predicate struct {
	empty bool // some kind of filter matches no known value

	tp       []bool // per touchpoint index: kept (itself or an ancestor asked for)
	labels   [len(labelNames)]bool
	anyLabel bool
	aud      [3]bool
	anyAud   bool
	src      []bool
	meta     []metaPredicate

	from, to       int64
	hasFrom, hasTo bool
	nps, csat, ces intRange
	score          floatRange
}

type metaPredicate struct {
	values []uint32
	keep   []bool // per 1 + dict index
}

type intRange struct {
	on     bool
	lo, hi float64
}

type floatRange struct {
	on     bool
	lo, hi float64
}

func newIntRange(r Range) intRange {
	if !r.IsSet() {
		return intRange{}
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	if r.Min != nil {
		lo = *r.Min
	}
	if r.Max != nil {
		hi = *r.Max
	}
	return intRange{on: true, lo: lo, hi: hi}
}

// compile turns f into a predicate over v's rows.
func (v *View) compile(f *Filter) (*predicate, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	c := v.c
	p := &predicate{}
	if tps := nonEmpty(f.Touchpoints); len(tps) > 0 {
		p.tp = make([]bool, c.Touchpoints.Len())
		want := map[uint32]bool{}
		for _, id := range tps {
			if i, ok := c.Touchpoints.Lookup(strings.Trim(id, "/")); ok {
				want[i] = true
			}
		}
		any := false
		for i := range p.tp {
			c.Touchpoints.Ancestors(uint32(i), func(a uint32) {
				if want[a] {
					p.tp[i] = true
					any = true
				}
			})
		}
		p.empty = p.empty || !any
	}
	for _, s := range nonEmpty(f.Sentiments) {
		l, _ := ParseLabel(s)
		p.labels[l], p.anyLabel = true, true
	}
	for _, a := range nonEmpty(f.Audiences) {
		if a == "customer" {
			p.aud[AudienceCustomer] = true
		} else {
			p.aud[AudienceEmployee] = true
		}
		p.anyAud = true
	}
	if srcs := nonEmpty(f.Sources); len(srcs) > 0 {
		p.src = make([]bool, c.Sources.Len())
		any := false
		for _, s := range srcs {
			if i, ok := c.Sources.Lookup(s); ok {
				p.src[i], any = true, true
			}
		}
		p.empty = p.empty || !any
	}
	for _, name := range slices.Sorted(maps.Keys(f.Meta)) {
		vals := nonEmpty(f.Meta[name])
		if len(vals) == 0 {
			continue
		}
		col := c.Meta[MetaName(name)]
		if col == nil {
			p.empty = true
			continue
		}
		mp := metaPredicate{values: col.Values, keep: make([]bool, col.Dict.Len()+1)}
		any := false
		for _, val := range vals {
			if i, ok := col.Dict.Lookup(val); ok {
				mp.keep[i+1], any = true, true
			}
		}
		p.empty = p.empty || !any
		p.meta = append(p.meta, mp)
	}
	if !f.From.IsZero() {
		p.from, p.hasFrom = f.From.UnixNano(), true
	}
	if !f.To.IsZero() {
		p.to, p.hasTo = f.To.UnixNano(), true
	}
	p.nps, p.csat, p.ces = newIntRange(f.NPS), newIntRange(f.CSAT), newIntRange(f.CES)
	// Scores are kept as float32: compare at that precision, so that
	// sentiment_score>=0.7 keeps a comment scored 0.7.
	s := newIntRange(f.SentimentScore)
	p.score = floatRange{on: s.on, lo: float64(float32(s.lo)), hi: float64(float32(s.hi))}
	return p, nil
}

// Select returns the live rows that pass f. When within is not nil only
// its rows are considered (the matches of a text query).
func (v *View) Select(f *Filter, within *Rows) (Rows, error) {
	p, err := v.compile(f)
	if err != nil {
		return Rows{}, err
	}
	c := v.c
	if p.empty {
		return NewRows(c.IDs.Len()), nil
	}
	out := v.Live()
	if within != nil {
		out.And(within)
	}
	if f.IsZero() {
		return out, nil
	}
	p.filter(c, &out)
	return out, nil
}

// filter clears the rows of out that fail p, one column at a time: a
// tight loop per filter over the rows still set, cheaper than testing
// every filter per row. The lookups go first (each is a table lookup a
// row, and a facet value usually keeps few rows), the touchpoints (a
// loop a row) and the ranges after them.
func (p *predicate) filter(c *columns, out *Rows) {
	if p.anyLabel {
		sweepLookup(out, c.Label, p.labels[:])
	}
	if p.anyAud {
		sweepLookup(out, c.Aud, p.aud[:])
	}
	if p.src != nil {
		sweepLookup(out, c.Source, p.src)
	}
	for _, m := range p.meta {
		sweepLookup(out, m.values, m.keep)
	}
	if p.tp != nil {
		off, n, buf, ok := c.MentionOff, c.MentionLen, c.MentionBuf, p.tp
		out.sweep(func(r uint32) bool {
			for _, m := range buf[off[r] : off[r]+uint32(n[r])] {
				if ok[m.Touchpoint] {
					return true
				}
			}
			return false
		})
	}
	if p.hasFrom || p.hasTo {
		from, to := p.from, p.to
		if !p.hasFrom {
			from = math.MinInt64
		}
		if !p.hasTo {
			to = math.MaxInt64
		}
		sweepBetween(out, c.Created, from, to-1) // To is exclusive
	}
	for _, sr := range []struct {
		r   intRange
		col []int8
	}{{p.nps, c.NPS}, {p.csat, c.CSAT}, {p.ces, c.CES}} {
		if sr.r.on {
			keep := scoreTable(sr.r.lo, sr.r.hi)
			sweepScores(out, sr.col, &keep)
		}
	}
	if p.score.on {
		sweepBetween(out, c.Score, float32(p.score.lo), float32(p.score.hi))
	}
}
