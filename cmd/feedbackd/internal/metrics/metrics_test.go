package metrics

import (
	"errors"
	"math"
	"slices"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestPRF(t *testing.T) {
	tests := []struct {
		name        string
		in          PRF
		p, r, f1    float64
		wantSupport int
	}{
		// P = 3/5, R = 3/4, F1 = 2·3/(6+2+1) = 2/3.
		{"typical", PRF{TP: 3, FP: 2, FN: 1}, 0.6, 0.75, 2.0 / 3, 4},
		{"perfect", PRF{TP: 5}, 1, 1, 1, 5},
		{"never predicted", PRF{FN: 4}, 0, 0, 0, 4},
		{"never gold", PRF{FP: 2}, 0, 0, 0, 0},
		{"empty", PRF{}, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.Precision(); !near(got, tt.p) {
				t.Errorf("precision = %v, want %v", got, tt.p)
			}
			if got := tt.in.Recall(); !near(got, tt.r) {
				t.Errorf("recall = %v, want %v", got, tt.r)
			}
			if got := tt.in.F1(); !near(got, tt.f1) {
				t.Errorf("F1 = %v, want %v", got, tt.f1)
			}
			if got := tt.in.Support(); got != tt.wantSupport {
				t.Errorf("support = %d, want %d", got, tt.wantSupport)
			}
		})
	}
}

func TestMicroMacro(t *testing.T) {
	a := PRF{TP: 3, FP: 2, FN: 1} // F1 2/3
	b := PRF{TP: 1, FP: 0, FN: 3} // F1 2/5
	if got, want := MacroF1([]PRF{a, b}), (2.0/3+2.0/5)/2; !near(got, want) {
		t.Errorf("macro F1 = %v, want %v", got, want)
	}
	m := MicroPRF([]PRF{a, b})
	if m != (PRF{TP: 4, FP: 2, FN: 4}) {
		t.Errorf("micro counts = %+v", m)
	}
	// 2·4 / (8 + 2 + 4) = 8/14.
	if got := m.F1(); !near(got, 8.0/14) {
		t.Errorf("micro F1 = %v, want %v", got, 8.0/14)
	}
	if MacroF1(nil) != 0 {
		t.Error("macro F1 of nothing should be 0")
	}
}

func TestConfusion(t *testing.T) {
	c := NewConfusion("positive", "negative", "neutral", "mixed")
	add := func(g, p string, n int) {
		for range n {
			c.Add(g, p)
		}
	}
	add("positive", "positive", 3)
	add("positive", "negative", 1)
	add("positive", "mixed", 1)
	add("negative", "negative", 2)
	add("negative", "positive", 1)
	add("neutral", "positive", 1)
	add("neutral", "neutral", 1)

	if c.Total() != 10 || c.Correct() != 6 || !near(c.Accuracy(), 0.6) {
		t.Errorf("total %d correct %d accuracy %v", c.Total(), c.Correct(), c.Accuracy())
	}
	tests := []struct {
		label    string
		want     PRF
		p, r, f1 float64
	}{
		{"positive", PRF{TP: 3, FP: 2, FN: 2}, 0.6, 0.6, 0.6},
		{"negative", PRF{TP: 2, FP: 1, FN: 1}, 2.0 / 3, 2.0 / 3, 2.0 / 3},
		{"neutral", PRF{TP: 1, FP: 0, FN: 1}, 1, 0.5, 2.0 / 3},
		{"mixed", PRF{TP: 0, FP: 1, FN: 0}, 0, 0, 0},
	}
	var classes []PRF
	for _, tt := range tests {
		got := c.Class(tt.label)
		if got != tt.want {
			t.Errorf("%s: counts %+v, want %+v", tt.label, got, tt.want)
		}
		if !near(got.Precision(), tt.p) || !near(got.Recall(), tt.r) || !near(got.F1(), tt.f1) {
			t.Errorf("%s: P/R/F1 %v/%v/%v, want %v/%v/%v", tt.label, got.Precision(), got.Recall(), got.F1(), tt.p, tt.r, tt.f1)
		}
	}
	gold := c.GoldLabels()
	if !slices.Equal(gold, []string{"positive", "negative", "neutral"}) {
		t.Errorf("gold labels = %v", gold)
	}
	for _, l := range gold {
		classes = append(classes, c.Class(l))
	}
	if got, want := MacroF1(classes), (0.6+2.0/3+2.0/3)/3; !near(got, want) {
		t.Errorf("macro F1 = %v, want %v", got, want)
	}
	m := c.Matrix([]string{"positive", "negative"}, []string{"positive", "negative", "mixed"})
	want := [][]int{{3, 1, 1}, {1, 2, 0}}
	for i := range want {
		if !slices.Equal(m[i], want[i]) {
			t.Errorf("matrix row %d = %v, want %v", i, m[i], want[i])
		}
	}
	c.Add("conflict", "positive")
	if l := c.Labels(); l[len(l)-1] != "conflict" {
		t.Errorf("new label not appended: %v", l)
	}
	if c.Count("unknown", "positive") != 0 {
		t.Error("count of unknown label should be 0")
	}
}

func TestPearson(t *testing.T) {
	tests := []struct {
		name string
		x, y []float64
		want float64
		err  error
	}{
		// mean 3 and 4; Sxy = 6, Sxx = 10, Syy = 6; r = 6/√60.
		{"hand computed", []float64{1, 2, 3, 4, 5}, []float64{2, 4, 5, 4, 5}, 6 / math.Sqrt(60), nil},
		{"perfect negative", []float64{1, 2, 3}, []float64{3, 2, 1}, -1, nil},
		{"scale invariant", []float64{-1, 0, 1}, []float64{-0.2, 0, 0.2}, 1, nil},
		{"constant", []float64{1, 2, 3}, []float64{5, 5, 5}, 0, ErrConstant},
		{"too short", []float64{1}, []float64{1}, 0, ErrTooShort},
		{"length", []float64{1, 2}, []float64{1}, 0, ErrLength},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Pearson(tt.x, tt.y)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if !near(got, tt.want) {
				t.Errorf("r = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRanks(t *testing.T) {
	tests := []struct {
		name string
		in   []float64
		want []float64
	}{
		{"distinct", []float64{30, 10, 20}, []float64{3, 1, 2}},
		{"pair tie", []float64{10, 20, 20, 30}, []float64{1, 2.5, 2.5, 4}},
		{"triple tie", []float64{5, 5, 1, 5}, []float64{3, 3, 1, 3}},
		{"all tied", []float64{7, 7}, []float64{1.5, 1.5}},
		{"empty", nil, []float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Ranks(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("Ranks(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSpearman(t *testing.T) {
	tests := []struct {
		name string
		x, y []float64
		want float64
	}{
		// y ranks with ties: [1, 2.5, 4.5, 2.5, 4.5]; Sxy = 7, Sxx = 10,
		// Syy = 9; rho = 7/√90.
		{"ties", []float64{1, 2, 3, 4, 5}, []float64{2, 4, 5, 4, 5}, 7 / math.Sqrt(90)},
		{"monotone, not linear", []float64{1, 2, 3, 4}, []float64{1, 4, 9, 16}, 1},
		{"reversed", []float64{0.1, 0.5, 0.9}, []float64{3, 2, 1}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Spearman(tt.x, tt.y)
			if err != nil {
				t.Fatal(err)
			}
			if !near(got, tt.want) {
				t.Errorf("rho = %v, want %v", got, tt.want)
			}
		})
	}
}
