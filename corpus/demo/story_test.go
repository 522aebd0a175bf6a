package demo

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// window counts drafts created between from and to days before testNow
// (from > to) and those for which match is true.
type window struct{ from, to float64 }

func share(ds []draft, w window, keep, match func(*draft) bool) (n, hit int) {
	for i := range ds {
		d := &ds[i]
		ago := testNow.Sub(d.CreatedAt).Hours() / 24
		if ago > w.from || ago <= w.to || !keep(d) {
			continue
		}
		n++
		if match(d) {
			hit++
		}
	}
	return n, hit
}

func about(prefix string) func(*draft) bool {
	return func(d *draft) bool {
		for _, p := range d.parts {
			for _, tp := range p.Touchpoints {
				if tp == prefix || strings.HasPrefix(tp, prefix+"/") {
					return true
				}
			}
		}
		return false
	}
}

func fromStory(names ...string) func(*draft) bool {
	return func(d *draft) bool {
		for _, p := range d.parts {
			if slices.Contains(names, p.Story) {
				return true
			}
		}
		return false
	}
}

func customers(d *draft) bool { return d.Audience == "customer" }

// forSeeds runs check on the corpora of a few seeds: a story must show
// whatever the seed.
func forSeeds(t *testing.T, check func(t *testing.T, ds []draft)) {
	for _, seed := range []int64{DefaultSeed, 2, 3} {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) { check(t, generate(testNow, seed)) })
	}
}

func TestStoryCourierSwitch(t *testing.T) {
	forSeeds(t, func(t *testing.T, ds []draft) {
		before := window{days, courierSwitchDaysAgo + 3}
		spike := window{courierSwitchDaysAgo, courierSwitchDaysAgo - courierSpikeDays}
		after := window{courierSwitchDaysAgo - courierSpikeDays - courierEaseDays, 0}
		nb, hb := share(ds, before, customers, about("delivery"))
		ns, hs := share(ds, spike, customers, about("delivery"))
		na, ha := share(ds, after, customers, about("delivery"))
		sb, ss, sa := pct(hb, nb), pct(hs, ns), pct(ha, na)
		t.Logf("delivery share of customer comments: before %.1f%%, spike weeks %.1f%%, last four weeks %.1f%%", sb, ss, sa)
		if ss < 1.6*sb {
			t.Errorf("delivery share in the spike weeks %.1f%%, want well above the baseline %.1f%%", ss, sb)
		}
		if sa > (sb+ss)/2 {
			t.Errorf("delivery share in the last weeks %.1f%%, want eased from %.1f%% toward %.1f%%", sa, ss, sb)
		}
		perWeek := func(n int, w window) float64 { return float64(n) / ((w.from - w.to) / 7) }
		if vb, vs := perWeek(nb, before), perWeek(ns, spike); vs < 1.15*vb {
			t.Errorf("customer volume %.0f/week in the spike, %.0f/week before: want a visible rise", vs, vb)
		}
		if _, n := share(ds, before, customers, fromStory("courier-switch")); n > 0 {
			t.Errorf("%d comments name the new courier before the switch", n)
		}
		if _, n := share(ds, spike, customers, func(d *draft) bool { return strings.Contains(d.Text(), "Parcelo") }); n < 10 {
			t.Errorf("%d comments name Parcelo in the spike weeks, want a searchable number", n)
		}
	})
}

func TestStoryAppRelease(t *testing.T) {
	forSeeds(t, func(t *testing.T, ds []draft) {
		app := func(d *draft) bool { return about("app")(d) }
		neg := func(d *draft) bool { return d.label == negative }
		nb, hb := share(ds, window{days, appReleaseDaysAgo}, app, neg)
		na, ha := share(ds, window{appReleaseDaysAgo, 0}, app, neg)
		t.Logf("negative share of app comments: before the release %.1f%% (n=%d), after %.1f%% (n=%d)", pct(hb, nb), nb, pct(ha, na), na)
		if pct(ha, na) > pct(hb, nb)-20 {
			t.Errorf("app comments %.1f%% negative after the release, %.1f%% before: want a clear improvement", pct(ha, na), pct(hb, nb))
		}
		_, crashesBefore := share(ds, window{days, appReleaseDaysAgo}, app, fromStory("app-crash"))
		_, crashesAfter := share(ds, window{appReleaseDaysAgo, 0}, app, fromStory("app-crash"))
		if crashesAfter*4 > crashesBefore*appReleaseDaysAgo/(days-appReleaseDaysAgo) {
			t.Errorf("%d crash comments after the release, %d before", crashesAfter, crashesBefore)
		}
	})
}

func TestStoryDoubleCharge(t *testing.T) {
	forSeeds(t, func(t *testing.T, ds []draft) {
		earlier := window{days, paymentChangeDaysAgo}
		lastTwo := window{paymentChangeDaysAgo, 0}
		if _, n := share(ds, earlier, customers, fromStory("double-charge")); n > 0 {
			t.Errorf("%d double-charge comments before the payment change", n)
		}
		ne, he := share(ds, earlier, customers, about("billing"))
		nl, hl := share(ds, lastTwo, customers, about("billing"))
		t.Logf("billing share of customer comments: earlier %.1f%%, last two weeks %.1f%%", pct(he, ne), pct(hl, nl))
		if pct(hl, nl) < 2*pct(he, ne) {
			t.Errorf("billing share %.1f%% in the last two weeks, want well above %.1f%% before", pct(hl, nl), pct(he, ne))
		}
		_, w1 := share(ds, window{14, 7}, customers, fromStory("double-charge"))
		_, w2 := share(ds, window{7, 0}, customers, fromStory("double-charge"))
		t.Logf("double-charge comments: %d in the week before last, %d last week", w1, w2)
		if w2 <= w1 {
			t.Errorf("double-charge comments not rising: %d then %d", w1, w2)
		}
		_, twice := share(ds, lastTwo, customers, func(d *draft) bool { return strings.Contains(strings.ToLower(d.Text()), "twice") })
		if twice < 30 {
			t.Errorf("%d comments say \"twice\" in the last two weeks, want an emerging term", twice)
		}
	})
}

func TestStoryWarehouseWorkload(t *testing.T) {
	forSeeds(t, func(t *testing.T, ds []draft) {
		// Share of workload complaints in warehouse answers, per pulse wave.
		n, hit := map[string]float64{}, map[string]float64{}
		for i := range ds {
			d := &ds[i]
			if d.Meta["department"] != deptWarehouse {
				continue
			}
			w := d.Meta["wave"]
			n[w]++
			if about("employee/workload")(d) && d.label != positive {
				hit[w]++
			}
		}
		waves := slices.Sorted(maps.Keys(n))
		shares := make([]float64, len(waves))
		for i, w := range waves {
			shares[i] = 100 * hit[w] / n[w]
		}
		t.Logf("workload complaints in warehouse answers by wave: %.0f%%", shares)
		// Least-squares slope over the waves, and the last two waves
		// against the first two.
		var sx, sy, sxy, sxx float64
		for i, y := range shares {
			x := float64(i)
			sx, sy, sxy, sxx = sx+x, sy+y, sxy+x*y, sxx+x*x
		}
		k := float64(len(shares))
		slope := (k*sxy - sx*sy) / (k*sxx - sx*sx)
		first, last := (shares[0]+shares[1])/2, (shares[len(shares)-2]+shares[len(shares)-1])/2
		if slope < 4 || last < 2*first {
			t.Errorf("warehouse workload complaints by wave %.0f%% (slope %.1f points a wave), want a steady rise", shares, slope)
		}
	})
}
