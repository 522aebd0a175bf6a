package trends

import (
	"math"
	"slices"
	"testing"
	"time"
)

// driverFixture: billing NPS 0, 2, 5, 10 (1 promoter, 3 detractors: −50);
// delivery 10, 10, 9, 8, 7, 3 (3 promoters, 1 detractor: 33.33);
// overall 4 promoters and 4 detractors of 10: 0. Impact of billing is
// 0 − 33.33, of delivery 0 − (−50) = +50.
func driverFixture() []c {
	var cs []c
	for _, v := range []int{0, 2, 5, 10} {
		cs = append(cs, c{at: "2026-03-02", label: neg, score: -0.5, nps: v, csat: 1 + v/3, tps: []string{"billing/refunds"}})
	}
	for _, v := range []int{10, 10, 9, 8, 7, 3} {
		cs = append(cs, c{at: "2026-03-03", label: pos, score: 0.5, nps: v, csat: 1 + v/3, tps: []string{"delivery"}})
	}
	return cs
}

func TestDriversHandComputed(t *testing.T) {
	d := load(t, time.UTC, driverFixture(), CopyOptions{})
	r, err := d.Drivers(DriverOptions{Metric: NPS, MinVolume: 3, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Score, 0) || r.N != 10 {
		t.Errorf("overall %s n %d", val(r.Score), r.N)
	}
	want := []struct {
		tp                 string
		n                  int
		with, without, imp float64
	}{
		// billing and billing/refunds are the same comments; ties by name.
		{"billing", 4, -50, 100.0 / 3, -100.0 / 3},
		{"billing/refunds", 4, -50, 100.0 / 3, -100.0 / 3},
		{"delivery", 6, 100.0 / 3, -50, 50},
	}
	if len(r.Drivers) != len(want) {
		t.Fatalf("%d drivers: %+v", len(r.Drivers), r.Drivers)
	}
	for i, w := range want {
		dr := r.Drivers[i]
		if dr.Touchpoint != w.tp || dr.N != w.n || !near(dr.ScoreWith, w.with) || !near(dr.ScoreWithout, w.without) || !near(dr.Impact, w.imp) {
			t.Errorf("driver %d: %s n %d with %s without %s impact %s, want %+v", i, dr.Touchpoint, dr.N, val(dr.ScoreWith), val(dr.ScoreWithout), val(dr.Impact), w)
		}
		if dr.CILow == nil || dr.CIHigh == nil || *dr.CILow > *dr.Impact || *dr.CIHigh < *dr.Impact || *dr.CILow >= *dr.CIHigh {
			t.Errorf("%s: CI [%s, %s] around %s", dr.Touchpoint, val(dr.CILow), val(dr.CIHigh), val(dr.Impact))
		}
	}
	again, _ := d.Drivers(DriverOptions{Metric: NPS, MinVolume: 3, Seed: 7})
	if *again.Drivers[0].CILow != *r.Drivers[0].CILow || *again.Drivers[2].CIHigh != *r.Drivers[2].CIHigh {
		t.Error("same seed, different intervals")
	}

	// CSAT 1, 1, 2, 4 for billing (mean 2) and 4, 4, 4, 3, 3, 2 for
	// delivery (mean 10/3); overall 28/10.
	r, _ = d.Drivers(DriverOptions{Metric: CSAT, MinVolume: 3})
	for _, dr := range r.Drivers {
		if dr.Touchpoint == "billing" && (!near(dr.ScoreWith, 2) || !near(dr.Impact, 2.8-10.0/3)) {
			t.Errorf("csat billing %+v", dr)
		}
	}
	if !near(r.Score, 2.8) {
		t.Errorf("csat %s", val(r.Score))
	}

	r, _ = d.Drivers(DriverOptions{Metric: NPS, MinVolume: 5})
	for _, dr := range r.Drivers {
		if dr.Touchpoint == "billing" && (!dr.TooFew || dr.Impact != nil || dr.CILow != nil || !near(dr.ScoreWith, -50)) {
			t.Errorf("too few: %+v", dr)
		}
	}
	if r.Drivers[0].Touchpoint != "delivery" {
		t.Errorf("ranked drivers go before too few: %s first", r.Drivers[0].Touchpoint)
	}

	r, _ = d.Drivers(DriverOptions{Metric: CES})
	if r.Score != nil || r.N != 0 || len(r.Drivers) != 0 {
		t.Errorf("no CES: %+v", r)
	}
	if _, err := d.Drivers(DriverOptions{Metric: "effort"}); err == nil {
		t.Error("unknown metric: no error")
	}
}

func TestDriversAllPromotersAndOneTouchpointEverywhere(t *testing.T) {
	var cs []c
	for range 40 {
		cs = append(cs, c{at: "2026-03-02", label: pos, score: 0.5, nps: 10, tps: []string{"delivery"}})
	}
	r, _ := load(t, time.UTC, cs, CopyOptions{}).Drivers(DriverOptions{Metric: NPS})
	// Every comment mentions delivery: there is no "without", so no impact.
	if !near(r.Score, 100) || len(r.Drivers) != 1 || r.Drivers[0].Impact != nil || r.Drivers[0].ScoreWithout != nil {
		t.Errorf("%+v %+v", r, r.Drivers)
	}
	cs = append(cs, c{at: "2026-03-02", label: pos, score: 0.5, nps: 9})
	r, _ = load(t, time.UTC, cs, CopyOptions{}).Drivers(DriverOptions{Metric: NPS})
	if dr := r.Drivers[0]; !near(dr.Impact, 0) || !near(dr.CILow, 0) || !near(dr.CIHigh, 0) {
		t.Errorf("all promoters: %+v", dr)
	}
}

func TestBootstrapMatchesNaiveResampling(t *testing.T) {
	// 5000 comments, 600 mentioning the touchpoint: the count-based
	// Poisson bootstrap should give the interval a naive per-comment
	// resampling gives.
	with := []float64{300, 200, 100} // detractors, passives, promoters
	total := []float64{1000, 1500, 2500}
	sc := NPS.scale()
	lo, hi := bootstrap(sc, with, total, 2000, 1, 0)
	imp := sc.score(total) - sc.score([]float64{700, 1300, 2400})
	if lo > imp || hi < imp {
		t.Fatalf("impact %g outside [%g, %g]", imp, lo, hi)
	}
	type item struct{ cat, tp int }
	var items []item
	for cat := range 3 {
		for k := range int(total[cat]) {
			tp := 0
			if k < int(with[cat]) {
				tp = 1
			}
			items = append(items, item{cat, tp})
		}
	}
	r := newTestRand()
	var imps []float64
	for range 1000 {
		all, rest := make([]float64, 3), make([]float64, 3)
		for range items {
			it := items[r.IntN(len(items))]
			all[it.cat]++
			if it.tp == 0 {
				rest[it.cat]++
			}
		}
		imps = append(imps, sc.score(all)-sc.score(rest))
	}
	slices.Sort(imps)
	nlo, nhi := quantile(imps, 0.025), quantile(imps, 0.975)
	if w, nw := hi-lo, nhi-nlo; math.Abs(w-nw) > 0.15*nw || math.Abs((lo+hi)/2-(nlo+nhi)/2) > 0.15*nw {
		t.Errorf("Poisson bootstrap [%g, %g], naive [%g, %g]", lo, hi, nlo, nhi)
	}
}

func TestPoisson(t *testing.T) {
	r := newTestRand()
	for _, lam := range []float64{0.5, 4, 30, 1000} {
		var m moments
		for range 20000 {
			m.add(poisson(r, lam))
		}
		if math.Abs(m.mean()-lam) > 0.05*lam+0.05 || math.Abs(m.variance()-lam) > 0.1*lam+0.1 {
			t.Errorf("λ %g: mean %g variance %g", lam, m.mean(), m.variance())
		}
	}
}

func TestCorrelation(t *testing.T) {
	// Ranks of sentiment 1, 2, 3, 4.5, 4.5 and of NPS 1, 2.5, 2.5, 4, 5:
	// ρ = 0.947368 (Pearson of the ranks). The untagged comment and the
	// one without an NPS are left out.
	cs := []c{
		{at: "2026-03-02", label: neg, score: -0.9, nps: 0},
		{at: "2026-03-02", label: neg, score: -0.2, nps: 3},
		{at: "2026-03-02", label: pos, score: 0.1, nps: 3},
		{at: "2026-03-02", label: pos, score: 0.5, nps: 9},
		{at: "2026-03-02", label: pos, score: 0.5, nps: 10},
		{at: "2026-03-02", nps: 0},
		{at: "2026-03-02", label: pos, score: -1, nps: -1},
	}
	d := load(t, time.UTC, cs, CopyOptions{})
	got := d.Correlation(NPS, Anonymity{})
	if got.N != 5 || !near(got.Rho, 0.947368) {
		t.Errorf("rho %s n %d", val(got.Rho), got.N)
	}
	if got := d.Correlation(CSAT, Anonymity{}); got.N != 0 || got.Rho != nil {
		t.Errorf("no CSAT: %+v", got)
	}
}

func TestStudentP(t *testing.T) {
	for _, tc := range []struct{ t, df, want float64 }{
		{2.228139, 10, 0.05}, {2.570582, 5, 0.05}, {1, 1, 0.5}, {0, 7, 1}, {3.291, 1e9, 0.001},
	} {
		if got := studentP(tc.t, tc.df); math.Abs(got-tc.want) > 1e-4 {
			t.Errorf("t %g df %g: p %g, want %g", tc.t, tc.df, got, tc.want)
		}
	}
	// Welch: 1..5 against 3..8, t = −2.4019 on 8.99 df: p ≈ 0.0399.
	var a, b moments
	for x := 1; x <= 5; x++ {
		a.add(float64(x))
	}
	for x := 3; x <= 8; x++ {
		b.add(float64(x))
	}
	if p := welchP(a, b); math.Abs(p-0.0399) > 5e-4 {
		t.Errorf("welch p %g", p)
	}
}

func TestGSquared(t *testing.T) {
	// 2·Σ O ln(O/E) over [[10, 90], [5, 995]]: E = [[1.364, 98.636],
	// [13.636, 986.364]], G² = 30.670.
	if g := gSquared(10, 100, 5, 1000); math.Abs(g-30.670) > 0.005 {
		t.Errorf("G² %g", g)
	}
	if g := gSquared(10, 100, 100, 1000); math.Abs(g) > 1e-9 {
		t.Errorf("equal rates: G² %g", g)
	}
}
