package main

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/digest"
	"github.com/feedbackd/feedbackd/index/facts"
	"github.com/feedbackd/feedbackd/trends"
)

// maxDayWindows is how many of its last days a period that is not one
// calendar interval is examined for anomalies and emerging terms.
const maxDayWindows = 7

// windows returns the trends windows a digest's anomalies and emerging
// terms are computed over. A period that is exactly one calendar day,
// week (Monday to Sunday), month or quarter in loc is one window of that
// interval ending at the period's end: the period against the baseline
// intervals before it. Any other period is examined day by day: each of
// its last maxDayWindows days against the baseline days before it.
func windows(p digest.Period, loc *time.Location, baseline int) []trends.Window {
	for _, iv := range []trends.Interval{trends.Day, trends.Week, trends.Month, trends.Quarter} {
		if iv.PeriodStart(p.Start, loc).Equal(p.Start) && iv.PeriodStart(p.End.Add(-time.Nanosecond), loc).Equal(p.Start) &&
			iv.PeriodStart(p.End, loc).Equal(p.End) {
			return []trends.Window{{Interval: iv, End: p.End, Baseline: baseline}}
		}
	}
	var out []trends.Window
	for end := trends.Day.PeriodStart(p.End, loc); end.After(p.Start) && len(out) < maxDayWindows; {
		out = append(out, trends.Window{Interval: trends.Day, End: end, Baseline: baseline})
		end = trends.Day.PeriodStart(end.Add(-time.Nanosecond), loc)
	}
	slices.Reverse(out)
	return out
}

// signals returns the anomalies and emerging terms of the period's
// windows: at most spec.Top anomalies (largest |z| first; a parent's is
// left out when a sub-touchpoint moved the same way) and at most
// spec.Top emerging terms (and analytics.emerging_top; highest G² first;
// a term found on several days keeps its strongest day).
func (b *digestBuilder) signals(ctx context.Context, d *digestData, ws []trends.Window, spec digest.Spec, p digest.Period) ([]digest.Anomaly, []digest.Term, error) {
	type zAnomaly struct {
		a   digest.Anomaly
		z   float64
		dir string
	}
	var anomalies []zAnomaly
	type gTerm struct {
		t  digest.Term
		g2 float64
	}
	terms := map[string]gTerm{}
	loc := d.window.Location()
	for _, w := range ws {
		ar, err := d.window.Anomalies(trends.AnomalyOptions{Window: w, Sensitivity: b.an.Sensitivity,
			MinVolume: b.an.AnomalyMinVolume, Anonymity: b.anonymity()})
		if err != nil {
			return nil, nil, fmt.Errorf("anomalies: %w", err)
		}
		for _, a := range ar.Anomalies {
			anomalies = append(anomalies, zAnomaly{b.anomaly(a, w, loc), math.Abs(a.Z), a.Direction})
		}
		er, err := d.window.Emerging(ctx, trends.EmergingOptions{Window: w, Top: b.an.EmergingTop,
			MinCount: b.an.EmergingMinCount, Anonymity: b.anonymity()}, b.texts)
		if err != nil {
			return nil, nil, err
		}
		for _, t := range er.Terms {
			if old, ok := terms[t.Term]; ok && old.g2 >= t.G2 {
				continue
			}
			terms[t.Term] = gTerm{digest.Term{Term: t.Term, Count: t.Count, PreviousCount: t.BaselineCount,
				Baseline: baselineWords(w)}, t.G2}
		}
	}
	// A parent moving the same way as a sub-touchpoint says nothing more.
	anomalies = slices.DeleteFunc(anomalies, func(x zAnomaly) bool {
		return slices.ContainsFunc(anomalies, func(y zAnomaly) bool {
			return y.a.Metric == x.a.Metric && y.dir == x.dir && y.a.Day.Equal(x.a.Day) && d.isAncestor(x.a.Touchpoint, y.a.Touchpoint)
		})
	})
	slices.SortStableFunc(anomalies, func(x, y zAnomaly) int { return cmp.Compare(y.z, x.z) })
	var outA []digest.Anomaly
	for _, a := range anomalies[:min(len(anomalies), spec.Top)] {
		outA = append(outA, a.a)
	}
	var gs []gTerm
	for _, t := range terms {
		gs = append(gs, t)
	}
	slices.SortFunc(gs, func(x, y gTerm) int {
		if c := cmp.Compare(y.g2, x.g2); c != 0 {
			return c
		}
		return strings.Compare(x.t.Term, y.t.Term)
	})
	top := min(cmp.Or(b.an.EmergingTop, trends.DefaultTop), spec.Top)
	var outT []digest.Term
	for _, g := range gs[:min(len(gs), top)] {
		outT = append(outT, g.t)
	}
	return outA, outT, nil
}

// anomaly turns a trends anomaly of window w into a digest's. Day is set
// for a day window only: a whole-period anomaly links to the period.
func (b *digestBuilder) anomaly(a trends.Anomaly, w trends.Window, loc *time.Location) digest.Anomaly {
	who := "All comments"
	out := digest.Anomaly{Touchpoint: a.Touchpoint, Metric: a.Metric, Value: a.Value, Expected: a.Baseline}
	if a.Touchpoint != "" {
		out.Label = b.label(a.Touchpoint)
		who = out.Label
	}
	when := "this " + string(w.Interval)
	if w.Interval == trends.Day {
		out.Day = facts.DayStart(facts.DayOf(w.End.Add(-time.Nanosecond), loc), loc)
		when = "that day"
	}
	base := baselineWords(w)
	switch a.Metric {
	case trends.MetricVolume:
		per := "a " + string(w.Interval)
		out.Summary = fmt.Sprintf("%s: %s comments %s, against %s %s on average in %s", who, num0(a.Value), when, num0(a.Baseline), per, base)
	default:
		out.Summary = fmt.Sprintf("%s: net sentiment %s %s, against %s in %s", who, signed0(a.Value), when, signed0(a.Baseline), base)
	}
	return out
}

// baselineWords names the baseline of w: "the 8 weeks before".
func baselineWords(w trends.Window) string {
	n := cmp.Or(w.Baseline, trends.DefaultBaseline)
	if n == 1 {
		return "the " + string(w.Interval) + " before"
	}
	return fmt.Sprintf("the %d %ss before", n, w.Interval)
}

// num0 formats a figure with at most one decimal; signed0 with a sign.
func num0(x float64) string {
	x = round1(x)
	if x == math.Trunc(x) {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

func signed0(x float64) string {
	s := num0(x)
	if x > 0 && s != "0" {
		return "+" + s
	}
	if s == "-0" {
		return "0"
	}
	return s
}

// isAncestor reports whether touchpoint a is a strict ancestor of b.
func (d *digestData) isAncestor(a, b string) bool {
	ai, ok1 := d.tpIndex(a)
	bi, ok2 := d.tpIndex(b)
	return ok1 && ok2 && ai != bi && slices.Contains(d.tpChain[bi], ai)
}
