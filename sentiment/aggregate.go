package sentiment

import "math"

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
