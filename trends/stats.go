package trends

import (
	"math"
	"math/rand/v2"
)

// normalP returns the two-sided p-value of a standard normal z.
func normalP(z float64) float64 { return math.Erfc(math.Abs(z) / math.Sqrt2) }

// twoProportionP tests whether x1/n1 and x2/n2 differ: the pooled
// two-proportion z-test. A zero standard error (both all or nothing)
// gives 1 when the proportions agree and 0 when they do not.
func twoProportionP(x1, n1, x2, n2 int) float64 {
	p := float64(x1+x2) / float64(n1+n2)
	se := math.Sqrt(p * (1 - p) * (1/float64(n1) + 1/float64(n2)))
	diff := float64(x1)/float64(n1) - float64(x2)/float64(n2)
	return zP(diff, se)
}

// netP tests whether the net scores (up − down)/n of two samples differ,
// where every item is +1, 0 or −1 (promoter, passive, detractor; positive,
// other, negative). Under the null hypothesis both samples share the
// pooled shares p₊ and p₋, and one item's variance is p₊ + p₋ − (p₊ − p₋)²
// (the multinomial variance of the NPS); z is the difference over its
// standard error.
func netP(up1, down1, n1, up2, down2, n2 int) float64 {
	diff := float64(up1-down1)/float64(n1) - float64(up2-down2)/float64(n2)
	return zP(diff, netSE(up1, down1, n1, up2, down2, n2))
}

// netSE is the standard error of the difference netP tests.
func netSE(up1, down1, n1, up2, down2, n2 int) float64 {
	pu := float64(up1+up2) / float64(n1+n2)
	pd := float64(down1+down2) / float64(n1+n2)
	v := pu + pd - (pu-pd)*(pu-pd)
	return math.Sqrt(max(v, 0) * (1/float64(n1) + 1/float64(n2)))
}

// zP returns the two-sided p-value of diff/se.
func zP(diff, se float64) float64 {
	if se == 0 || math.IsNaN(se) {
		if math.Abs(diff) < 1e-12 {
			return 1
		}
		return 0
	}
	return normalP(diff / se)
}

// moments are the count, sum and sum of squares of a sample.
type moments struct {
	n       int
	sum, sq float64
}

func (m *moments) add(x float64) {
	m.n++
	m.sum += x
	m.sq += x * x
}

func (m *moments) merge(o moments) {
	m.n += o.n
	m.sum += o.sum
	m.sq += o.sq
}

func (m *moments) mean() float64 { return m.sum / float64(m.n) }

// variance returns the sample variance (n − 1 in the denominator).
func (m *moments) variance() float64 {
	if m.n < 2 {
		return 0
	}
	mean := m.mean()
	return max(m.sq-float64(m.n)*mean*mean, 0) / float64(m.n-1)
}

// welchP tests whether two means differ: Welch's unequal-variance t-test
// with the Welch–Satterthwaite degrees of freedom. Both samples need two
// items; two constant samples give 1 when equal and 0 otherwise.
func welchP(a, b moments) float64 {
	va, vb := a.variance()/float64(a.n), b.variance()/float64(b.n)
	diff := a.mean() - b.mean()
	se := math.Sqrt(va + vb)
	if se == 0 {
		return zP(diff, 0)
	}
	df := (va + vb) * (va + vb) / (va*va/float64(a.n-1) + vb*vb/float64(b.n-1))
	return studentP(diff/se, df)
}

// studentP returns the two-sided p-value of t with df degrees of freedom:
// the regularized incomplete beta I_{df/(df+t²)}(df/2, 1/2).
func studentP(t, df float64) float64 {
	if math.IsInf(df, 1) || df > 1e7 {
		return normalP(t)
	}
	return incBeta(df/2, 0.5, df/(df+t*t))
}

// incBeta is the regularized incomplete beta function I_x(a, b), by
// Lentz's continued fraction (Numerical Recipes, betai and betacf).
func incBeta(a, b, x float64) float64 {
	if x <= 0 {
		return 0
	}
	if x >= 1 {
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log1p(-x))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(a, b, x) / a
	}
	return 1 - front*betaCF(b, a, 1-x)/b
}

func betaCF(a, b, x float64) float64 {
	const tiny, eps = 1e-300, 1e-14
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 300; m++ {
		fm := float64(m)
		aa := fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < eps {
			break
		}
	}
	return h
}

// poisson draws from the Poisson distribution with mean lam: by
// multiplication below 10, else by Hörmann's transformed rejection with
// squeeze (PTRS, 1993), as numpy does.
func poisson(r *rand.Rand, lam float64) float64 {
	if lam <= 0 {
		return 0
	}
	if lam < 10 {
		limit := math.Exp(-lam)
		k, p := 0, r.Float64()
		for p > limit {
			k++
			p *= r.Float64()
		}
		return float64(k)
	}
	slam, loglam := math.Sqrt(lam), math.Log(lam)
	b := 0.931 + 2.53*slam
	a := -0.059 + 0.02483*b
	invAlpha := 1.1239 + 1.1328/(b-3.4)
	vr := 0.9277 - 3.6224/(b-2)
	for {
		u := r.Float64() - 0.5
		v := r.Float64()
		us := 0.5 - math.Abs(u)
		k := math.Floor((2*a/us+b)*u + lam + 0.43)
		if us >= 0.07 && v <= vr {
			return k
		}
		if k < 0 || (us < 0.013 && v > us) {
			continue
		}
		lg, _ := math.Lgamma(k + 1)
		if math.Log(v)+math.Log(invAlpha)-math.Log(a/(us*us)+b) <= -lam+k*loglam-lg {
			return k
		}
	}
}

// gSquared is Dunning's log-likelihood ratio G² of a 2×2 table: a of n1
// items in one sample against b of n2 in the other.
func gSquared(a, n1, b, n2 int) float64 {
	obs := [4]float64{float64(a), float64(n1 - a), float64(b), float64(n2 - b)}
	total := float64(n1 + n2)
	rows := [2]float64{float64(n1), float64(n2)}
	cols := [2]float64{float64(a + b), total - float64(a+b)}
	g := 0.0
	for i, o := range obs {
		if o <= 0 {
			continue
		}
		e := rows[i/2] * cols[i%2] / total
		g += o * math.Log(o/e)
	}
	return 2 * g
}

// round returns x to digits decimals.
func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
