// Package metrics computes the statistics `feedbackd eval` reports:
// precision, recall and F1 from counts, confusion matrices, and the Pearson
// and Spearman correlations. It knows nothing about comments or labels
// beyond strings, so every figure can be checked against a hand computation.
package metrics

import (
	"errors"
	"math"
	"sort"
)

// PRF holds the counts for one class and the figures derived from them.
// A ratio whose denominator is zero is reported as 0 (scikit-learn's
// zero_division=0), so a class that is never predicted has precision 0.
type PRF struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

// Support is the number of gold instances of the class (TP + FN).
func (p PRF) Support() int { return p.TP + p.FN }

// Precision is TP / (TP + FP).
func (p PRF) Precision() float64 { return ratio(p.TP, p.TP+p.FP) }

// Recall is TP / (TP + FN).
func (p PRF) Recall() float64 { return ratio(p.TP, p.TP+p.FN) }

// F1 is the harmonic mean of precision and recall, 2TP / (2TP + FP + FN).
func (p PRF) F1() float64 { return ratio(2*p.TP, 2*p.TP+p.FP+p.FN) }

// Add returns the element-wise sum of two count sets (for micro averages).
func (p PRF) Add(q PRF) PRF { return PRF{TP: p.TP + q.TP, FP: p.FP + q.FP, FN: p.FN + q.FN} }

// MacroF1 is the unweighted mean F1 of the given classes; 0 when empty.
func MacroF1(classes []PRF) float64 {
	if len(classes) == 0 {
		return 0
	}
	sum := 0.0
	for _, c := range classes {
		sum += c.F1()
	}
	return sum / float64(len(classes))
}

// MicroPRF sums the counts of the given classes.
func MicroPRF(classes []PRF) PRF {
	var t PRF
	for _, c := range classes {
		t = t.Add(c)
	}
	return t
}

func ratio(num, den int) float64 {
	if den == 0 {
		return 0
	}
	return float64(num) / float64(den)
}

// Errors returned by the correlations.
var (
	ErrLength   = errors.New("series differ in length")
	ErrTooShort = errors.New("need at least two pairs")
	ErrConstant = errors.New("a series is constant")
)

// Pearson returns the Pearson correlation coefficient of x and y.
func Pearson(x, y []float64) (float64, error) {
	if len(x) != len(y) {
		return 0, ErrLength
	}
	if len(x) < 2 {
		return 0, ErrTooShort
	}
	mx, my := mean(x), mean(y)
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return 0, ErrConstant
	}
	r := sxy / math.Sqrt(sxx*syy)
	return math.Max(-1, math.Min(1, r)), nil
}

// Spearman returns Spearman's rank correlation of x and y: the Pearson
// correlation of their ranks, with tied values given their average rank.
func Spearman(x, y []float64) (float64, error) {
	if len(x) != len(y) {
		return 0, ErrLength
	}
	return Pearson(Ranks(x), Ranks(y))
}

// Ranks returns the 1-based rank of each value; tied values share the mean
// of the ranks they span ([10, 20, 20, 30] → [1, 2.5, 2.5, 4]).
func Ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	ranks := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		r := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			ranks[idx[k]] = r
		}
		i = j + 1
	}
	return ranks
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
