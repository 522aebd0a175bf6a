package trends

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// weekly returns n comments on the Monday of week w after 2026-01-05.
func weekly(w, n int, x c) []c {
	day := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC).AddDate(0, 0, 7*w).Format(time.RFC3339)
	var cs []c
	for range n {
		x.at = day
		cs = append(cs, x)
	}
	return cs
}

func TestAnomalies(t *testing.T) {
	var cs []c
	for w := range 8 { // baseline: 20 billing comments a week, half positive
		cs = append(cs, weekly(w, 10, c{label: pos, score: 0.5, nps: -1, tps: []string{"billing"}})...)
		cs = append(cs, weekly(w, 10, c{label: neg, score: -0.5, nps: -1, tps: []string{"billing"}})...)
		cs = append(cs, weekly(w, 30, c{label: pos, score: 0.5, nps: -1, tps: []string{"delivery"}})...)
	}
	// Last week: 60 billing comments, all negative; delivery steady.
	cs = append(cs, weekly(8, 60, c{label: neg, score: -0.5, nps: -1, tps: []string{"billing"}})...)
	cs = append(cs, weekly(8, 30, c{label: pos, score: 0.5, nps: -1, tps: []string{"delivery"}})...)
	d := load(t, time.UTC, cs, CopyOptions{})
	end := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC) // the Monday after the last week
	r, err := d.Anomalies(AnomalyOptions{Window: Window{Interval: Week, End: end}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Period != "2026-03-02" || r.BaselineFrom != "2026-01-05" || r.Baseline != 8 {
		t.Errorf("window %s from %s (%d)", r.Period, r.BaselineFrom, r.Baseline)
	}
	var got []string
	for _, a := range r.Anomalies {
		got = append(got, fmt.Sprintf("%s %s %s", a.Touchpoint, a.Metric, a.Direction))
	}
	// Volume of billing: (60 − 20)/√20 = 8.94. Net sentiment of billing:
	// −100 against 0. Overall volume 90 against 50 (z 5.66) and net
	// sentiment down too; delivery is steady.
	want := []string{" net_sentiment down", " volume up", "billing net_sentiment down", "billing volume up"}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("anomalies %q, want %q", got, want)
	}
	for _, a := range r.Anomalies {
		if a.Touchpoint == "billing" && a.Metric == MetricVolume && (a.Value != 60 || a.Baseline != 20 || !near(&a.Z, 8.944)) {
			t.Errorf("billing volume %+v", a)
		}
	}
	// Less sensitive: only the largest departures.
	r, _ = d.Anomalies(AnomalyOptions{Window: Window{Interval: Week, End: end}, Sensitivity: 9})
	for _, a := range r.Anomalies {
		if a.Metric == MetricVolume {
			t.Errorf("sensitivity 9 flags %+v", a)
		}
	}
	// The week before: nothing unusual.
	r, _ = d.Anomalies(AnomalyOptions{Window: Window{Interval: Week, End: end.AddDate(0, 0, -7), Baseline: 4}})
	if len(r.Anomalies) != 0 {
		t.Errorf("steady week: %+v", r.Anomalies)
	}
	from, to := Window{Interval: Week, End: end}.Range(time.UTC)
	if from.Format(time.DateOnly) != "2026-01-05" || to != end {
		t.Errorf("range %v %v", from, to)
	}
}

func TestEmerging(t *testing.T) {
	var cs []c
	for w := range 4 {
		cs = append(cs, weekly(w, 20, c{label: neg, score: -0.5, nps: -1, text: "Delivery was slow again", tps: []string{"delivery"}})...)
	}
	// Last week: the app crashes, in untagged comments.
	cs = append(cs, weekly(4, 12, c{label: neg, score: -0.7, nps: -1, text: "The app crashes at login"})...)
	cs = append(cs, weekly(4, 20, c{label: neg, score: -0.5, nps: -1, text: "Delivery was slow again", tps: []string{"delivery"}})...)
	cs = append(cs, weekly(4, 3, c{label: pos, score: 0.5, nps: -1, text: "app crashes fixed, love it"})...)
	d := load(t, time.UTC, cs, CopyOptions{Terms: true})
	texts := map[string]string{}
	for i, cm := range build(cs) {
		texts[cm.ID] = cs[i].text
	}
	asked := 0
	fetch := func(_ context.Context, ids []string) ([]string, error) {
		asked += len(ids)
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = texts[id]
		}
		return out, nil
	}
	r, err := d.Emerging(context.Background(), EmergingOptions{Window: Window{Interval: Week, Baseline: 4}}, fetch)
	if err != nil {
		t.Fatal(err)
	}
	var terms []string
	for _, tm := range r.Terms {
		terms = append(terms, tm.Term)
	}
	slices.Sort(terms)
	// "at" is a stopword, so there is no "crashes login".
	if want := []string{"app", "app crashes", "crashes", "login"}; !slices.Equal(terms, want) {
		t.Errorf("terms %q, want %q", terms, want)
	}
	if r.Negative != 32 || r.BaselineNegative != 80 || asked > 3*len(r.Terms) {
		t.Errorf("negative %d baseline %d, asked %d texts", r.Negative, r.BaselineNegative, asked)
	}
	tm := r.Terms[0]
	if tm.Count != 12 || tm.BaselineCount != 0 || !near(&tm.Rate, 37.5) || len(tm.Comments) != 3 || tm.G2 < 10.83 {
		t.Errorf("top term %+v", tm)
	}
	// The same comments from 3 employees are suppressed.
	for i := range cs {
		if strings.Contains(cs[i].text, "crashes") {
			cs[i].employee = true
			cs[i].meta = map[string]string{"respondent": fmt.Sprint(i % 3)}
		}
	}
	d = load(t, time.UTC, cs, CopyOptions{Terms: true, Respondent: "respondent"})
	r, _ = d.Emerging(context.Background(), EmergingOptions{Window: Window{Interval: Week, Baseline: 4}, Anonymity: Anonymity{MinRespondents: 5}}, fetch)
	if len(r.Terms) != 0 {
		t.Errorf("suppressed terms listed: %+v", r.Terms)
	}
	if _, err := load(t, time.UTC, cs, CopyOptions{}).Emerging(context.Background(), EmergingOptions{Window: Window{Interval: Week}}, fetch); err != ErrNoTerms {
		t.Errorf("no terms copied: %v", err)
	}
}
