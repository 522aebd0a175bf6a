package trends

import (
	"fmt"
	"testing"
	"time"
)

func TestAnonymitySuppress(t *testing.T) {
	a := Anonymity{MinRespondents: 5}
	for _, tc := range []struct {
		n    int
		want bool
	}{{0, false}, {1, true}, {4, true}, {5, false}, {50, false}} {
		if got := a.Suppress(tc.n); got != tc.want {
			t.Errorf("%d employees: %v", tc.n, got)
		}
	}
	if (Anonymity{}).Suppress(1) {
		t.Error("threshold 0 suppresses")
	}
	var r Respondents
	for _, k := range []uint32{0, 0, 3, 3, 4} {
		r.Add(k)
	}
	if r.Count() != 4 {
		t.Errorf("respondents %d, want 4", r.Count())
	}
}

// employees returns n employee comments in week 2026-03-02 of the
// touchpoint, from respondents r0, r1, … taking turns among resp.
func employees(n, resp int, day, tp string) []c {
	var cs []c
	for i := range n {
		cs = append(cs, c{at: day, label: neg, score: -0.5, nps: 3, employee: true, tps: []string{tp},
			meta: map[string]string{"respondent": fmt.Sprint("r", i%resp)}})
	}
	return cs
}

func TestTrendSuppression(t *testing.T) {
	a := Anonymity{MinRespondents: 5}
	var cs []c
	cs = append(cs, employees(4, 4, "2026-03-02", "workload")...) // week 1: 4 employees
	cs = append(cs, employees(5, 5, "2026-03-09", "workload")...) // week 2: 5
	cs = append(cs, employees(5, 5, "2026-03-16", "workload")...) // week 3: 5
	cs = append(cs, employees(6, 2, "2026-03-16", "pay")...)      // week 3: 6 comments of 2 people
	for range 3 {
		cs = append(cs, c{at: "2026-03-16", label: pos, score: 0.5, nps: 10, tps: []string{"pay"}}) // customers
	}
	d := load(t, time.UTC, cs, CopyOptions{Respondent: "respondent"})
	tr, err := d.Trends(TrendOptions{Interval: Week, By: ByTouchpoint, Anonymity: a})
	if err != nil {
		t.Fatal(err)
	}
	bySeries := map[string]Series{}
	for _, s := range tr.Series {
		bySeries[s.Group] = s
	}
	w := bySeries["workload"]
	if p := w.Points[0]; !p.Suppressed || p.N != 0 || p.NPS.Value != nil || p.Sentiment.Value != nil || p.Share.Value != nil {
		t.Errorf("4 employees shown: %+v", p)
	}
	// Week 2 is shown but has no change: the week before is suppressed.
	if p := w.Points[1]; p.Suppressed || p.N != 5 || !near(p.NPS.Value, -100) || p.NPS.Change != nil {
		t.Errorf("5 employees: %+v", p)
	}
	if p := w.Points[2]; p.NPS.Change == nil {
		t.Errorf("week 3 has no change from week 2: %+v", p.NPS)
	}
	if w.N != 10 {
		t.Errorf("workload n %d counts the suppressed week", w.N)
	}
	// Pay: 6 employee comments from 2 respondents and 3 customers: the
	// customers' figures are shown, the employees left out of them.
	if p := bySeries["pay"].Points[2]; p.Suppressed || !p.EmployeesLeftOut || p.N != 3 || !near(p.NPS.Value, 100) {
		t.Errorf("pay week 3: want the 3 customers' NPS of 100 with employees left out, got %+v", p)
	}
	// Overall week 1 is the 4 employees alone.
	if p := tr.Overall.Points[0]; !p.Suppressed {
		t.Errorf("overall week 1 shown: %+v", p)
	}
	// Without the respondent field each comment is a respondent: pay has 6.
	d = load(t, time.UTC, cs, CopyOptions{})
	tr, _ = d.Trends(TrendOptions{Interval: Week, By: ByTouchpoint, Anonymity: a})
	for _, s := range tr.Series {
		if s.Group == "pay" && s.Points[2].Suppressed {
			t.Error("pay suppressed without respondent ids")
		}
	}
}

func TestDriverSuppression(t *testing.T) {
	a := Anonymity{MinRespondents: 5}
	cs := employees(4, 4, "2026-03-02", "workload")
	cs = append(cs, employees(40, 40, "2026-03-02", "pay")...)
	d := load(t, time.UTC, cs, CopyOptions{})
	r, _ := d.Drivers(DriverOptions{Metric: NPS, MinVolume: 1, Anonymity: a})
	got := map[string]Driver{}
	for _, dr := range r.Drivers {
		got[dr.Touchpoint] = dr
	}
	if dr := got["workload"]; !dr.Suppressed || dr.N != 0 || dr.ScoreWith != nil || dr.Impact != nil {
		t.Errorf("workload %+v", dr)
	}
	// pay's rest is the 4 workload employees: its score without would
	// show them.
	if dr := got["pay"]; !dr.Suppressed {
		t.Errorf("pay %+v", dr)
	}
	if r.Suppressed || !near(r.Score, -100) || r.Correlation.Suppressed {
		t.Errorf("overall %+v", r)
	}
	r, _ = load(t, time.UTC, cs[:4], CopyOptions{}).Drivers(DriverOptions{Metric: NPS, Anonymity: a})
	if !r.Suppressed || r.Score != nil || len(r.Drivers) != 0 {
		t.Errorf("4 employees overall: %+v", r)
	}
}
