package digest

import "time"

// sample is a digest with every field set: LoadTemplates renders it to
// catch a template that parses but fails (a misspelt field), and the
// docs show it.
func sample() Content {
	end := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	p := Period{Start: end.AddDate(0, 0, -7), End: end, PrevStart: end.AddDate(0, 0, -14)}
	quote := func(id, text, label string, score float64) Quote {
		return Quote{ID: id, Text: text, Sentiment: label, Score: score, Link: "https://feedback.example.com/?open=" + id}
	}
	return Content{
		Digest: "weekly-pain-points", Title: "Weekly top pain points", Period: p,
		Scope: "Customer comments", Link: "https://feedback.example.com/?from=2026-11-16&to=2026-11-22",
		Headline: Headline{
			Volume:       Change{Value: 1840, Previous: 1712, HasPrevious: true},
			NetSentiment: Change{Value: -12, Previous: -4, HasPrevious: true},
			NPS:          Score{Change: Change{Value: 21.5, Previous: 24.6, HasPrevious: true}, N: 412, PreviousN: 398},
			CSAT:         Score{Change: Change{Value: 3.9, Previous: 4.1, HasPrevious: true}, N: 230, PreviousN: 241},
			CES:          Score{Change: Change{Value: 4.6, Previous: 4.4, HasPrevious: true}, N: 120, PreviousN: 96},
		},
		PainPoints: []Driver{{
			Touchpoint: "billing/refunds", Label: "Refunds",
			Volume:       Change{Value: 212, Previous: 160, HasPrevious: true},
			NetSentiment: Change{Value: -48, Previous: -33, HasPrevious: true},
			Impact:       Impact{Metric: "NPS", Value: -3.1, Low: -4.2, High: -2, Level: 0.95},
			Comments: []Quote{
				quote("c-101", "Still waiting for my refund after three weeks.", "negative", -0.6),
				quote("c-102", "The refund came, but only after two calls.", "mixed", -0.1),
			},
			Link: "https://feedback.example.com/?touchpoint=billing%2Frefunds",
		}},
		Improvements: []Driver{{
			Touchpoint: "delivery/tracking", Label: "Tracking",
			Volume:       Change{Value: 95, Previous: 120, HasPrevious: true},
			NetSentiment: Change{Value: 18, Previous: -2, HasPrevious: true},
			Impact:       Impact{Metric: "NPS", Value: 1.2, Low: 0.4, High: 2, Level: 0.95},
			Link:         "https://feedback.example.com/?touchpoint=delivery%2Ftracking",
		}},
		Anomalies: []Anomaly{{
			Summary: "Login complaints tripled", Touchpoint: "app/login", Label: "Login", Metric: "volume",
			Day: end.AddDate(0, 0, -3), Value: 64, Expected: 20, Link: "https://feedback.example.com/?touchpoint=app%2Flogin",
		}},
		EmergingTerms:     []Term{{Term: "double charged", Count: 41, PreviousCount: 3, Baseline: "the 8 weeks before", Link: "https://feedback.example.com/?q=%22double+charged%22"}},
		LittleDataMessage: "",
		Notes:             []string{"CES rests on 120 responses."},
		GeneratedAt:       end.Add(8 * time.Hour),
	}
}

// littleSample is sample with too little data.
func littleSample() Content {
	c := sample()
	c.LittleData = true
	c.LittleDataMessage = "Only 7 comments in this period (at least 20 are needed for figures)."
	return c
}
