package demo

import (
	"math/rand/v2"

	"github.com/feedbackd/feedbackd/corpus"
)

// Score distributions by intended sentiment: relative weights of each value
// from the scale's minimum up. They carry realistic noise: some happy
// customers give a 7, some angry ones still give an 8.
var (
	npsWeights = map[string][]float64{ // 0..10
		positive: {0, 0, 0, 0, 0, 1, 1, 3, 12, 30, 53},
		negative: {14, 10, 12, 13, 12, 13, 12, 7, 4, 2, 1},
		neutral:  {1, 1, 1, 2, 4, 10, 16, 24, 24, 11, 6},
		mixed:    {2, 2, 3, 6, 10, 16, 18, 20, 14, 6, 3},
	}
	csatWeights = map[string][]float64{ // 1..5
		positive: {1, 2, 6, 30, 61},
		negative: {48, 28, 15, 6, 3},
		neutral:  {5, 10, 35, 35, 15},
		mixed:    {10, 25, 35, 22, 8},
	}
	// CES is "the company made it easy to handle my issue", 1 (strongly
	// disagree) to 7 (strongly agree): higher is easier.
	cesWeights = map[string][]float64{ // 1..7
		positive: {1, 1, 2, 4, 10, 30, 52},
		negative: {30, 25, 18, 12, 8, 4, 3},
		neutral:  {3, 5, 10, 25, 25, 20, 12},
		mixed:    {8, 14, 20, 24, 18, 10, 6},
	}
)

// cesAnswered is the share of support tickets whose customer answered the
// effort question.
const cesAnswered = 0.8

// scores draws the scores a comment from source with intended sentiment
// label gets: NPS for the NPS survey, CSAT for the post-contact e-mail, CES
// for most support tickets, none elsewhere.
func scores(r *rand.Rand, source, label string) corpus.Scores {
	var s corpus.Scores
	switch source {
	case SourceNPS:
		s.NPS = ptr(corpus.NPSMin + pick(r, npsWeights[label]))
	case SourceCSAT:
		s.CSAT = ptr(corpus.CSATMin + pick(r, csatWeights[label]))
	case SourceTickets:
		if r.Float64() < cesAnswered {
			s.CES = ptr(corpus.CESMin + pick(r, cesWeights[label]))
		}
	}
	return s
}

func ptr(v int) *int { return &v }

// pick returns an index into weights drawn in proportion to them.
func pick(r *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// pickWeighted returns one value of ws drawn by weight.
func pickWeighted(r *rand.Rand, ws []weighted) string {
	w := make([]float64, len(ws))
	for i := range ws {
		w[i] = ws[i].w
	}
	return ws[pick(r, w)].v
}
