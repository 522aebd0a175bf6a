package metrics_test

import (
	"fmt"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/metrics"
)

func ExampleConfusion() {
	c := metrics.NewConfusion("positive", "negative", "neutral")
	c.Add("positive", "positive")
	c.Add("positive", "neutral")
	c.Add("negative", "negative")
	c.Add("neutral", "negative")
	p := c.Class("negative")
	fmt.Printf("negative: P %.2f R %.2f F1 %.2f\n", p.Precision(), p.Recall(), p.F1())
	fmt.Printf("accuracy %.2f\n", c.Accuracy())
	// Output:
	// negative: P 0.50 R 1.00 F1 0.67
	// accuracy 0.50
}

func ExampleSpearman() {
	score := []float64{0.9, 0.1, 0.1, -0.8}
	rating := []float64{1, 0.2, 0.3, -1}
	rho, err := metrics.Spearman(score, rating)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("rho %.3f\n", rho)
	// Output:
	// rho 0.949
}
