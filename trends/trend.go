package trends

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/index/facts"
)

// GroupBy is what a trend's series are: none (one series of every
// comment), touchpoint, audience, source, or meta.<field>.
type GroupBy string

// Groupings; a metadata field is MetaPrefix + its name.
const (
	ByNone       GroupBy = "none"
	ByTouchpoint GroupBy = "touchpoint"
	ByAudience   GroupBy = "audience"
	BySource     GroupBy = "source"
	MetaPrefix           = "meta."
)

// ParseGroupBy accepts none (or ""), touchpoint, audience, source or
// meta.<field>.
func ParseGroupBy(s string) (GroupBy, error) {
	switch g := GroupBy(s); g {
	case "", ByNone:
		return ByNone, nil
	case ByTouchpoint, ByAudience, BySource:
		return g, nil
	}
	if f, ok := strings.CutPrefix(s, MetaPrefix); ok && strings.TrimSpace(f) != "" {
		return GroupBy(MetaPrefix + facts.MetaName(f)), nil
	}
	return "", fmt.Errorf("by %q: want none, touchpoint, audience, source or meta.<field>", s)
}

// MetaField returns the metadata field of a meta.<field> grouping.
func (g GroupBy) MetaField() (string, bool) { return strings.CutPrefix(string(g), MetaPrefix) }

// DefaultMinN is the default fewest comments on each side of a change
// that is tested for significance.
const DefaultMinN = 30

// TrendOptions describe a trend report.
type TrendOptions struct {
	Interval Interval
	By       GroupBy
	// From and To bound the periods: the first is the one containing
	// From, the last the one containing the instant before To. Zero
	// bounds take the data's first or last day. Every period in between
	// is reported, empty ones with n = 0.
	From, To time.Time
	// MinN is the fewest comments both periods need for a change to be
	// tested (DefaultMinN when 0). Below it P is nil and nothing is
	// flagged significant.
	MinN int
	// Anonymity suppresses small employee groups.
	Anonymity Anonymity
}

// Trend is a trend report: the figures of every period for all selected
// comments and, unless By is none, for each group.
type Trend struct {
	Interval Interval `json:"interval"`
	By       GroupBy  `json:"by"`
	// Periods are the first day of each period (YYYY-MM-DD in the
	// table's time zone); every series has one point per period.
	Periods []string `json:"periods"`
	Overall Series   `json:"overall"`
	// Series are the groups with any comment, largest first. A comment
	// counts in every touchpoint it is tagged with and in each of their
	// ancestors once; comments with no value for the grouping are in
	// no group (but in Overall and the shares' denominators).
	Series []Series `json:"series"`
}

// Series is one group's points.
type Series struct {
	Group string `json:"group"`
	// N is the group's comments over the periods not suppressed.
	N      int     `json:"n"`
	Points []Point `json:"points"`
}

// Point is one period of a series.
//
// Sentiment is the mean sentiment score in [−1, 1] and Positive,
// Negative, Neutral and Mixed the percentages of each label, over the
// tagged comments (N of those figures). When grouped by touchpoint they
// are the comment's aspect sentiment for that touchpoint rather than its
// overall sentiment: the mean aspect score of its mentions under the
// touchpoint, and their label (mixed when positive and negative meet).
// NetSentiment is %positive − %negative. NPS is %promoters (9–10) −
// %detractors (0–6) over comments with an NPS; CSAT the mean CSAT and
// CSATTop2 the percentage of 4s and 5s; CES the mean CES. Share is the
// percentage of the period's comments in the group.
type Point struct {
	Start string `json:"start"`
	// N is the group's comments in the period (0 when suppressed).
	N int `json:"n"`
	// Suppressed is set when the group holds only employee comments, from
	// fewer respondents than the anonymity threshold: every figure is
	// then empty.
	Suppressed bool `json:"suppressed,omitempty"`
	// EmployeesLeftOut is set when the group's employee comments come
	// from fewer respondents than the threshold and the figures are the
	// other comments' alone.
	EmployeesLeftOut bool   `json:"employees_left_out,omitempty"`
	Share            Figure `json:"share"`
	Sentiment        Figure `json:"sentiment"`
	Positive         Figure `json:"positive"`
	Negative         Figure `json:"negative"`
	Neutral          Figure `json:"neutral"`
	Mixed            Figure `json:"mixed"`
	NetSentiment     Figure `json:"net_sentiment"`
	NPS              Figure `json:"nps"`
	CSAT             Figure `json:"csat"`
	CSATTop2         Figure `json:"csat_top2"`
	CES              Figure `json:"ces"`
}

// Trends computes a trend report. Changes are tested as follows, each
// two-sided at 95% and only when both periods have at least MinN
// comments behind the figure: shares and label percentages with the
// pooled two-proportion z-test; net sentiment and NPS with a z-test of
// the difference of two net scores using the pooled multinomial variance
// p₊ + p₋ − (p₊ − p₋)² per comment; means (sentiment, CSAT, CES) with
// Welch's t-test.
func (d *Data) Trends(o TrendOptions) (*Trend, error) {
	if _, err := ParseInterval(string(o.Interval)); err != nil {
		return nil, err
	}
	by, err := ParseGroupBy(string(o.By))
	if err != nil {
		return nil, err
	}
	if o.MinN <= 0 {
		o.MinN = DefaultMinN
	}
	out := &Trend{Interval: o.Interval, By: by, Periods: []string{}, Series: []Series{},
		Overall: Series{Group: "all", Points: []Point{}}}
	lo, hi, ok := d.dayRange(o.From, o.To)
	if !ok {
		return out, nil
	}
	ps, err := newPeriods(o.Interval, lo, hi)
	if err != nil {
		return nil, err
	}
	g, err := d.grouping(by)
	if err != nil {
		return nil, err
	}
	np := ps.len()
	all := make([]cell, np)
	cells := make([]cell, len(g.names)*np)
	var buf []facts.TouchpointHit
	for i := range d.day {
		k := ps.period(d.day[i])
		if k < 0 {
			continue
		}
		all[k].add(d, i, d.label[i], float64(d.score[i]))
		switch by {
		case ByNone:
		case ByTouchpoint:
			d.forTouchpoints(i, &buf, func(tp uint32, score float64, l facts.Label) {
				cells[int(tp)*np+k].add(d, i, l, score)
			})
		default:
			if gi := g.of(i); gi >= 0 {
				cells[gi*np+k].add(d, i, d.label[i], float64(d.score[i]))
			}
		}
	}
	for k := range np {
		out.Periods = append(out.Periods, isoDate(ps.starts[k]))
	}
	out.Overall = series("all", all, all, out.Periods, o)
	for gi, name := range g.names {
		cs := cells[gi*np : (gi+1)*np]
		if !slices.ContainsFunc(cs, func(c cell) bool { return c.cust.n+c.emp.n > 0 }) {
			continue
		}
		out.Series = append(out.Series, series(name, cs, all, out.Periods, o))
	}
	slices.SortStableFunc(out.Series, func(a, b Series) int {
		if c := cmp.Compare(b.N, a.N); c != 0 {
			return c
		}
		return strings.Compare(a.Group, b.Group)
	})
	return out, nil
}

// series builds the points of one group from its per-period cells.
func series(name string, cs, all []cell, starts []string, o TrendOptions) Series {
	s := Series{Group: name, Points: make([]Point, len(cs))}
	for k := range cs {
		cur, left, ok := cs[k].visible(o.Anonymity)
		if !ok {
			s.Points[k] = Point{Start: starts[k], Suppressed: true}
			continue
		}
		total, _, _ := all[k].visible(o.Anonymity)
		var prev *sums
		prevTotal := 0
		if k > 0 {
			if pv, _, ok := cs[k-1].visible(o.Anonymity); ok {
				pt, _, _ := all[k-1].visible(o.Anonymity)
				prev, prevTotal = &pv, pt.n
			}
		}
		s.Points[k] = cur.point(prev, total.n, prevTotal, o.MinN)
		s.Points[k].Start = starts[k]
		s.Points[k].EmployeesLeftOut = left
		s.N += cur.n
	}
	return s
}

// cell is one period × group's comments with the employees' kept apart,
// so a group of too few employee respondents can be left out without
// hiding the customers' figures beside it.
type cell struct {
	cust, emp sums
}

// add adds comment i with sentiment label l and score.
func (c *cell) add(d *Data, i int, l facts.Label, score float64) {
	s := &c.cust
	if d.employee(i) {
		s = &c.emp
	}
	s.addScores(d, i)
	s.addSentiment(l, score)
}

// visible returns what a report may show of the cell: everyone's sums, or
// the customers' alone when the employees are too few respondents (left
// is then true). ok is false when nothing may be shown: the cell holds
// only such employees.
func (c *cell) visible(a Anonymity) (s sums, left, ok bool) {
	if !a.Suppress(c.emp.emps.Count()) {
		s = c.cust
		s.merge(&c.emp)
		return s, false, true
	}
	return c.cust, true, c.cust.n > 0
}

// grouping is the groups of a GroupBy other than touchpoint: their names
// and the group of each comment (-1: none).
type grouping struct {
	names []string
	of    func(i int) int
}

func (d *Data) grouping(by GroupBy) (grouping, error) {
	switch by {
	case ByNone:
		return grouping{}, nil
	case ByTouchpoint:
		return grouping{names: d.tpNames}, nil
	case ByAudience:
		return grouping{names: []string{facts.AudienceName(facts.AudienceCustomer), facts.AudienceName(facts.AudienceEmployee)},
			of: func(i int) int { return int(d.aud[i]) - 1 }}, nil
	case BySource:
		return grouping{names: d.srcNames, of: func(i int) int { return int(d.source[i]) }}, nil
	}
	field, _ := by.MetaField()
	mc, ok := d.meta[field]
	if !ok {
		return grouping{}, fmt.Errorf("by %s: metadata field %q was not copied (CopyOptions.Meta)", by, field)
	}
	return grouping{names: mc.names, of: func(i int) int { return int(mc.values[i]) - 1 }}, nil
}
