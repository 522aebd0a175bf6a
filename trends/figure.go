package trends

import "github.com/feedbackd/feedbackd/index/facts"

// Figure is one figure of a period with its change from the previous one.
type Figure struct {
	// Value is nil when N is 0 or the group is suppressed.
	Value *float64 `json:"value"`
	// N is the number of comments the value is computed over.
	N int `json:"n"`
	// Change is Value minus the previous period's value, in the figure's
	// own unit (points for percentages and NPS); nil when either is nil.
	Change *float64 `json:"change"`
	// P is the two-sided p-value of the change (see Trends for the tests);
	// nil when either period has fewer than the minimum comments.
	P *float64 `json:"p"`
	// Significant is P < 0.05.
	Significant bool `json:"significant"`
}

// alpha is the significance level of a change.
const alpha = 0.05

// sums are what a figure group accumulates over its comments.
type sums struct {
	n      int // comments
	labels [5]int
	sent   moments // sentiment score of labelled comments
	npsN   int
	prom   int
	det    int
	csat   moments
	top2   int
	ces    moments
	emps   Respondents
}

// addScores adds comment i's numeric scores and, if it is an employee's,
// its respondent.
func (s *sums) addScores(d *Data, i int) {
	s.n++
	if v := d.nps[i]; v != facts.NoScore {
		s.npsN++
		if v >= 9 {
			s.prom++
		} else if v <= 6 {
			s.det++
		}
	}
	if v := d.csat[i]; v != facts.NoScore {
		s.csat.add(float64(v))
		if v >= 4 {
			s.top2++
		}
	}
	if v := d.ces[i]; v != facts.NoScore {
		s.ces.add(float64(v))
	}
	if d.employee(i) {
		s.emps.Add(d.respondent(i))
	}
}

// addSentiment adds one sentiment label and score (unlabelled: nothing).
func (s *sums) addSentiment(l facts.Label, score float64) {
	if l == facts.Unlabelled {
		return
	}
	s.labels[l]++
	s.sent.add(score)
}

// merge adds o's comments to s.
func (s *sums) merge(o *sums) {
	s.n += o.n
	for i := range s.labels {
		s.labels[i] += o.labels[i]
	}
	s.sent.merge(o.sent)
	s.npsN += o.npsN
	s.prom += o.prom
	s.det += o.det
	s.csat.merge(o.csat)
	s.top2 += o.top2
	s.ces.merge(o.ces)
	s.emps.merge(&o.emps)
}

// tagged returns the number of labelled comments.
func (s *sums) tagged() int { return s.sent.n }

// point builds the figures of s against prev (nil for the first
// period); total and prevTotal are the periods' comments, for the share.
// minN is the fewest comments on both sides a change is tested with.
func (s *sums) point(prev *sums, total, prevTotal, minN int) Point {
	p := Point{N: s.n}
	var pv sums
	if prev != nil {
		pv = *prev
	}
	prop := func(x, n, px, pn int) Figure {
		return propFigure(x, n, px, pn, prev != nil, minN)
	}
	p.Share = prop(s.n, total, pv.n, prevTotal)
	t, pt := s.tagged(), pv.tagged()
	p.Sentiment = meanFigure(s.sent, pv.sent, prev != nil, minN)
	p.Positive = prop(s.labels[facts.Positive], t, pv.labels[facts.Positive], pt)
	p.Negative = prop(s.labels[facts.Negative], t, pv.labels[facts.Negative], pt)
	p.Neutral = prop(s.labels[facts.Neutral], t, pv.labels[facts.Neutral], pt)
	p.Mixed = prop(s.labels[facts.Mixed], t, pv.labels[facts.Mixed], pt)
	p.NetSentiment = netFigure(s.labels[facts.Positive], s.labels[facts.Negative], t,
		pv.labels[facts.Positive], pv.labels[facts.Negative], pt, prev != nil, minN)
	p.NPS = netFigure(s.prom, s.det, s.npsN, pv.prom, pv.det, pv.npsN, prev != nil, minN)
	p.CSAT = meanFigure(s.csat, pv.csat, prev != nil, minN)
	p.CSATTop2 = prop(s.top2, s.csat.n, pv.top2, pv.csat.n)
	p.CES = meanFigure(s.ces, pv.ces, prev != nil, minN)
	return p
}

func ptr(x float64) *float64 { return &x }

// change fills f's change and test from the previous value pv.
func (f *Figure) change(pv float64, pn, minN int, test func() float64) {
	if f.Value == nil || pn == 0 {
		return
	}
	f.Change = ptr(round(*f.Value-pv, 4))
	if f.N >= minN && pn >= minN {
		p := test()
		f.P = ptr(round(p, 6))
		f.Significant = p < alpha
	}
}

// propFigure is the percentage 100·x/n, tested with the two-proportion
// z-test.
func propFigure(x, n, px, pn int, hasPrev bool, minN int) Figure {
	f := Figure{N: n}
	if n == 0 {
		return f
	}
	f.Value = ptr(round(100*float64(x)/float64(n), 4))
	if hasPrev && pn > 0 {
		f.change(100*float64(px)/float64(pn), pn, minN, func() float64 { return twoProportionP(x, n, px, pn) })
	}
	return f
}

// netFigure is 100·(up − down)/n (NPS, net sentiment), tested with netP.
func netFigure(up, down, n, pu, pd, pn int, hasPrev bool, minN int) Figure {
	f := Figure{N: n}
	if n == 0 {
		return f
	}
	f.Value = ptr(round(100*float64(up-down)/float64(n), 4))
	if hasPrev && pn > 0 {
		f.change(100*float64(pu-pd)/float64(pn), pn, minN, func() float64 { return netP(up, down, n, pu, pd, pn) })
	}
	return f
}

// meanFigure is a mean, tested with Welch's t-test (which needs at least
// two comments on each side whatever minN says).
func meanFigure(m, pm moments, hasPrev bool, minN int) Figure {
	f := Figure{N: m.n}
	if m.n == 0 {
		return f
	}
	f.Value = ptr(round(m.mean(), 4))
	if hasPrev && pm.n > 0 {
		f.change(pm.mean(), pm.n, max(minN, 2), func() float64 { return welchP(m, pm) })
	}
	return f
}
