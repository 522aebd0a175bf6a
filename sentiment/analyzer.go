// Package sentiment scores the sentiment of customer and employee comments
// with a lexicon and rules, and explains every score.
//
// The scorer is our own; it borrows the general English valence lexicon and
// emoji lexicon of VADER (through github.com/jonreiter/govader) and adds a
// customer-experience domain layer kept as data (configs/sentiment.yaml).
// Text is tokenized with prose v3. The package does no I/O and keeps no
// global state; an Analyzer is built once per process and is safe for
// concurrent use.
package sentiment

import (
	"sort"
)

// Analyzer scores comments.
type Analyzer struct {
	tz  *Tokenizer
	lex *Lexicon
}

// New returns an Analyzer using the tokenizer the lexicon was loaded with.
func New(tz *Tokenizer, lex *Lexicon) *Analyzer {
	return &Analyzer{tz: tz, lex: lex}
}

// Tokenizer returns the analyzer's tokenizer.
func (a *Analyzer) Tokenizer() *Tokenizer { return a.tz }

// Lexicon returns the analyzer's lexicon.
func (a *Analyzer) Lexicon() *Lexicon { return a.lex }

// Analyze prepares and scores one comment.
func (a *Analyzer) Analyze(raw string) Result {
	return a.Score(a.tz.Prepare(raw))
}

// mixedPart is how strongly a clause must lean each way for a comment to be
// mixed, and mixedCeiling how far the overall score may lean before one side
// clearly wins.
const (
	mixedPart    = 0.3
	mixedCeiling = 0.5
	questionDamp = 0.1
)

// Score scores a prepared text.
//
// Each sentiment-bearing token or phrase becomes one Evidence entry whose
// Weight is its valence after caps emphasis, boosters, negation and contrast
// weighting. A sentence's score is its normalised sum of weights plus "!"
// and "?" emphasis; the comment's score is the normalised sum over all
// sentences. A comment with a clearly positive and a clearly negative clause
// whose overall score stays moderate is labelled mixed.
func (a *Analyzer) Score(t *Text) Result {
	var res Result
	if len(t.Tokens) == 0 {
		res.Label = Neutral
		return res
	}
	var phraseBuf [8]Match
	phrases := a.pickPhrases(a.lex.phraseMatch.FindAll(t, phraseBuf[:0]))
	weights := clauseWeights(t)

	next := 0 // next phrase to place
	for i := 0; i < len(t.Tokens); i++ {
		if next < len(phrases) && phrases[next].From == i {
			m := phrases[next]
			next++
			ph := a.lex.phrases[m.Pattern]
			if ph.valence == 0 {
				// A neutral phrase masks its words: "to be honest"
				// is not praise.
				i = m.To - 1
				continue
			}
			ev := Evidence{
				Term: t.Raw[t.Tokens[m.From].Start:t.Tokens[m.To-1].End], Start: t.Tokens[m.From].Start, End: t.Tokens[m.To-1].End,
				Source: "phrase", Rule: ph.id, Valence: ph.valence, Tokens: m.Span,
			}
			a.modify(t, m.Span, &ev, weights, ph.negatable)
			res.Evidence = append(res.Evidence, ev)
			i = m.To - 1
			continue
		}
		v, source, rule := a.valenceAt(t, i)
		if v == 0 {
			continue
		}
		tok := &t.Tokens[i]
		ev := Evidence{Term: tok.Text, Start: tok.Start, End: tok.End, Source: source, Rule: rule, Valence: v, Tokens: Span{i, i + 1}}
		a.modify(t, ev.Tokens, &ev, weights, true)
		res.Evidence = append(res.Evidence, ev)
	}
	a.aggregate(t, &res)
	return res
}

// pickPhrases keeps the longest of overlapping phrase matches, ordered by
// position.
func (a *Analyzer) pickPhrases(ms []Match) []Match {
	if len(ms) < 2 {
		return ms
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].From != ms[j].From {
			return ms[i].From < ms[j].From
		}
		return ms[i].Len() > ms[j].Len()
	})
	out := ms[:1]
	for _, m := range ms[1:] {
		if m.From >= out[len(out)-1].To {
			out = append(out, m)
		}
	}
	return out
}

// valenceAt returns the valence of token i on its own, before modifiers.
func (a *Analyzer) valenceAt(t *Text, i int) (float64, string, string) {
	tok := &t.Tokens[i]
	switch tok.Kind {
	case Emoji:
		if e, ok := a.lex.emoji[tok.Text]; ok {
			return e.valence, e.source, e.note
		}
		if e, ok := a.lex.emoji[trimEmojiModifiers(tok.Text)]; ok {
			return e.valence, e.source, e.note
		}
		return 0, "", ""
	case Emoticon:
		if e, ok := a.lex.words[tok.Text]; ok {
			return e.valence, "emoticon", ""
		}
		if e, ok := a.lex.words[tok.Norm]; ok {
			return e.valence, "emoticon", ""
		}
		return 0, "", ""
	case Word:
	default:
		return 0, "", ""
	}
	if _, ok := boosters[tok.Norm]; ok {
		return 0, "", ""
	}
	if (tok.Norm == "kind" || tok.Norm == "sort") && i+1 < len(t.Tokens) && t.Tokens[i+1].Norm == "of" {
		return 0, "", "" // "kind of slow" is a dampener, not kindness
	}
	if tok.Norm == "no" && a.sentimentFollows(t, i) {
		return 0, "", "" // "no" acts as a negator of what follows
	}
	if rules, ok := a.lex.context[tok.Norm]; ok {
		for _, r := range rules {
			if r.fires(t, i) {
				return r.valence, "context", r.id
			}
		}
	}
	if e, ok := a.lex.words[tok.Norm]; ok {
		rule := ""
		if e.source == "context" {
			rule = tok.Norm + " (no context rule fired: default)"
		}
		return e.valence, e.source, rule
	}
	return 0, "", ""
}

// sentimentFollows reports whether a sentiment word follows token i within
// two tokens in the same clause.
func (a *Analyzer) sentimentFollows(t *Text, i int) bool {
	for j := i + 1; j <= i+2 && j < len(t.Tokens); j++ {
		if t.Tokens[j].Clause != t.Tokens[i].Clause {
			return false
		}
		if e, ok := a.lex.words[t.Tokens[j].Norm]; ok && e.valence != 0 {
			return true
		}
	}
	return false
}

// fires reports whether the rule applies to token i: its part of speech
// matches (when the rule names one) and one of its cues starts within its
// window, in the same sentence (when it has cues).
func (r *contextRule) fires(t *Text, i int) bool {
	if r.pos != "" && !t.isPOS(i, r.pos) {
		return false
	}
	if len(r.cues) == 0 {
		return true
	}
	sent := t.Tokens[i].Sentence
	lo, hi := max(0, i-r.within), min(len(t.Tokens)-1, i+r.within)
	for j := lo; j <= hi; j++ {
		if j == i || t.Tokens[j].Sentence != sent {
			continue
		}
		for _, p := range r.cues {
			if end, ok := p.MatchAt(t, j); ok && (end <= i || j > i) {
				return true
			}
		}
	}
	return false
}

// clauseWeights returns each clause's contrast weight, or nil when the text
// has no contrast at all (the common case, which then costs nothing). It is
// linear in the number of clauses.
func clauseWeights(t *Text) []float64 {
	var w []float64
	for s, sent := range t.Sentences {
		first, last := t.Tokens[sent.From].Clause, t.Tokens[sent.To-1].Clause
		pivot, concessive := -1, false
		for c := first; c <= last; c++ {
			opener := t.Tokens[t.Clauses[c].From].Norm
			if contrastOpeners[opener] && pivot < 0 {
				pivot = c
			}
			concessive = concessive || concessives[opener]
		}
		if pivot < 0 && !concessive {
			continue
		}
		if w == nil {
			w = ones(len(t.Clauses))
		}
		if pivot >= 0 {
			// "But ..." or "However, ..." opening a sentence outweighs the
			// sentence before it; inside a sentence it outweighs the
			// clauses before it.
			if pivot == first && s > 0 {
				prev := t.Sentences[s-1]
				for c := t.Tokens[prev.From].Clause; c <= t.Tokens[prev.To-1].Clause; c++ {
					w[c] = contrastBefore
				}
			}
			for c := first; c <= last; c++ {
				if c < pivot {
					w[c] = contrastBefore
				} else {
					w[c] = contrastAfter
				}
			}
		}
		if concessive {
			// A concessive clause ("although the staff were nice") weighs
			// less than the rest of its sentence.
			for c := first; c <= last; c++ {
				if concessives[t.Tokens[t.Clauses[c].From].Norm] {
					w[c] = contrastBefore
				} else if w[c] == 1 {
					w[c] = contrastAfter
				}
			}
		}
	}
	return w
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}
