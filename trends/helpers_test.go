package trends

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/index/facts"
	"github.com/feedbackd/feedbackd/sentiment"
)

// c describes a test comment.
type c struct {
	at       string // RFC 3339, or a date (09:00 UTC)
	label    sentiment.Label
	score    float64
	nps      int // -1: none
	csat     int // 0: none
	ces      int // 0: none
	tps      []string
	employee bool
	meta     map[string]string
	text     string
}

// build returns comments made from cs, ids c0, c1, …
func build(cs []c) []corpus.Comment {
	out := make([]corpus.Comment, 0, len(cs))
	for i, x := range cs {
		at, err := time.Parse(time.RFC3339, x.at)
		if err != nil {
			d, err2 := time.Parse(time.DateOnly, x.at)
			if err2 != nil {
				panic(err)
			}
			at = d.Add(9 * time.Hour)
		}
		cm := corpus.Comment{ID: "c" + strconv.Itoa(i), Source: "survey", Audience: corpus.Customer, CreatedAt: at,
			Fields: []corpus.TextField{{Name: "text", Text: x.text}}, Meta: x.meta}
		if x.employee {
			cm.Audience = corpus.Employee
		}
		if x.nps >= 0 {
			cm.Scores.NPS = intp(x.nps)
		}
		if x.csat > 0 {
			cm.Scores.CSAT = intp(x.csat)
		}
		if x.ces > 0 {
			cm.Scores.CES = intp(x.ces)
		}
		if x.label != "" {
			res := classify.Result{Sentiment: sentiment.Result{Score: sentiment.Score{Label: x.label, Score: x.score}}}
			for _, tp := range x.tps {
				res.Touchpoints = append(res.Touchpoints, classify.Touchpoint{ID: tp, Sentiment: sentiment.Score{Label: x.label, Score: x.score}})
			}
			cm.Tags = &corpus.Tags{Result: res}
		}
		out = append(out, cm)
	}
	return out
}

func intp(v int) *int { return &v }

// load copies every comment of a table in loc made from cs.
func load(t testing.TB, loc *time.Location, cs []c, o CopyOptions) *Data {
	t.Helper()
	tb := facts.New(loc)
	tb.Apply(build(cs), 1)
	v := tb.View()
	defer v.Close()
	rows := v.Live()
	return Copy(v, &rows, o)
}

// near reports whether got is want within 1e-3 (nil for NaN want).
func near(got *float64, want float64) bool {
	if math.IsNaN(want) {
		return got == nil
	}
	return got != nil && math.Abs(*got-want) < 1e-3
}

func val(f *float64) string {
	if f == nil {
		return "nil"
	}
	return strconv.FormatFloat(*f, 'g', 6, 64)
}

var nan = math.NaN()

func newTestRand() *rand.Rand { return rand.New(rand.NewPCG(1, 2)) }
