package index

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/sentiment"
)

// generator makes realistic synthetic comments for tests and benchmarks:
// about 25 words from touchpoint-specific phrases, a sentiment that
// matches the phrases, correlated scores, metadata and six months of dates.
type generator struct {
	r   *rand.Rand
	seq int
}

func newGenerator(seed uint64) *generator {
	return &generator{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

type topic struct {
	id       string
	audience corpus.Audience
	good     []string
	bad      []string
}

func topics() []topic {
	return []topic{
		{"billing/refunds", corpus.Customer,
			[]string{"the refund arrived within two days", "getting my money back was painless", "support processed the refund quickly"},
			[]string{"I am still waiting for my refund after three weeks", "the refund was rejected without any reason", "nobody answers about my refund"}},
		{"billing/invoices", corpus.Customer,
			[]string{"the invoice is clear and easy to read", "billing is transparent"},
			[]string{"the invoice shows the wrong amount again", "I was charged twice this month", "hidden fees on every invoice"}},
		{"delivery/speed", corpus.Customer,
			[]string{"the parcel arrived a day early", "delivery was fast and tracked"},
			[]string{"delivery was late by a week", "the courier never showed up", "tracking said delivered but nothing came"}},
		{"delivery/damage", corpus.Customer,
			[]string{"packaging was solid and nothing broke"},
			[]string{"the box arrived crushed and the item was broken", "the glass was shattered on arrival"}},
		{"support/agent", corpus.Customer,
			[]string{"the agent was friendly and solved it on the first call", "Maria on the chat was super helpful"},
			[]string{"the agent was rude and hung up on me", "I was transferred five times", "support kept me on hold for an hour"}},
		{"product/app", corpus.Customer,
			[]string{"the app is fast and easy to use", "love the new dashboard"},
			[]string{"the app crashes every time I log in", "the update broke the search", "the app is slow and confusing"}},
		{"people/manager", corpus.Employee,
			[]string{"my manager supports me and gives useful feedback", "my team lead listens"},
			[]string{"my manager never has time for one to ones", "decisions are made without asking the team"}},
		{"people/pay", corpus.Employee,
			[]string{"pay is fair for the market", "the bonus scheme is clear"},
			[]string{"payroll errors happen every month", "salaries have not kept up with inflation"}},
		{"workplace/tools", corpus.Employee,
			[]string{"laptops and tools are good", "the new VPN is reliable"},
			[]string{"the VPN drops all the time", "we still use a spreadsheet for everything"}},
	}
}

// comment returns the next synthetic comment.
func (g *generator) comment() corpus.Comment {
	g.seq++
	ts := topics()
	fillers := []string{"Honestly", "Overall", "To be fair", "Also", "On top of that", "This time", "As usual", "Frankly"}
	n := 1 + g.r.IntN(2)
	var parts []string
	var tps []classify.Touchpoint
	score := 0.0
	aud := corpus.Customer
	if g.r.IntN(5) == 0 {
		aud = corpus.Employee
	}
	for len(tps) < n {
		tp := ts[g.r.IntN(len(ts))]
		if tp.audience != aud {
			continue
		}
		good := g.r.IntN(100) < 45
		var phrase string
		var s float64
		if good {
			phrase, s = tp.good[g.r.IntN(len(tp.good))], 0.3+0.6*g.r.Float64()
		} else {
			phrase, s = tp.bad[g.r.IntN(len(tp.bad))], -0.3-0.6*g.r.Float64()
		}
		start := len(strings.Join(parts, ". "))
		if len(parts) > 0 {
			start += 2
		}
		filler := fillers[g.r.IntN(len(fillers))]
		text := filler + ", " + phrase
		parts = append(parts, text)
		score += s
		tps = append(tps, classify.Touchpoint{
			ID: tp.id, Label: tp.id, Sentiment: sentiment.Score{Label: labelOf(s), Score: s},
			SentimentFrom: "clause",
			Evidence:      []classify.Evidence{{Rule: "match", Term: phrase[:4], Start: start + len(filler) + 2, End: start + len(filler) + 6}},
			Mentions:      1,
		})
	}
	text := strings.Join(parts, ". ") + "."
	if g.r.IntN(3) == 0 {
		text += " Thanks for reading, I hope someone looks at this soon."
	}
	score /= float64(len(tps))
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.r.Int64N(int64(180 * 24 * time.Hour))))
	c := corpus.Comment{
		ID:         fmt.Sprintf("gen-%08d", g.seq),
		Source:     []string{"survey", "widget", "tickets", "hr"}[g.r.IntN(4)],
		Audience:   aud,
		Fields:     []corpus.TextField{{Name: "comment", Text: text}},
		CreatedAt:  created,
		ReceivedAt: created.Add(time.Duration(g.r.IntN(3600)) * time.Second),
		Meta: map[string]string{
			"channel": []string{"email", "chat", "phone", "web"}[g.r.IntN(4)],
			"region":  []string{"EU", "US", "APAC"}[g.r.IntN(3)],
		},
	}
	nps := min(10, max(0, int(5+score*6)+g.r.IntN(3)-1))
	c.Scores.NPS = &nps
	if g.r.IntN(2) == 0 {
		csat := min(5, max(1, int(3+score*2.5)))
		c.Scores.CSAT = &csat
	}
	c.Tags = &corpus.Tags{Result: classify.Result{
		Sentiment: sentiment.Result{
			Score:    sentiment.Score{Label: labelOf(score), Score: score},
			Evidence: []sentiment.Evidence{{Term: "x", Start: 0, End: 4, Source: "lexicon", Weight: score}},
		},
		Touchpoints:     tps,
		TaxonomyVersion: "gen-1",
		LexiconVersion:  "gen-1",
	}, TaggedAt: created}
	return c
}

func (g *generator) comments(n int) []corpus.Comment {
	out := make([]corpus.Comment, n)
	for i := range out {
		out[i] = g.comment()
	}
	return out
}

func labelOf(s float64) sentiment.Label {
	switch {
	case s > 0.05:
		return sentiment.Positive
	case s < -0.05:
		return sentiment.Negative
	default:
		return sentiment.Neutral
	}
}
