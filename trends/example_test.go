package trends_test

import (
	"fmt"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/index/facts"
	"github.com/feedbackd/feedbackd/sentiment"
	"github.com/feedbackd/feedbackd/trends"
)

func Example() {
	tb := facts.New(time.UTC)
	add := func(id, day string, nps int, label sentiment.Label, tp string) {
		at, _ := time.Parse(time.DateOnly, day)
		c := corpus.Comment{ID: id, Source: "survey", CreatedAt: at, Scores: corpus.Scores{NPS: &nps}}
		res := classify.Result{Sentiment: sentiment.Result{Score: sentiment.Score{Label: label}}}
		res.Touchpoints = []classify.Touchpoint{{ID: tp, Sentiment: sentiment.Score{Label: label}}}
		c.Tags = &corpus.Tags{Result: res}
		tb.Apply([]corpus.Comment{c}, 0)
	}
	add("a", "2026-03-02", 10, sentiment.Positive, "delivery")
	add("b", "2026-03-03", 2, sentiment.Negative, "billing")
	add("c", "2026-03-10", 9, sentiment.Positive, "delivery")
	add("d", "2026-03-11", 9, sentiment.Positive, "delivery")

	// Copy under the view's lock, then compute without it.
	v := tb.View()
	rows := v.Live()
	d := trends.Copy(v, &rows, trends.CopyOptions{})
	v.Close()

	tr, _ := d.Trends(trends.TrendOptions{Interval: trends.Week})
	for _, p := range tr.Overall.Points {
		fmt.Printf("%s n=%d NPS %+.0f net sentiment %+.0f\n", p.Start, p.N, *p.NPS.Value, *p.NetSentiment.Value)
	}
	dr, _ := d.Drivers(trends.DriverOptions{Metric: trends.NPS, MinVolume: 1})
	for _, x := range dr.Drivers {
		fmt.Printf("%s: NPS %+.0f with, %+.0f without, impact %+.1f\n", x.Touchpoint, *x.ScoreWith, *x.ScoreWithout, *x.Impact)
	}
	// Output:
	// 2026-03-02 n=2 NPS +0 net sentiment +0
	// 2026-03-09 n=2 NPS +100 net sentiment +100
	// billing: NPS -100 with, +100 without, impact -50.0
	// delivery: NPS +100 with, -100 without, impact +150.0
}
