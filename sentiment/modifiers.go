package sentiment

import (
	"math"
	"strings"
)

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
