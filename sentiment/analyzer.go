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
	"math"
	"sort"
	"strings"
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

// modify applies caps emphasis, boosters, negation and the clause's
// contrast weight to one piece of evidence covering span.
func (a *Analyzer) modify(t *Text, span Span, ev *Evidence, weights []float64, negatable bool) {
	v := ev.Valence
	sign := 1.0
	if v < 0 {
		sign = -1
	}
	first := &t.Tokens[span.From]
	clause := first.Clause

	shouted := false
	for k := span.From; k < span.To; k++ {
		shouted = shouted || t.Tokens[k].Caps
	}
	if shouted && t.CapsRatio < 1 {
		v += sign * capsBoost
		ev.Modifiers = append(ev.Modifiers, "caps")
	}

	negated := false
	for d := 1; d <= max(boostWindow, negationWindow); d++ {
		j := span.From - d
		if j < 0 || t.Tokens[j].Clause != clause {
			break
		}
		prev := &t.Tokens[j]
		if b, ok := boosters[prev.Norm]; ok && d <= boostWindow {
			step := boostStep * b * decay(d)
			if prev.Caps && t.CapsRatio < 1 {
				step += capsBoost * b
			}
			if math.Abs(v) > 0 {
				v += sign * step
			}
			ev.Modifiers = append(ev.Modifiers, modifierName(b, prev.Text))
			continue
		}
		if negatable && !negated && first.Kind == Word && d <= negationWindow && negators[prev.Norm] && !a.negationBroken(t, j, span.From) {
			negated = true
			if prev.Norm == "never" && intensifierBetween(t, j, span.From) {
				v *= 1.25 // "never been so happy"
				ev.Modifiers = append(ev.Modifiers, "intensified by "+quote(prev.Text))
				continue
			}
			v *= negationScalar
			ev.Modifiers = append(ev.Modifiers, "negated by "+quote(prev.Text))
		}
	}
	if weights != nil {
		w := weights[clause]
		if w != 1 {
			v *= w
			if w > 1 {
				ev.Modifiers = append(ev.Modifiers, "contrast: later clause ×1.5")
			} else {
				ev.Modifiers = append(ev.Modifiers, "contrast: earlier clause ×0.5")
			}
		}
	}
	if v > 0 && isQuestion(t, first.Sentence) {
		v *= questionDamp
		ev.Modifiers = append(ev.Modifiers, "question ×0.1")
	}
	ev.Weight = round3(v)
}

// isQuestion reports whether a sentence ends with a question mark. Positive
// words in a question ("can you help me change my seat?", "is there a good
// way to...?") ask for something rather than praise it, so they count for
// less; negative words in a question ("why is it late again?") still
// complain and keep their weight.
func isQuestion(t *Text, sentence int) bool {
	sent := t.Sentences[sentence]
	for i := sent.To - 1; i >= sent.From; i-- {
		tok := &t.Tokens[i]
		if tok.Kind != Punct {
			return false
		}
		if strings.Contains(tok.Text, "?") {
			return true
		}
	}
	return false
}

// negationBroken reports "not only", "no doubt" and the like between a
// negator at j and the word at i.
func (a *Analyzer) negationBroken(t *Text, j, i int) bool {
	return j+1 < len(t.Tokens) && j+1 <= i && negationBreakers[t.Tokens[j+1].Norm]
}

// intensifierBetween reports "so", "this" or "such" between j and i.
func intensifierBetween(t *Text, j, i int) bool {
	for k := j + 1; k < i; k++ {
		switch t.Tokens[k].Norm {
		case "so", "this", "such":
			return true
		}
	}
	return false
}

func decay(distance int) float64 {
	switch distance {
	case 1:
		return 1
	case 2:
		return 0.95
	default:
		return 0.9
	}
}

func modifierName(b float64, word string) string {
	if b > 0 {
		return "boosted by " + quote(word)
	}
	return "dampened by " + quote(word)
}

func quote(s string) string { return "\"" + s + "\"" }

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

// aggregate turns the evidence into sentence and comment scores, adding
// punctuation emphasis per sentence.
func (a *Analyzer) aggregate(t *Text, res *Result) {
	res.Sentences = make([]SentenceScore, len(t.Sentences))
	sums := make([]float64, len(t.Sentences))
	for i := range res.Evidence {
		sums[t.Tokens[res.Evidence[i].Tokens.From].Sentence] += res.Evidence[i].Weight
	}
	total := 0.0
	for s, sent := range t.Sentences {
		if emph, at := emphasis(t, sent, sums[s]); emph != 0 {
			tok := &t.Tokens[at]
			res.Evidence = append(res.Evidence, Evidence{
				Term: t.Raw[tok.Start:t.Tokens[sent.To-1].End], Start: tok.Start, End: t.Tokens[sent.To-1].End,
				Source: "emphasis", Valence: emph, Weight: round3(emph), Tokens: Span{at, sent.To},
			})
			sums[s] += emph
		}
		total += sums[s]
		v := normalizeSum(sums[s])
		res.Sentences[s] = SentenceScore{
			Start: t.Tokens[sent.From].Start, End: t.Tokens[sent.To-1].End,
			Score: Score{Label: labelOf(v), Score: round3(v)}, Tokens: sent,
		}
	}
	v := normalizeSum(total)
	res.Score = Score{Label: labelOf(v), Score: round3(v)}
	if math.Abs(v) < mixedCeiling && a.hasBothSides(t, res) {
		res.Label = Mixed
	}
}

// hasBothSides reports a clearly positive and a clearly negative clause,
// judged on unweighted valences so contrast weighting does not hide a part.
func (a *Analyzer) hasBothSides(t *Text, res *Result) bool {
	if len(res.Evidence) < 2 {
		return false
	}
	pos, neg := false, false
	sum, clause := 0.0, -1
	flush := func() {
		v := normalizeSum(sum)
		pos = pos || v >= mixedPart
		neg = neg || v <= -mixedPart
	}
	for i := range res.Evidence {
		e := &res.Evidence[i]
		c := t.Tokens[e.Tokens.From].Clause
		if c != clause && clause >= 0 {
			flush()
			sum = 0
		}
		clause = c
		sum += unweighted(e)
	}
	flush()
	return pos && neg
}

// unweighted undoes the contrast weight of a piece of evidence.
func unweighted(e *Evidence) float64 {
	for _, m := range e.Modifiers {
		switch m {
		case "contrast: later clause ×1.5":
			return e.Weight / contrastAfter
		case "contrast: earlier clause ×0.5":
			return e.Weight / contrastBefore
		}
	}
	return e.Weight
}

// emphasis returns the "!" and "?" emphasis of a sentence in the direction
// of its sum, and the token where the run starts.
func emphasis(t *Text, sent Span, sum float64) (float64, int) {
	if sum == 0 {
		return 0, 0
	}
	excl, quest, at := 0, 0, -1
	for i := sent.From; i < sent.To; i++ {
		tok := &t.Tokens[i]
		if tok.Kind != Punct {
			continue
		}
		for _, r := range tok.Text {
			switch r {
			case '!':
				excl++
			case '?':
				quest++
			default:
				continue
			}
			if at < 0 {
				at = i
			}
		}
	}
	amp := float64(min(excl, maxExclaims)) * exclaimStep
	if quest > 1 {
		amp += math.Min(float64(quest)*questionStep, maxQuestion)
	}
	if amp == 0 {
		return 0, 0
	}
	if sum < 0 {
		amp = -amp
	}
	return amp, at
}

// trimEmojiModifiers drops variation selectors and skin tones.
func trimEmojiModifiers(s string) string {
	out := make([]rune, 0, 2)
	for _, r := range s {
		if r == 0xFE0F || r == 0x200D || (r >= 0x1F3FB && r <= 0x1F3FF) {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}
