package main

import (
	"slices"
	"strings"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/metrics"
	"github.com/feedbackd/feedbackd/sentiment"
)

// covers reports whether a predicted touchpoint id counts for a gold id:
// it is the gold id or one of its descendants ("food/quality" for "food").
func covers(goldID, predID string) bool {
	return predID == goldID || strings.HasPrefix(predID, goldID+"/")
}

// touchpointFigures scores touchpoint detection over the comments that have
// gold touchpoints. The classes are the gold ids seen anywhere in the file;
// for each comment and class, the class is gold when listed and predicted
// when any predicted id covers it.
func touchpointFigures(items []evalItem) *touchpointReport {
	var vocab []string
	n := 0
	for _, it := range items {
		if it.gold.Touchpoints == nil {
			continue
		}
		n++
		for _, g := range *it.gold.Touchpoints {
			if !slices.Contains(vocab, g.ID) {
				vocab = append(vocab, g.ID)
			}
		}
	}
	if n == 0 {
		return nil
	}
	slices.Sort(vocab)
	counts := make(map[string]*metrics.PRF, len(vocab))
	for _, id := range vocab {
		counts[id] = &metrics.PRF{}
	}
	outside := map[string]int{}
	pol := metrics.NewConfusion(polarityLabels...)

	for _, it := range items {
		if it.gold.Touchpoints == nil {
			continue
		}
		gold := map[string]string{} // id → polarity
		for _, g := range *it.gold.Touchpoints {
			gold[g.ID] = g.Label
		}
		for _, id := range vocab {
			matched := matching(it.tps, id)
			label, isGold := gold[id]
			c := counts[id]
			switch {
			case isGold && len(matched) > 0:
				c.TP++
				if label != "" {
					pol.Add(label, aspectPolarity(matched))
				}
			case isGold:
				c.FN++
			case len(matched) > 0:
				c.FP++
			}
		}
		for _, p := range it.tps {
			if !slices.ContainsFunc(vocab, func(g string) bool { return covers(g, p.id) }) {
				outside[p.id]++
			}
		}
	}

	rep := &touchpointReport{N: n}
	var all []metrics.PRF
	for _, id := range vocab {
		rep.Touchpoints = append(rep.Touchpoints, figures(id, *counts[id]))
		all = append(all, *counts[id])
	}
	rep.Micro = figures("micro", metrics.MicroPRF(all))
	rep.MacroF1 = round4(metrics.MacroF1(all))
	if len(outside) > 0 {
		rep.Outside = outside
	}
	if pol.Total() > 0 {
		gl := orderLabels(pol.GoldLabels(), polarityLabels)
		pl := orderLabels(seenPredicted(pol), polarityLabels)
		rep.Polarity = &polarityReport{
			N: pol.Total(), Correct: pol.Correct(), Accuracy: round4(pol.Accuracy()),
			Confusion: matrix{Gold: gl, Predicted: pl, Counts: pol.Matrix(gl, pl)},
		}
	}
	return rep
}

// matching returns the predicted touchpoints that count for goldID.
func matching(tps []predTouchpoint, goldID string) []sentiment.Score {
	var out []sentiment.Score
	for _, p := range tps {
		if covers(goldID, p.id) {
			out = append(out, p.score)
		}
	}
	return out
}

// aspectPolarity is the predicted polarity of a gold touchpoint from the
// predicted touchpoints that count for it: their label when there is one;
// "conflict" when they disagree in sign or one is mixed; otherwise the
// label of their mean score.
func aspectPolarity(scores []sentiment.Score) string {
	pos, neg, sum := false, false, 0.0
	for _, s := range scores {
		switch s.Label {
		case sentiment.Positive:
			pos = true
		case sentiment.Negative:
			neg = true
		case sentiment.Mixed:
			pos, neg = true, true
		}
		sum += s.Score
	}
	if pos && neg {
		return "conflict"
	}
	if len(scores) == 1 {
		return string(scores[0].Label)
	}
	return bandLabel(sum / float64(len(scores)))
}

// seenPredicted returns the labels that occur as predictions.
func seenPredicted(c *metrics.Confusion) []string {
	var out []string
	for _, l := range c.Labels() {
		if c.PredictedCount(l) > 0 {
			out = append(out, l)
		}
	}
	return out
}
