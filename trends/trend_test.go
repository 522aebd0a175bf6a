package trends

import (
	"slices"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/sentiment"
)

const (
	pos = sentiment.Positive
	neg = sentiment.Negative
	neu = sentiment.Neutral
	mix = sentiment.Mixed
)

// week1 is hand-computed: sentiment mean 0.14 over 5; 40% positive, 20%
// negative, neutral and mixed; net 20; NPS over 4 = (2 − 1)/4 = 25; CSAT
// over 3 = 11/3, top-2 box 2/3; CES over 2 = 4.
var week1 = []c{
	{at: "2026-03-02", label: pos, score: 0.8, nps: 10, csat: 5, ces: 6},
	{at: "2026-03-03", label: neg, score: -0.6, nps: 3, csat: 2, ces: 2},
	{at: "2026-03-04", label: neu, score: 0, nps: 8, csat: 4},
	{at: "2026-03-05", label: pos, score: 0.4, nps: 9},
	{at: "2026-03-08T23:59:59Z", label: mix, score: 0.1, nps: -1},
}

func TestTrendFiguresHandComputed(t *testing.T) {
	cs := append(slices.Clone(week1), c{at: "2026-03-16", label: neg, score: -0.5, nps: 0})
	d := load(t, time.UTC, cs, CopyOptions{})
	tr, err := d.Trends(TrendOptions{Interval: Week})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"2026-03-02", "2026-03-09", "2026-03-16"}; !slices.Equal(tr.Periods, want) {
		t.Fatalf("periods %v, want %v", tr.Periods, want)
	}
	p := tr.Overall.Points[0]
	for _, f := range []struct {
		name string
		fig  Figure
		want float64
		n    int
	}{
		{"sentiment", p.Sentiment, 0.14, 5},
		{"positive", p.Positive, 40, 5},
		{"negative", p.Negative, 20, 5},
		{"neutral", p.Neutral, 20, 5},
		{"mixed", p.Mixed, 20, 5},
		{"net", p.NetSentiment, 20, 5},
		{"nps", p.NPS, 25, 4},
		{"csat", p.CSAT, 11.0 / 3, 3},
		{"csat top2", p.CSATTop2, 200.0 / 3, 3},
		{"ces", p.CES, 4, 2},
		{"share", p.Share, 100, 5},
	} {
		if !near(f.fig.Value, f.want) || f.fig.N != f.n {
			t.Errorf("%s = %s (n %d), want %g (n %d)", f.name, val(f.fig.Value), f.fig.N, f.want, f.n)
		}
		if f.fig.Change != nil || f.fig.P != nil {
			t.Errorf("%s: first period has a change", f.name)
		}
	}
	empty := tr.Overall.Points[1]
	if empty.N != 0 || empty.NPS.Value != nil || empty.Sentiment.Value != nil || empty.Start != "2026-03-09" {
		t.Errorf("empty week: %+v", empty)
	}
	last := tr.Overall.Points[2]
	if !near(last.NPS.Value, -100) || !near(last.NetSentiment.Value, -100) || last.NPS.Change != nil {
		t.Errorf("last week: nps %s net %s change %s", val(last.NPS.Value), val(last.NetSentiment.Value), val(last.NPS.Change))
	}
	if last.CSAT.Value != nil || last.CSAT.N != 0 || last.CES.Value != nil {
		t.Errorf("no CSAT or CES: %+v %+v", last.CSAT, last.CES)
	}
}

func TestTrendEdgeCases(t *testing.T) {
	t.Run("no comments, no range", func(t *testing.T) {
		tr, err := load(t, time.UTC, nil, CopyOptions{}).Trends(TrendOptions{Interval: Month})
		if err != nil || len(tr.Periods) != 0 || len(tr.Overall.Points) != 0 {
			t.Errorf("%+v %v", tr, err)
		}
	})
	t.Run("no comments, a range: empty periods", func(t *testing.T) {
		from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		tr, err := load(t, time.UTC, nil, CopyOptions{}).Trends(TrendOptions{Interval: Month, From: from, To: to})
		if err != nil || !slices.Equal(tr.Periods, []string{"2026-01-01", "2026-02-01", "2026-03-01"}) {
			t.Fatalf("%v %v", tr.Periods, err)
		}
		for _, p := range tr.Overall.Points {
			if p.N != 0 || p.Share.Value != nil {
				t.Errorf("%+v", p)
			}
		}
	})
	t.Run("one comment, no scores", func(t *testing.T) {
		tr, _ := load(t, time.UTC, []c{{at: "2026-05-05", label: neg, score: -0.3, nps: -1}}, CopyOptions{}).Trends(TrendOptions{Interval: Day})
		p := tr.Overall.Points[0]
		if len(tr.Periods) != 1 || p.N != 1 || !near(p.Sentiment.Value, -0.3) || !near(p.NetSentiment.Value, -100) ||
			p.NPS.Value != nil || p.NPS.N != 0 || p.CSAT.Value != nil || p.CES.Value != nil {
			t.Errorf("%+v", p)
		}
	})
	t.Run("all promoters", func(t *testing.T) {
		var cs []c
		for range 4 {
			cs = append(cs, c{at: "2026-05-05", label: pos, score: 0.5, nps: 10, csat: 5})
		}
		tr, _ := load(t, time.UTC, cs, CopyOptions{}).Trends(TrendOptions{Interval: Week})
		p := tr.Overall.Points[0]
		if !near(p.NPS.Value, 100) || !near(p.CSATTop2.Value, 100) || !near(p.CSAT.Value, 5) {
			t.Errorf("%+v", p)
		}
	})
	t.Run("untagged comments count but have no sentiment", func(t *testing.T) {
		tr, _ := load(t, time.UTC, []c{{at: "2026-05-05", nps: 9}, {at: "2026-05-05", label: pos, score: 1, nps: -1}}, CopyOptions{}).Trends(TrendOptions{Interval: Week})
		p := tr.Overall.Points[0]
		if p.N != 2 || p.Sentiment.N != 1 || !near(p.Positive.Value, 100) || !near(p.NPS.Value, 100) {
			t.Errorf("%+v", p)
		}
	})
	t.Run("bad options", func(t *testing.T) {
		d := load(t, time.UTC, week1, CopyOptions{})
		for _, o := range []TrendOptions{{Interval: "year"}, {Interval: Week, By: "colour"}, {Interval: Week, By: "meta.region"}} {
			if _, err := d.Trends(o); err == nil {
				t.Errorf("%+v: no error", o)
			}
		}
	})
}

func TestTrendTimeZoneAndQuarters(t *testing.T) {
	est := time.FixedZone("UTC-5", -5*3600)
	// 03:30 UTC on Monday 2 March is Sunday 1 March, 22:30 in UTC-5: the
	// week of 23 February. 03:30 UTC on 1 April is still 31 March there:
	// March and the first quarter.
	cs := []c{
		{at: "2026-03-02T03:30:00Z", label: pos, score: 1, nps: -1},
		{at: "2026-04-01T03:30:00Z", label: neg, score: -1, nps: -1},
		{at: "2026-03-09T23:30:00Z", label: neg, score: -1, nps: -1},
	}
	for _, tc := range []struct {
		loc  *time.Location
		iv   Interval
		want map[string]int
	}{
		{time.UTC, Week, map[string]int{"2026-03-02": 1, "2026-03-09": 1, "2026-03-30": 1}},
		{est, Week, map[string]int{"2026-02-23": 1, "2026-03-09": 1, "2026-03-30": 1}},
		{time.UTC, Month, map[string]int{"2026-03-01": 2, "2026-04-01": 1}},
		{est, Month, map[string]int{"2026-03-01": 3}},
		{time.UTC, Quarter, map[string]int{"2026-01-01": 2, "2026-04-01": 1}},
		{est, Quarter, map[string]int{"2026-01-01": 3}},
		{est, Day, map[string]int{"2026-03-01": 1, "2026-03-09": 1, "2026-03-31": 1}},
	} {
		tr, err := load(t, tc.loc, cs, CopyOptions{}).Trends(TrendOptions{Interval: tc.iv})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, p := range tr.Overall.Points {
			if p.N > 0 {
				got[p.Start] = p.N
			}
		}
		if !mapsEqual(got, tc.want) {
			t.Errorf("%s %s: %v, want %v", tc.loc, tc.iv, got, tc.want)
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestIntervalStarts(t *testing.T) {
	day := func(s string) int32 {
		tm, _ := time.Parse(time.DateOnly, s)
		return int32(tm.Unix() / 86400)
	}
	for _, tc := range []struct {
		iv         Interval
		in, start  string
		next, prev string
	}{
		{Week, "2026-03-08", "2026-03-02", "2026-03-09", "2026-02-23"}, // Sunday
		{Week, "2026-03-02", "2026-03-02", "2026-03-09", "2026-02-23"}, // Monday
		{Week, "1970-01-01", "1969-12-29", "1970-01-05", "1969-12-22"},
		{Month, "2024-02-29", "2024-02-01", "2024-03-01", "2024-01-01"},
		{Quarter, "2026-12-31", "2026-10-01", "2027-01-01", "2026-07-01"},
		{Quarter, "2026-04-01", "2026-04-01", "2026-07-01", "2026-01-01"},
		{Day, "2026-01-01", "2026-01-01", "2026-01-02", "2025-12-31"},
	} {
		s := tc.iv.Start(day(tc.in))
		if isoDate(s) != tc.start || isoDate(tc.iv.Next(s)) != tc.next || isoDate(tc.iv.Prev(s)) != tc.prev {
			t.Errorf("%s %s: start %s next %s prev %s", tc.iv, tc.in, isoDate(s), isoDate(tc.iv.Next(s)), isoDate(tc.iv.Prev(s)))
		}
	}
}

func TestTrendChangeSignificance(t *testing.T) {
	// 80 of 100 positive, then 50 of 100; NPS 50 promoters and 20
	// detractors, then 30 and 40. Expected p-values by hand (pooled
	// z-tests): 8.69e-6 and 6.62e-4.
	var cs []c
	for i := range 100 {
		l, nps := neg, 7
		if i < 80 {
			l = pos
		}
		if i < 50 {
			nps = 10
		} else if i >= 80 {
			nps = 0
		}
		cs = append(cs, c{at: "2026-03-02", label: l, score: 0.5, nps: nps})
	}
	for i := range 100 {
		l, nps := neg, 7
		if i < 50 {
			l = pos
		}
		if i < 30 {
			nps = 10
		} else if i >= 60 {
			nps = 0
		}
		cs = append(cs, c{at: "2026-03-09", label: l, score: 0.5, nps: nps})
	}
	d := load(t, time.UTC, cs, CopyOptions{})
	tr, _ := d.Trends(TrendOptions{Interval: Week})
	p := tr.Overall.Points[1]
	if !near(p.Positive.Change, -30) || !near(p.Positive.P, 8.69e-6) || !p.Positive.Significant {
		t.Errorf("positive: change %s p %s", val(p.Positive.Change), val(p.Positive.P))
	}
	if !near(p.NPS.Change, -40) || !near(p.NPS.P, 6.62e-4) || !p.NPS.Significant {
		t.Errorf("nps: change %s p %s", val(p.NPS.Change), val(p.NPS.P))
	}
	if p.Sentiment.P == nil || *p.Sentiment.P != 1 || p.Sentiment.Significant {
		t.Errorf("same constant sentiment: p %s", val(p.Sentiment.P))
	}
	tr, _ = d.Trends(TrendOptions{Interval: Week, MinN: 101})
	if p := tr.Overall.Points[1]; p.NPS.P != nil || p.NPS.Significant || p.NPS.Change == nil {
		t.Errorf("below min n: %+v", p.NPS)
	}
}

func TestTrendByTouchpoint(t *testing.T) {
	cs := []c{
		// Two billing children: billing counts it once with their mean
		// aspect score.
		{at: "2026-03-02", label: neg, score: -0.6, nps: 2, tps: []string{"billing/refunds", "billing/invoices"}},
		{at: "2026-03-03", label: pos, score: 0.4, nps: 10, tps: []string{"billing/refunds"}},
		{at: "2026-03-04", label: pos, score: 0.9, nps: 9, tps: []string{"delivery"}},
		{at: "2026-03-05", label: neu, score: 0, nps: -1},
	}
	d := load(t, time.UTC, cs, CopyOptions{})
	tr, err := d.Trends(TrendOptions{Interval: Week, By: ByTouchpoint})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Point{}
	var order []string
	for _, s := range tr.Series {
		got[s.Group] = s.Points[0]
		order = append(order, s.Group)
	}
	if want := []string{"billing", "billing/refunds", "billing/invoices", "delivery"}; !slices.Equal(order, want) {
		t.Errorf("series %v, want %v", order, want)
	}
	b := got["billing"]
	if b.N != 2 || !near(b.Share.Value, 50) || !near(b.Sentiment.Value, (-0.6+0.4)/2) || !near(b.NPS.Value, 0) || !near(b.NetSentiment.Value, 0) {
		t.Errorf("billing %+v", b)
	}
	if inv := got["billing/invoices"]; inv.N != 1 || !near(inv.Share.Value, 25) || !near(inv.NPS.Value, -100) {
		t.Errorf("invoices %+v", inv)
	}
}

func TestTrendByAudienceSourceMeta(t *testing.T) {
	cs := []c{
		{at: "2026-03-02", label: pos, score: 1, nps: 10, meta: map[string]string{"Region": "eu"}},
		{at: "2026-03-02", label: neg, score: -1, nps: 0, meta: map[string]string{"region": "us"}},
		{at: "2026-03-02", label: neg, score: -1, nps: 0},
	}
	d := load(t, time.UTC, cs, CopyOptions{Meta: []string{"region"}})
	tr, err := d.Trends(TrendOptions{Interval: Month, By: "meta.Region"})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Series) != 2 || tr.Series[0].Group != "eu" || !near(tr.Series[0].Points[0].NPS.Value, 100) || !near(tr.Series[1].Points[0].Share.Value, 100.0/3) {
		t.Errorf("%+v", tr.Series)
	}
	tr, _ = d.Trends(TrendOptions{Interval: Month, By: ByAudience})
	if len(tr.Series) != 1 || tr.Series[0].Group != "customer" || tr.Series[0].N != 3 {
		t.Errorf("audience %+v", tr.Series)
	}
	tr, _ = d.Trends(TrendOptions{Interval: Month, By: BySource})
	if len(tr.Series) != 1 || tr.Series[0].Group != "survey" {
		t.Errorf("source %+v", tr.Series)
	}
}
