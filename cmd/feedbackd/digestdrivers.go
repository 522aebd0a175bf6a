package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/digest"
	"github.com/feedbackd/feedbackd/trends"
)

// painPoints returns the top touchpoints hurting most in the period.
//
// Ranking: the impact of each touchpoint on a score (trends.Drivers over
// the period: the score of all comments minus the score without the
// touchpoint's comments, with a 95% Poisson-bootstrap interval). The
// score is NPS, else CSAT, else CES: the first for which at least one
// touchpoint has analytics.driver_min_volume scored comments (and the
// selection is not suppressed for anonymity). Only negative impacts are
// pain points, most negative first. When no score qualifies, touchpoints
// with driver_min_volume tagged comments are ranked by net sentiment ×
// volume (positive − negative comments), most negative first, and a note
// says so. A touchpoint whose employee comments come from fewer than
// min_respondents respondents is never listed. See choose for parents
// and their sub-touchpoints.
func (b *digestBuilder) painPoints(d *digestData, rep *trends.DriverReport, top int) ([]digest.Driver, []string) {
	var cands []candidate
	impacts := map[uint32]digest.Impact{}
	var notes []string
	if rep != nil {
		for _, dr := range rep.Drivers {
			tp, ok := d.tpIndex(dr.Touchpoint)
			if !ok || dr.Suppressed || dr.Impact == nil || *dr.Impact >= 0 || b.hidden(d, tp, 1) {
				continue
			}
			cands = append(cands, candidate{tp, *dr.Impact})
		}
		impacts = d.impacts(rep)
	} else {
		minVol := cmp.Or(b.an.DriverMinVolume, trends.DefaultDriverMinVolume)
		for tp := range d.tps {
			g := &d.tps[tp][1]
			if g.tagged < minVol || g.pos >= g.neg || b.hidden(d, uint32(tp), 1) {
				continue
			}
			cands = append(cands, candidate{uint32(tp), float64(g.pos - g.neg)})
		}
		notes = append(notes, fmt.Sprintf("Pain points are ranked by net sentiment × volume: no touchpoint has %d comments with an NPS, CSAT or CES score in this period.", minVol))
	}
	var out []digest.Driver
	for _, tp := range d.choose(cands, top, nil) {
		out = append(out, b.driver(d, tp, impacts[tp]))
	}
	return out, notes
}

// driverReport returns the drivers of the first of NPS, CSAT and CES for
// which a touchpoint has an impact, nil when none has.
func (b *digestBuilder) driverReport(d *digestData) (*trends.DriverReport, error) {
	for _, m := range trends.Metrics {
		r, err := d.period.Drivers(trends.DriverOptions{Metric: m, MinVolume: b.an.DriverMinVolume,
			Resamples: b.an.Resamples, Seed: 1, Anonymity: b.anonymity()})
		if err != nil {
			return nil, fmt.Errorf("drivers of %s: %w", m, err)
		}
		if !r.Suppressed && slices.ContainsFunc(r.Drivers, func(x trends.Driver) bool { return x.Impact != nil && !x.Suppressed }) {
			return r, nil
		}
	}
	return nil, nil
}

// impacts returns the impact of every touchpoint of rep that has one.
func (d *digestData) impacts(rep *trends.DriverReport) map[uint32]digest.Impact {
	out := map[uint32]digest.Impact{}
	for _, dr := range rep.Drivers {
		tp, ok := d.tpIndex(dr.Touchpoint)
		if !ok || dr.Impact == nil || dr.Suppressed {
			continue
		}
		im := digest.Impact{Metric: strings.ToUpper(string(rep.Metric)), Value: round1(*dr.Impact)}
		if dr.CILow != nil && dr.CIHigh != nil {
			im.Low, im.High, im.Level = round1(*dr.CILow), round1(*dr.CIHigh), 0.95
		}
		out[tp] = im
	}
	return out
}

// improvements returns the touchpoints whose net sentiment rose most:
// those with analytics.min_n tagged comments in both periods (and not
// hidden for anonymity in either), largest rise first, leaving out the
// pain points and their parents and sub-touchpoints. Each carries its
// score impact when the pain points were ranked by one (rep).
func (b *digestBuilder) improvements(d *digestData, rep *trends.DriverReport, pains []digest.Driver, top int) []digest.Driver {
	minN := cmp.Or(b.an.MinN, trends.DefaultMinN)
	var cands []candidate
	for tp := range d.tps {
		cur, prev := &d.tps[tp][1], &d.tps[tp][0]
		if cur.tagged < minN || prev.tagged < minN || b.hidden(d, uint32(tp), 1) || b.hidden(d, uint32(tp), 0) {
			continue
		}
		if rise := cur.net() - prev.net(); rise > 0 {
			cands = append(cands, candidate{uint32(tp), -rise})
		}
	}
	var exclude []uint32
	for _, p := range pains {
		if tp, ok := d.tpIndex(p.Touchpoint); ok {
			exclude = append(exclude, tp)
		}
	}
	impacts := map[uint32]digest.Impact{}
	if rep != nil {
		impacts = d.impacts(rep)
	}
	var out []digest.Driver
	for _, tp := range d.choose(cands, top, exclude) {
		out = append(out, b.driver(d, tp, impacts[tp]))
	}
	return out
}

// driver returns touchpoint tp's figures.
func (b *digestBuilder) driver(d *digestData, tp uint32, im digest.Impact) digest.Driver {
	cur, prev := &d.tps[tp][1], &d.tps[tp][0]
	hasPrev := !b.hidden(d, tp, 0)
	name := d.tpNames[tp]
	return digest.Driver{
		Touchpoint:   name,
		Label:        b.label(name),
		Volume:       digest.Change{Value: float64(cur.n), Previous: float64(prev.n), HasPrevious: hasPrev},
		NetSentiment: digest.Change{Value: cur.net(), Previous: prev.net(), HasPrevious: hasPrev && prev.tagged > 0},
		Impact:       im,
	}
}

// hidden reports whether touchpoint tp's comments of period k (1 the
// digest's, 0 the one before) include employees from too few respondents
// to show any figure of it.
func (b *digestBuilder) hidden(d *digestData, tp uint32, k int) bool {
	return b.anonymity().Suppress(d.tps[tp][k].emps.Count())
}

// tpIndex returns the index of the touchpoint named id.
func (d *digestData) tpIndex(id string) (uint32, bool) {
	i := slices.Index(d.tpNames, id)
	return uint32(i), i >= 0
}

// candidate is a touchpoint that may be listed, ranked by rank (lowest
// first).
type candidate struct {
	tp   uint32
	rank float64
}

// choose returns the top touchpoints of cands, lowest rank first,
// without listing a touchpoint together with its parent or
// sub-touchpoints, nor one related to exclude. A parent gives way to a
// sub-touchpoint that is a candidate with at least half its rank (for
// pain points: half its impact), so the more specific answer wins when
// it explains most of the parent; otherwise the parent is listed and its
// sub-touchpoints are not.
func (d *digestData) choose(cands []candidate, top int, exclude []uint32) []uint32 {
	slices.SortFunc(cands, func(a, b candidate) int {
		if c := cmp.Compare(a.rank, b.rank); c != 0 {
			return c
		}
		return strings.Compare(d.tpNames[a.tp], d.tpNames[b.tp])
	})
	related := func(a, b uint32) bool {
		return slices.Contains(d.tpChain[a], b) || slices.Contains(d.tpChain[b], a)
	}
	var out []uint32
	for _, c := range cands {
		if len(out) == top {
			break
		}
		if slices.ContainsFunc(out, func(o uint32) bool { return related(o, c.tp) }) ||
			slices.ContainsFunc(exclude, func(o uint32) bool { return related(o, c.tp) }) {
			continue
		}
		givesWay := slices.ContainsFunc(cands, func(o candidate) bool {
			return o.tp != c.tp && slices.Contains(d.tpChain[o.tp], c.tp) && o.rank <= c.rank/2
		})
		if !givesWay {
			out = append(out, c.tp)
		}
	}
	return out
}
