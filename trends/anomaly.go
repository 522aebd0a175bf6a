package trends

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/feedbackd/feedbackd/index/facts"
)

// Defaults of AnomalyOptions.
const (
	DefaultSensitivity      = 3.0
	DefaultAnomalyMinVolume = 10
)

// AnomalyOptions describe an anomaly report.
type AnomalyOptions struct {
	Window
	// Sensitivity is the |z| from which a departure is flagged
	// (DefaultSensitivity when 0): lower flags more.
	Sensitivity float64
	// MinVolume is the fewest comments a test needs (see Anomalies;
	// DefaultAnomalyMinVolume when 0).
	MinVolume int
	Anonymity Anonymity
}

// AnomalyReport lists what departs from its baseline in the last period.
type AnomalyReport struct {
	Interval Interval `json:"interval"`
	// Period is the start of the last period, BaselineFrom of the first
	// baseline period (YYYY-MM-DD); Baseline is their number.
	Period       string `json:"period"`
	BaselineFrom string `json:"baseline_from"`
	Baseline     int    `json:"baseline"`
	// Anomalies are the flagged departures, largest |z| first.
	Anomalies []Anomaly `json:"anomalies"`
	// Suppressed counts the touchpoints not examined because their
	// comments in the last period or the baseline are too small an
	// employee group.
	Suppressed int `json:"suppressed"`
}

// Anomaly is one flagged departure.
type Anomaly struct {
	// Touchpoint is the touchpoint, "" for all selected comments.
	Touchpoint string `json:"touchpoint"`
	// Metric is "volume" or "net_sentiment".
	Metric string `json:"metric"`
	// Direction is "up" or "down".
	Direction string `json:"direction"`
	// Value is the last period's volume or net sentiment; Baseline the
	// baseline's mean volume per period or pooled net sentiment; SD the
	// standard deviation z is measured in.
	Value    float64 `json:"value"`
	Baseline float64 `json:"baseline"`
	SD       float64 `json:"sd"`
	Z        float64 `json:"z"`
	// N is the comments in the last period, BaselineN in the baseline.
	N         int `json:"n"`
	BaselineN int `json:"baseline_n"`
}

// Anomaly metrics.
const (
	MetricVolume       = "volume"
	MetricNetSentiment = "net_sentiment"
)

// volumeCell counts one touchpoint's comments of one period.
type volumeCell struct {
	n, pos, neg, tagged int
	emps                Respondents
}

func (c *volumeCell) add(d *Data, i int, l facts.Label) {
	c.n++
	switch l {
	case facts.Positive:
		c.pos++
	case facts.Negative:
		c.neg++
	}
	if l != facts.Unlabelled {
		c.tagged++
	}
	if d.employee(i) {
		c.emps.Add(d.respondent(i))
	}
}

// Anomalies flags, for all selected comments and per touchpoint, a last
// period whose volume or net sentiment departs from the baseline.
//
// Volume: z = (x − m) / √max(s², m), where x is the last period's
// comments, m and s² the mean and sample variance of the baseline
// periods' counts: the larger of the observed and the Poisson variance,
// so a quiet steady series is not flagged for noise (1 when both are 0).
// Tested when x or m reaches MinVolume.
//
// Net sentiment (%positive − %negative; aspect sentiment for a
// touchpoint): the last period against the pooled baseline with the
// z-test Trends uses for net sentiment. Tested when both have MinVolume
// tagged comments.
func (d *Data) Anomalies(o AnomalyOptions) (*AnomalyReport, error) {
	if o.Sensitivity <= 0 {
		o.Sensitivity = DefaultSensitivity
	}
	if o.MinVolume <= 0 {
		o.MinVolume = DefaultAnomalyMinVolume
	}
	o.Window = o.Window.withDefaults()
	out := &AnomalyReport{Interval: o.Interval, Baseline: o.Baseline, Anomalies: []Anomaly{}}
	ps, ok, err := o.Window.periods(d)
	if err != nil || !ok {
		return out, err
	}
	np := ps.len()
	out.Period, out.BaselineFrom = isoDate(ps.starts[np-1]), isoDate(ps.starts[0])
	ntp := len(d.tpNames)
	cells := make([]volumeCell, (ntp+1)*np) // group ntp is every comment
	var buf []facts.TouchpointHit
	for i := range d.day {
		k := ps.period(d.day[i])
		if k < 0 {
			continue
		}
		cells[ntp*np+k].add(d, i, d.label[i])
		d.forTouchpoints(i, &buf, func(tp uint32, _ float64, l facts.Label) {
			cells[int(tp)*np+k].add(d, i, l)
		})
	}
	for g := range ntp + 1 {
		cs := cells[g*np : (g+1)*np]
		name := ""
		if g < ntp {
			name = d.tpNames[g]
		}
		last := &cs[np-1]
		var base volumeCell
		var vol moments
		for k := range cs[:np-1] {
			vol.add(float64(cs[k].n))
			base.n += cs[k].n
			base.pos += cs[k].pos
			base.neg += cs[k].neg
			base.tagged += cs[k].tagged
			base.emps.merge(&cs[k].emps)
		}
		if last.n == 0 && base.n == 0 {
			continue
		}
		if o.Anonymity.Suppress(last.emps.Count()) || o.Anonymity.Suppress(base.emps.Count()) {
			out.Suppressed++
			continue
		}
		x, m := float64(last.n), vol.mean()
		if max(x, m) >= float64(o.MinVolume) {
			sd := math.Sqrt(max(vol.variance(), m))
			if sd == 0 {
				sd = 1
			}
			if a, ok := flag(name, MetricVolume, x, m, sd, o.Sensitivity); ok {
				a.N, a.BaselineN = last.n, base.n
				out.Anomalies = append(out.Anomalies, a)
			}
		}
		if last.tagged >= o.MinVolume && base.tagged >= o.MinVolume {
			v := 100 * float64(last.pos-last.neg) / float64(last.tagged)
			b := 100 * float64(base.pos-base.neg) / float64(base.tagged)
			se := 100 * netSE(last.pos, last.neg, last.tagged, base.pos, base.neg, base.tagged)
			if se > 0 {
				if a, ok := flag(name, MetricNetSentiment, v, b, se, o.Sensitivity); ok {
					a.N, a.BaselineN = last.tagged, base.tagged
					out.Anomalies = append(out.Anomalies, a)
				}
			}
		}
	}
	slices.SortStableFunc(out.Anomalies, func(a, b Anomaly) int {
		if c := cmp.Compare(math.Abs(b.Z), math.Abs(a.Z)); c != 0 {
			return c
		}
		if c := strings.Compare(a.Touchpoint, b.Touchpoint); c != 0 {
			return c
		}
		return strings.Compare(a.Metric, b.Metric)
	})
	return out, nil
}

// flag returns the anomaly of value against baseline in units of sd when
// |z| reaches the sensitivity.
func flag(tp, metric string, value, baseline, sd, sensitivity float64) (Anomaly, bool) {
	z := (value - baseline) / sd
	if math.Abs(z) < sensitivity {
		return Anomaly{}, false
	}
	dir := "up"
	if z < 0 {
		dir = "down"
	}
	return Anomaly{Touchpoint: tp, Metric: metric, Direction: dir, Value: round(value, 4),
		Baseline: round(baseline, 4), SD: round(sd, 4), Z: round(z, 3)}, true
}
