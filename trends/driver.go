package trends

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"

	"github.com/feedbackd/feedbackd/index/facts"
)

// Metric is a numeric score drivers are computed for.
type Metric string

// Metrics.
const (
	NPS  Metric = "nps"
	CSAT Metric = "csat"
	CES  Metric = "ces"
)

// Metrics are every metric, in report order.
var Metrics = []Metric{NPS, CSAT, CES}

// ParseMetric accepts nps, csat or ces.
func ParseMetric(s string) (Metric, error) {
	switch m := Metric(s); m {
	case NPS, CSAT, CES:
		return m, nil
	}
	return "", fmt.Errorf("metric %q: want nps, csat or ces", s)
}

// scale is how a metric turns per-category counts into its score: the
// weighted mean Σ weight[c]·count[c] / Σ count[c]. NPS has three
// categories (detractor −100, passive 0, promoter 100), so the mean is
// %promoters − %detractors; CSAT and CES one per value, weighted by it.
type scale struct {
	weights []float64
	cat     func(v int8) int // category of a score value, -1 none
}

func (m Metric) scale() scale {
	switch m {
	case NPS:
		return scale{weights: []float64{-100, 0, 100}, cat: func(v int8) int {
			switch {
			case v == facts.NoScore:
				return -1
			case v <= 6:
				return 0
			case v <= 8:
				return 1
			}
			return 2
		}}
	case CSAT:
		return valueScale(1, 5)
	}
	return valueScale(1, 7)
}

func valueScale(lo, hi int8) scale {
	var w []float64
	for v := lo; v <= hi; v++ {
		w = append(w, float64(v))
	}
	return scale{weights: w, cat: func(v int8) int {
		if v < lo || v > hi {
			return -1
		}
		return int(v - lo)
	}}
}

// score returns the weighted mean of counts, NaN when they are all 0.
func (s scale) score(counts []float64) float64 {
	n, sum := 0.0, 0.0
	for c, k := range counts {
		n += k
		sum += k * s.weights[c]
	}
	if n == 0 {
		return math.NaN()
	}
	return sum / n
}

// values returns comment i's value of metric m (facts.NoScore if none).
func (d *Data) values(m Metric) []int8 {
	switch m {
	case NPS:
		return d.nps
	case CSAT:
		return d.csat
	}
	return d.ces
}

// Defaults of DriverOptions.
const (
	DefaultDriverMinVolume = 30
	DefaultResamples       = 1000
)

// DriverOptions describe a driver report.
type DriverOptions struct {
	Metric Metric
	// MinVolume is the fewest scored comments a touchpoint needs for an
	// impact (DefaultDriverMinVolume when 0); below it the driver is
	// TooFew.
	MinVolume int
	// Resamples is the number of bootstrap resamples (DefaultResamples
	// when 0); Seed seeds them, so a report is reproducible.
	Resamples int
	Seed      uint64
	Anonymity Anonymity
}

// DriverReport is what drives one metric.
type DriverReport struct {
	Metric Metric `json:"metric"`
	// Score is the metric over every selected comment with it, N of them.
	Score *float64 `json:"score"`
	N     int      `json:"n"`
	// Suppressed is set when the whole selection is too small an
	// employee group: nothing else is reported.
	Suppressed  bool        `json:"suppressed,omitempty"`
	Correlation Correlation `json:"correlation"`
	// Drivers are ranked by impact, most negative first (the worst pain
	// point leads, the biggest improvement is last), then those too few
	// or suppressed, largest first.
	Drivers []Driver `json:"drivers"`
}

// Driver is one touchpoint's effect on a metric. A comment counts for a
// touchpoint when it is tagged with it or one of its descendants.
type Driver struct {
	Touchpoint string `json:"touchpoint"`
	// N is the scored comments that mention the touchpoint; Share their
	// percentage of all scored comments.
	N     int     `json:"n"`
	Share float64 `json:"share"`
	// ScoreWith is the metric over those comments, ScoreWithout over the
	// rest.
	ScoreWith    *float64 `json:"score_with"`
	ScoreWithout *float64 `json:"score_without"`
	// Impact is the overall score minus the score without the
	// touchpoint's comments: how much they move the overall score
	// (negative: they pull it down). CILow and CIHigh are its 95%
	// bootstrap confidence interval.
	Impact *float64 `json:"impact"`
	CILow  *float64 `json:"ci_low"`
	CIHigh *float64 `json:"ci_high"`
	// TooFew is set below the minimum volume: no impact.
	TooFew bool `json:"too_few,omitempty"`
	// Suppressed is set when the touchpoint's comments, or the rest,
	// hold employee comments from fewer respondents than the anonymity
	// threshold: only the touchpoint's name is reported.
	Suppressed bool `json:"suppressed,omitempty"`
}

// Drivers computes what drives o.Metric.
//
// The confidence interval is a Poisson bootstrap: resampling comments
// with replacement is approximated by giving each comment an independent
// Poisson(1) weight. For one touchpoint the score with and without it
// depend only on how many comments of each score value (NPS: detractor,
// passive, promoter) mention it and how many do not, and a sum of k
// independent Poisson(1) weights is Poisson(k), so each resample draws
// one Poisson count per score value and side: exact for the Poisson
// bootstrap and independent of the number of comments. The interval is
// the 2.5th and 97.5th percentiles of the resampled impacts.
func (d *Data) Drivers(o DriverOptions) (*DriverReport, error) {
	if _, err := ParseMetric(string(o.Metric)); err != nil {
		return nil, err
	}
	if o.MinVolume <= 0 {
		o.MinVolume = DefaultDriverMinVolume
	}
	if o.Resamples <= 0 {
		o.Resamples = DefaultResamples
	}
	sc := o.Metric.scale()
	nc := len(sc.weights)
	vals := d.values(o.Metric)
	ntp := len(d.tpNames)
	total := make([]float64, nc)
	byTP := make([]float64, ntp*nc)
	tpEmps := make([]Respondents, ntp)
	var allEmps Respondents
	var empRows []int
	var buf []facts.TouchpointHit
	for i, v := range vals {
		c := sc.cat(v)
		if c < 0 {
			continue
		}
		total[c]++
		emp := d.employee(i)
		if emp {
			allEmps.Add(d.respondent(i))
			empRows = append(empRows, i)
		}
		d.forTouchpoints(i, &buf, func(tp uint32, _ float64, _ facts.Label) {
			byTP[int(tp)*nc+c]++
			if emp {
				tpEmps[tp].Add(d.respondent(i))
			}
		})
	}
	out := &DriverReport{Metric: o.Metric, Drivers: []Driver{}}
	for _, k := range total {
		out.N += int(k)
	}
	if o.Anonymity.Suppress(allEmps.Count()) {
		out.Suppressed = true
		out.N = 0
		return out, nil
	}
	overall := sc.score(total)
	out.Score = finite(overall, 4)
	out.Correlation = d.Correlation(o.Metric, o.Anonymity)

	type job struct {
		tp uint32
		dr int // index in out.Drivers
	}
	var jobs []job
	for tp := range ntp {
		with := byTP[tp*nc : (tp+1)*nc]
		n := 0
		for _, k := range with {
			n += int(k)
		}
		if n == 0 {
			continue
		}
		dr := Driver{Touchpoint: d.tpNames[tp], N: n, Share: round(100*float64(n)/float64(out.N), 4)}
		rest := make([]float64, nc)
		for c := range rest {
			rest[c] = total[c] - with[c]
		}
		if d.driverSuppressed(o.Anonymity, uint32(tp), &tpEmps[tp], &allEmps, empRows, vals, sc) {
			out.Drivers = append(out.Drivers, Driver{Touchpoint: dr.Touchpoint, Suppressed: true})
			continue
		}
		dr.ScoreWith = finite(sc.score(with), 4)
		without := sc.score(rest)
		dr.ScoreWithout = finite(without, 4)
		if n < o.MinVolume {
			dr.TooFew = true
		} else if !math.IsNaN(without) {
			dr.Impact = finite(overall-without, 4)
		}
		out.Drivers = append(out.Drivers, dr)
		if dr.Impact != nil {
			jobs = append(jobs, job{uint32(tp), len(out.Drivers) - 1})
		}
	}
	var wg sync.WaitGroup
	next := make(chan job)
	for range 2 {
		wg.Go(func() {
			for j := range next {
				with := byTP[int(j.tp)*nc : int(j.tp+1)*nc]
				lo, hi := bootstrap(sc, with, total, o.Resamples, o.Seed, j.tp)
				dr := &out.Drivers[j.dr]
				dr.CILow, dr.CIHigh = finite(lo, 4), finite(hi, 4)
			}
		})
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	slices.SortStableFunc(out.Drivers, func(a, b Driver) int {
		ra, rb := a.Impact != nil, b.Impact != nil
		switch {
		case ra && rb:
			if c := cmp.Compare(*a.Impact, *b.Impact); c != 0 {
				return c
			}
		case ra != rb:
			if ra {
				return -1
			}
			return 1
		default:
			if c := cmp.Compare(b.N, a.N); c != 0 {
				return c
			}
		}
		return strings.Compare(a.Touchpoint, b.Touchpoint)
	})
	return out, nil
}

// driverSuppressed reports whether touchpoint tp's driver is withheld:
// its scored comments, or the rest, are too small an employee group.
func (d *Data) driverSuppressed(a Anonymity, tp uint32, with, all *Respondents, empRows []int, vals []int8, sc scale) bool {
	if a.Suppress(with.Count()) {
		return true
	}
	// Respondents of the rest: at least all − with; count exactly only
	// when that bound is under the threshold.
	if all.Count()-with.Count() >= a.MinRespondents {
		return false
	}
	var rest Respondents
	for _, i := range empRows {
		if !d.countsIn(i, tp) && sc.cat(vals[i]) >= 0 {
			rest.Add(d.respondent(i))
		}
	}
	return a.Suppress(rest.Count())
}

// countsIn reports whether comment i counts in touchpoint tp.
func (d *Data) countsIn(i int, tp uint32) bool {
	for _, m := range d.mentions[d.mOff[i]:d.mOff[i+1]] {
		if slices.Contains(d.tpChain[m.Touchpoint], tp) {
			return true
		}
	}
	return false
}

// bootstrap returns the 95% percentile interval of the impact of the
// comments counted in with (per category) on the score of total.
func bootstrap(sc scale, with, total []float64, resamples int, seed uint64, tp uint32) (float64, float64) {
	r := rand.New(rand.NewPCG(seed, uint64(tp)+0x9e3779b97f4a7c15))
	nc := len(with)
	w, rest, all := make([]float64, nc), make([]float64, nc), make([]float64, nc)
	impacts := make([]float64, 0, resamples)
	for range resamples {
		for c := range nc {
			w[c] = poisson(r, with[c])
			rest[c] = poisson(r, total[c]-with[c])
			all[c] = w[c] + rest[c]
		}
		imp := sc.score(all) - sc.score(rest)
		if !math.IsNaN(imp) {
			impacts = append(impacts, imp)
		}
	}
	if len(impacts) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(impacts)
	return quantile(impacts, 0.025), quantile(impacts, 0.975)
}

// quantile returns the q-quantile of sorted xs, interpolating linearly.
func quantile(xs []float64, q float64) float64 {
	pos := q * float64(len(xs)-1)
	i := int(pos)
	if i+1 >= len(xs) {
		return xs[len(xs)-1]
	}
	return xs[i] + (pos-float64(i))*(xs[i+1]-xs[i])
}

// finite returns x rounded, or nil when it is NaN or infinite.
func finite(x float64, digits int) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return ptr(round(x, digits))
}
