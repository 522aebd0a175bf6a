package metrics

// Confusion is a confusion matrix over string labels: rows are gold labels,
// columns predicted labels. Labels given to NewConfusion keep their order;
// labels first seen in Add are appended.
type Confusion struct {
	labels []string
	index  map[string]int
	counts map[[2]int]int
	total  int
}

// NewConfusion returns an empty matrix with the given labels in order.
func NewConfusion(labels ...string) *Confusion {
	c := &Confusion{index: map[string]int{}, counts: map[[2]int]int{}}
	for _, l := range labels {
		c.label(l)
	}
	return c
}

func (c *Confusion) label(l string) int {
	i, ok := c.index[l]
	if !ok {
		i = len(c.labels)
		c.index[l] = i
		c.labels = append(c.labels, l)
	}
	return i
}

// Add counts one instance with its gold and predicted label.
func (c *Confusion) Add(gold, pred string) {
	c.counts[[2]int{c.label(gold), c.label(pred)}]++
	c.total++
}

// Labels returns every label seen, in order.
func (c *Confusion) Labels() []string { return append([]string(nil), c.labels...) }

// Count returns how many instances had this gold and predicted label.
func (c *Confusion) Count(gold, pred string) int {
	g, ok1 := c.index[gold]
	p, ok2 := c.index[pred]
	if !ok1 || !ok2 {
		return 0
	}
	return c.counts[[2]int{g, p}]
}

// Total is the number of instances.
func (c *Confusion) Total() int { return c.total }

// Correct is the number of instances on the diagonal.
func (c *Confusion) Correct() int {
	n := 0
	for i := range c.labels {
		n += c.counts[[2]int{i, i}]
	}
	return n
}

// Accuracy is Correct / Total (0 when empty).
func (c *Confusion) Accuracy() float64 { return ratio(c.Correct(), c.total) }

// GoldCount is the number of instances whose gold label is l.
func (c *Confusion) GoldCount(l string) int {
	n := 0
	for _, p := range c.labels {
		n += c.Count(l, p)
	}
	return n
}

// PredictedCount is the number of instances predicted as l.
func (c *Confusion) PredictedCount(l string) int {
	n := 0
	for _, g := range c.labels {
		n += c.Count(g, l)
	}
	return n
}

// Class returns the one-vs-rest counts for label l.
func (c *Confusion) Class(l string) PRF {
	tp := c.Count(l, l)
	return PRF{TP: tp, FP: c.PredictedCount(l) - tp, FN: c.GoldCount(l) - tp}
}

// GoldLabels returns the labels that occur as gold, in label order.
func (c *Confusion) GoldLabels() []string {
	var out []string
	for _, l := range c.labels {
		if c.GoldCount(l) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// Matrix returns the counts as rows (gold) by columns (predicted) over the
// given labels.
func (c *Confusion) Matrix(gold, pred []string) [][]int {
	m := make([][]int, len(gold))
	for i, g := range gold {
		m[i] = make([]int, len(pred))
		for j, p := range pred {
			m[i][j] = c.Count(g, p)
		}
	}
	return m
}
