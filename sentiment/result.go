package sentiment

import (
	"cmp"
	"math"
	"slices"
)

// Label is the sentiment class of a comment, clause or touchpoint.
type Label string

// Labels.
const (
	Positive Label = "positive"
	Negative Label = "negative"
	Neutral  Label = "neutral"
	// Mixed marks a comment with clearly positive and clearly negative parts.
	Mixed Label = "mixed"
)

// Score is a sentiment score in [-1, 1] with its label.
type Score struct {
	Label Label   `json:"label"`
	Score float64 `json:"score"`
}

// Evidence is one contribution to a score: a lexicon word, a domain phrase,
// an emoji or punctuation emphasis, with where it is and what changed it.
type Evidence struct {
	Term  string `json:"term"`  // the text as written
	Start int    `json:"start"` // byte offset in the comment
	End   int    `json:"end"`   // byte offset just past the term
	// Source names where the valence came from: "lexicon" (the general
	// English lexicon), "domain" (the customer-experience lexicon), "phrase"
	// (a multi-word rule), "context" (a word whose polarity depends on its
	// neighbours), "emoji", "emoticon" or "emphasis" ("!!!").
	Source string `json:"source"`
	Rule   string `json:"rule,omitempty"` // the phrase or context rule that fired
	// Valence is the entry's own valence on the lexicon's -4..+4 scale;
	// Weight is what it contributed after the modifiers.
	Valence   float64  `json:"valence"`
	Weight    float64  `json:"weight"`
	Modifiers []string `json:"modifiers,omitempty"`

	Tokens Span `json:"-"` // token range, for aspect scoring
}

// SentenceScore is the score of one sentence.
type SentenceScore struct {
	Start int `json:"start"` // byte offsets of the sentence
	End   int `json:"end"`
	Score
	Tokens Span `json:"-"`
}

// Result is the sentiment of a comment with its explanation.
type Result struct {
	Score
	Sentences []SentenceScore `json:"sentences,omitempty"`
	Evidence  []Evidence      `json:"evidence,omitempty"`
}

// alpha is VADER's normalisation constant: sum/sqrt(sum²+alpha) maps a sum
// of valences into (-1, 1), with a sum of 4 reaching about 0.72.
const alpha = 15

// normalizeSum maps a sum of valences into (-1, 1).
func normalizeSum(sum float64) float64 {
	if sum == 0 {
		return 0
	}
	n := sum / math.Sqrt(sum*sum+alpha)
	return math.Max(-1, math.Min(1, n))
}

// neutralBand is the half-width of the neutral band around zero.
const neutralBand = 0.05

// labelOf returns the label of a normalised score.
func labelOf(score float64) Label {
	switch {
	case score >= neutralBand:
		return Positive
	case score <= -neutralBand:
		return Negative
	default:
		return Neutral
	}
}

// SpanScore scores the evidence that lies inside a token span, such as the
// clause that mentions a touchpoint. It returns a neutral score when no
// evidence falls inside the span.
func (r *Result) SpanScore(s Span) (Score, bool) {
	return r.SpansScore([]Span{s})
}

// SpansScore scores the evidence that lies inside any of several token spans
// (sorted by position, not overlapping), such as the clauses that mention a
// touchpoint in different sentences. It reports false when none lies inside.
// Evidence need not be in token order: "!!!" emphasis is appended after the
// words of every sentence.
func (r *Result) SpansScore(spans []Span) (Score, bool) {
	sum, n := 0.0, 0
	for i := range r.Evidence {
		from := r.Evidence[i].Tokens.From
		k, _ := slices.BinarySearchFunc(spans, from, func(s Span, t int) int { return cmp.Compare(s.To, t+1) })
		if k < len(spans) && from >= spans[k].From {
			sum += r.Evidence[i].Weight
			n++
		}
	}
	if n == 0 {
		return Score{Label: Neutral}, false
	}
	v := normalizeSum(sum)
	return Score{Label: labelOf(v), Score: round3(v)}, true
}

// round3 rounds to three decimals so outputs are stable and readable.
func round3(v float64) float64 { return math.Round(v*1000) / 1000 }
