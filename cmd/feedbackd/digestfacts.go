package main

import (
	"fmt"
	"math"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/digest"
	"github.com/feedbackd/feedbackd/index/facts"
	"github.com/feedbackd/feedbackd/trends"
)

// digestData is what a digest needs from the facts view, taken in one
// pass while the view is open: the headline sums of the period and the
// one before, each touchpoint's sums, and trends copies of the window
// (anomalies, emerging terms) and of the period (drivers).
type digestData struct {
	// sums[1] is the period, sums[0] the one before.
	sums [2]groupSums
	// tps[i] are touchpoint i's sums (a comment counts in each touchpoint
	// it mentions and their ancestors, with its aspect sentiment).
	tps     [][2]groupSums
	tpNames []string
	// tpChain[i] is touchpoint i and its ancestors, nearest first.
	tpChain [][]uint32
	// dropped[k] is set when period k's employee comments were left out
	// for anonymity.
	dropped [2]bool
	// window holds every selected comment with terms, period the
	// digest's period only.
	window, period *trends.Data
}

// groupSums are one group's figures in one period.
type groupSums struct {
	n, tagged, pos, neg int
	npsN, prom, det     int
	csatN, cesN         int
	csatSum, cesSum     float64
	emps                trends.Respondents
}

func (g *groupSums) addLabel(l facts.Label) {
	switch l {
	case facts.Unlabelled:
		return
	case facts.Positive:
		g.pos++
	case facts.Negative:
		g.neg++
	}
	g.tagged++
}

// net returns the net sentiment, 100 × (positive − negative) / tagged.
func (g *groupSums) net() float64 {
	if g.tagged == 0 {
		return 0
	}
	return round1(100 * float64(g.pos-g.neg) / float64(g.tagged))
}

// collect reads what a digest needs of rows from v (see digestData). A
// period whose employee comments come from fewer respondents than the
// anonymity threshold loses them from rows first, so they count nowhere.
// The caller closes v.
func collect(v *facts.View, rows *facts.Rows, p digest.Period, an AnalyticsConfig) *digestData {
	po := newPeriodOf(p)
	anon := an.Anonymity()
	var resp *facts.MetaColumn
	if an.RespondentField != "" {
		resp = v.Meta(an.RespondentField)
	}
	d := &digestData{}

	// Anonymity of the whole period: its employees as one group.
	var empRows [2][]uint32
	var emps [2]trends.Respondents
	rows.Each(func(r uint32) {
		if v.Audience(r) != facts.AudienceEmployee {
			return
		}
		if k := po.of(v.CreatedNanos(r)); k >= 0 {
			empRows[k] = append(empRows[k], r)
			emps[k].Add(respondentKey(resp, r))
		}
	})
	for k := range empRows {
		if anon.Suppress(emps[k].Count()) {
			d.dropped[k] = true
			for _, r := range empRows[k] {
				rows.Clear(r)
			}
		}
	}

	tps := v.Touchpoints()
	d.tpNames = append([]string(nil), tps.Names...)
	d.tpChain = make([][]uint32, tps.Len())
	for i := range d.tpChain {
		tps.Ancestors(uint32(i), func(a uint32) { d.tpChain[i] = append(d.tpChain[i], a) })
	}
	d.tps = make([][2]groupSums, tps.Len())
	period := facts.NewRows(v.Rows())
	var hits []facts.TouchpointHit
	rows.Each(func(r uint32) {
		k := po.of(v.CreatedNanos(r))
		if k < 0 {
			return
		}
		if k == 1 {
			period.Set(r)
		}
		emp := v.Audience(r) == facts.AudienceEmployee
		key := respondentKey(resp, r)
		s := &d.sums[k]
		s.n++
		s.addLabel(v.Label(r))
		if x := v.NPS(r); x != facts.NoScore {
			s.npsN++
			if x >= 9 {
				s.prom++
			} else if x <= 6 {
				s.det++
			}
		}
		if x := v.CSAT(r); x != facts.NoScore {
			s.csatN++
			s.csatSum += float64(x)
		}
		if x := v.CES(r); x != facts.NoScore {
			s.cesN++
			s.cesSum += float64(x)
		}
		if emp {
			s.emps.Add(key)
		}
		hits = facts.AppendTouchpointHits(hits[:0], v.Mentions(r), d.tpChain)
		for _, h := range hits {
			g := &d.tps[h.Touchpoint][k]
			g.n++
			g.addLabel(h.Label())
			if emp {
				g.emps.Add(key)
			}
		}
	})
	o := trends.CopyOptions{Respondent: an.RespondentField}
	d.period = trends.Copy(v, &period, o)
	o.Terms = true
	d.window = trends.Copy(v, rows, o)
	return d
}

// headline returns the headline figures of the period against the one
// before.
func (d *digestData) headline() digest.Headline {
	cur, prev := &d.sums[1], &d.sums[0]
	h := digest.Headline{
		Volume:       digest.Change{Value: float64(cur.n), Previous: float64(prev.n), HasPrevious: true},
		NetSentiment: digest.Change{Value: cur.net(), Previous: prev.net(), HasPrevious: prev.tagged > 0},
	}
	score := func(n, pn int, val, pval func() float64) digest.Score {
		s := digest.Score{N: n, PreviousN: pn}
		if n > 0 {
			s.Value = round1(val())
		}
		if pn > 0 {
			s.Previous, s.HasPrevious = round1(pval()), n > 0
		}
		return s
	}
	nps := func(g *groupSums) func() float64 {
		return func() float64 { return 100 * float64(g.prom-g.det) / float64(g.npsN) }
	}
	h.NPS = score(cur.npsN, prev.npsN, nps(cur), nps(prev))
	h.CSAT = score(cur.csatN, prev.csatN,
		func() float64 { return cur.csatSum / float64(cur.csatN) }, func() float64 { return prev.csatSum / float64(prev.csatN) })
	h.CES = score(cur.cesN, prev.cesN,
		func() float64 { return cur.cesSum / float64(cur.cesN) }, func() float64 { return prev.cesSum / float64(prev.cesN) })
	return h
}

// notes returns the caveats of the headline: scores resting on few
// responses, employee comments left out.
func (d *digestData) notes(an AnalyticsConfig) []string {
	var out []string
	cur := &d.sums[1]
	minN := an.MinN
	if minN <= 0 {
		minN = trends.DefaultMinN
	}
	for _, s := range []struct {
		name string
		n    int
	}{{"NPS", cur.npsN}, {"CSAT", cur.csatN}, {"CES", cur.cesN}} {
		if s.n > 0 && s.n < minN {
			out = append(out, fmt.Sprintf("%s rests on %d responses: read its change with care.", s.name, s.n))
		}
	}
	if d.dropped[1] || d.dropped[0] {
		out = append(out, fmt.Sprintf("Employee comments from fewer than %d respondents in a period are left out, to keep them anonymous.", an.MinRespondents))
	}
	return out
}

// round1 rounds x to one decimal.
func round1(x float64) float64 { return math.Round(x*10) / 10 }
