package demo_test

import (
	"fmt"
	"time"

	"github.com/feedbackd/feedbackd/corpus/demo"
)

func ExampleGenerate() {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	comments := demo.Generate(now, demo.DefaultSeed)
	first, last := comments[0], comments[len(comments)-1]
	fmt.Println(len(comments) > 2900, first.ID, last.CreatedAt.Before(now))
	// Output: true demo-00001 true
}

func ExampleStories() {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for _, s := range demo.Stories(now) {
		fmt.Println(s.Start.Format(time.DateOnly), s.Name)
	}
	// Output:
	// 2026-05-22 warehouse-workload
	// 2026-09-11 courier-switch
	// 2026-10-09 app-release
	// 2026-11-06 double-charge
}
