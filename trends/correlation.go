package trends

import (
	"math"
	"slices"
	"sync"

	"github.com/feedbackd/feedbackd/index/facts"
)

// Correlation is how well the sentiment engine tracks a score on the
// selected comments: Spearman's rank correlation between the overall
// sentiment score and the metric over the N tagged comments that have
// the metric (ties get their average rank). Rho is nil with fewer than
// three comments, when either side is constant, or when suppressed.
type Correlation struct {
	Metric     Metric   `json:"metric"`
	N          int      `json:"n"`
	Rho        *float64 `json:"rho"`
	Suppressed bool     `json:"suppressed,omitempty"`
}

// sortedScores is the labelled comments in order of sentiment score,
// built once per Data.
type sortedScores struct {
	once  sync.Once
	order []uint32
}

// byScore returns the labelled comments sorted by sentiment score.
func (d *Data) byScore() []uint32 {
	d.sorted.once.Do(func() {
		keys := make([]uint64, 0, len(d.score))
		for i, s := range d.score {
			if d.label[i] != facts.Unlabelled {
				keys = append(keys, uint64(sortableBits(s))<<32|uint64(i))
			}
		}
		slices.Sort(keys)
		order := make([]uint32, len(keys))
		for k, key := range keys {
			order[k] = uint32(key)
		}
		d.sorted.order = order
	})
	return d.sorted.order
}

// sortableBits maps a float32 to a uint32 with the same order.
func sortableBits(f float32) uint32 {
	b := math.Float32bits(f)
	if b&(1<<31) != 0 {
		return ^b
	}
	return b | 1<<31
}

// Correlation returns the rank correlation between sentiment and m.
func (d *Data) Correlation(m Metric, a Anonymity) Correlation {
	out := Correlation{Metric: m}
	vals := d.values(m)
	order := d.byScore()
	// Ranks of the metric: values are small integers, so ties are counted.
	var count [128]int
	var emps Respondents
	for _, i := range order {
		if v := vals[i]; v != facts.NoScore {
			count[v]++
			out.N++
			if d.employee(int(i)) {
				emps.Add(d.respondent(int(i)))
			}
		}
	}
	if a.Suppress(emps.Count()) {
		return Correlation{Metric: m, Suppressed: true}
	}
	if out.N < 3 {
		return out
	}
	var rankOf [128]float64
	below := 0
	for v, c := range count {
		rankOf[v] = float64(below) + float64(c+1)/2
		below += c
	}
	mean := float64(out.N+1) / 2
	var sxy, sxx, syy float64
	// Walk the comments with the metric in score order, one run of equal
	// scores at a time: the run shares its average rank.
	rank := 0
	for k := 0; k < len(order); {
		j := k
		run := 0
		for j < len(order) && d.score[order[j]] == d.score[order[k]] {
			if vals[order[j]] != facts.NoScore {
				run++
			}
			j++
		}
		x := float64(rank) + float64(run+1)/2 - mean
		for _, i := range order[k:j] {
			if v := vals[i]; v != facts.NoScore {
				y := rankOf[v] - mean
				sxy += x * y
				sxx += x * x
				syy += y * y
			}
		}
		rank += run
		k = j
	}
	if sxx > 0 && syy > 0 {
		out.Rho = ptr(round(sxy/math.Sqrt(sxx*syy), 4))
	}
	return out
}
