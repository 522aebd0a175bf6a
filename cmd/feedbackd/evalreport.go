package main

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/metrics"
	"github.com/feedbackd/feedbackd/sentiment"
)

// report is what `feedbackd eval` prints for one file; --format json
// writes it as is.
type report struct {
	File            string            `json:"file"`
	Items           int               `json:"items"`
	FailedLines     int               `json:"failed_lines"`
	TaxonomyVersion string            `json:"taxonomy_version"`
	LexiconVersion  string            `json:"lexicon_version"`
	Labels          *labelReport      `json:"labels,omitempty"`
	Ratings         *ratingReport     `json:"ratings,omitempty"`
	Touchpoints     *touchpointReport `json:"touchpoints,omitempty"`
}

// classFigures are one class's figures (a sentiment label or a touchpoint).
type classFigures struct {
	Class     string  `json:"class"`
	Support   int     `json:"support"`   // gold instances
	Predicted int     `json:"predicted"` // predicted instances
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

// matrix is a confusion matrix: Counts[i][j] comments had gold label
// Gold[i] and predicted label Predicted[j].
type matrix struct {
	Gold      []string `json:"gold"`
	Predicted []string `json:"predicted"`
	Counts    [][]int  `json:"counts"`
}

// classReport is a set of per-class figures with their summary.
type classReport struct {
	N         int            `json:"n"`
	Accuracy  float64        `json:"accuracy"`
	Classes   []classFigures `json:"classes"`
	MacroF1   float64        `json:"macro_f1"` // mean F1 over the gold classes
	Confusion matrix         `json:"confusion"`
}

type labelReport struct {
	classReport // predicted "mixed" is its own class here
	// PredictedMixed counts comments predicted "mixed".
	PredictedMixed int `json:"predicted_mixed"`
	// BinaryAccuracy is set when the gold labels are only positive and
	// negative: predicted positive iff score >= 0.
	BinaryAccuracy *float64 `json:"binary_accuracy,omitempty"`
	// ThreeClass is set when the gold labels include neutral: predicted
	// "mixed" mapped by the sign of its score, gold "mixed" left out.
	ThreeClass *classReport `json:"three_class,omitempty"`
}

type ratingReport struct {
	N        int      `json:"n"`
	Pearson  *float64 `json:"pearson,omitempty"` // absent when undefined (constant series)
	Spearman *float64 `json:"spearman,omitempty"`
	// ThreeClass: gold >= 0.05 positive, <= -0.05 negative, else neutral;
	// predicted "mixed" mapped by the sign of its score.
	ThreeClass     classReport `json:"three_class"`
	PredictedMixed int         `json:"predicted_mixed"`
}

type touchpointReport struct {
	N           int            `json:"n"` // comments with gold touchpoints
	Touchpoints []classFigures `json:"touchpoints"`
	Micro       classFigures   `json:"micro"`
	MacroF1     float64        `json:"macro_f1"`
	// Outside counts predicted ids under no gold id; they are not counted
	// as false positives, since the gold set does not cover them.
	Outside  map[string]int  `json:"predicted_outside_gold,omitempty"`
	Polarity *polarityReport `json:"polarity,omitempty"`
}

// polarityReport is the aspect polarity accuracy over gold touchpoints that
// have a polarity and were found.
type polarityReport struct {
	N         int     `json:"n"`
	Correct   int     `json:"correct"`
	Accuracy  float64 `json:"accuracy"`
	Confusion matrix  `json:"confusion"`
}

var (
	sentimentLabels = []string{"positive", "negative", "neutral", "mixed"}
	polarityLabels  = []string{"positive", "negative", "neutral", "conflict"}
)

// buildReport computes every figure the gold data allows.
func buildReport(items []evalItem) report {
	rep := report{Items: len(items)}
	rep.Labels = labelFigures(items)
	rep.Ratings = ratingFigures(items)
	rep.Touchpoints = touchpointFigures(items)
	return rep
}

func labelFigures(items []evalItem) *labelReport {
	raw := metrics.NewConfusion(sentimentLabels...)
	three := metrics.NewConfusion(sentimentLabels[:3]...)
	binaryOnly, correctBinary, mixed := true, 0, 0
	for _, it := range items {
		g := it.gold.Label
		if g == "" {
			continue
		}
		raw.Add(g, string(it.pred.Label))
		if it.pred.Label == sentiment.Mixed {
			mixed++
		}
		if g != "positive" && g != "negative" {
			binaryOnly = false
		}
		if (it.pred.Score >= 0) == (g == "positive") {
			correctBinary++
		}
		if g != "mixed" {
			three.Add(g, signLabel(it.pred))
		}
	}
	if raw.Total() == 0 {
		return nil
	}
	rep := &labelReport{classReport: classFiguresOf(raw, sentimentLabels), PredictedMixed: mixed}
	if binaryOnly {
		acc := round4(float64(correctBinary) / float64(raw.Total()))
		rep.BinaryAccuracy = &acc
	}
	if three.GoldCount("neutral") > 0 {
		tc := classFiguresOf(three, sentimentLabels[:3])
		rep.ThreeClass = &tc
	}
	return rep
}

func ratingFigures(items []evalItem) *ratingReport {
	var gold, pred []float64
	three := metrics.NewConfusion(sentimentLabels[:3]...)
	mixed := 0
	for _, it := range items {
		if it.gold.Rating == nil {
			continue
		}
		r := *it.gold.Rating
		gold = append(gold, r)
		pred = append(pred, it.pred.Score)
		three.Add(bandLabel(r), signLabel(it.pred))
		if it.pred.Label == sentiment.Mixed {
			mixed++
		}
	}
	if len(gold) == 0 {
		return nil
	}
	rep := &ratingReport{N: len(gold), ThreeClass: classFiguresOf(three, sentimentLabels[:3]), PredictedMixed: mixed}
	if r, err := metrics.Pearson(pred, gold); err == nil {
		r = round4(r)
		rep.Pearson = &r
	}
	if rho, err := metrics.Spearman(pred, gold); err == nil {
		rho = round4(rho)
		rep.Spearman = &rho
	}
	return rep
}

// classFiguresOf summarises a confusion matrix over the given label order:
// per-class figures for every label seen as gold or predicted, macro-F1
// over the gold labels.
func classFiguresOf(c *metrics.Confusion, order []string) classReport {
	labels := orderLabels(c.Labels(), order)
	var seen, goldLabels []string
	var gold []metrics.PRF
	rep := classReport{N: c.Total(), Accuracy: round4(c.Accuracy())}
	for _, l := range labels {
		prf := c.Class(l)
		if prf.Support() == 0 && c.PredictedCount(l) == 0 {
			continue
		}
		seen = append(seen, l)
		rep.Classes = append(rep.Classes, figures(l, prf))
		if prf.Support() > 0 {
			goldLabels = append(goldLabels, l)
			gold = append(gold, prf)
		}
	}
	rep.MacroF1 = round4(metrics.MacroF1(gold))
	rep.Confusion = matrix{Gold: goldLabels, Predicted: seen, Counts: c.Matrix(goldLabels, seen)}
	return rep
}

func figures(class string, p metrics.PRF) classFigures {
	return classFigures{
		Class: class, Support: p.Support(), Predicted: p.TP + p.FP,
		Precision: round4(p.Precision()), Recall: round4(p.Recall()), F1: round4(p.F1()),
	}
}

// orderLabels puts labels in the given order, unknown ones after, sorted.
func orderLabels(labels, order []string) []string {
	out := slices.Clone(labels)
	rank := func(l string) int {
		if i := slices.Index(order, l); i >= 0 {
			return i
		}
		return len(order)
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank(out[i]), rank(out[j])
		if ri != rj {
			return ri < rj
		}
		return out[i] < out[j]
	})
	return out
}

// signLabel maps a predicted "mixed" to positive or negative by the sign of
// its score (neutral at exactly 0); other labels stay.
func signLabel(s sentiment.Score) string {
	if s.Label != sentiment.Mixed {
		return string(s.Label)
	}
	switch {
	case s.Score > 0:
		return "positive"
	case s.Score < 0:
		return "negative"
	default:
		return "neutral"
	}
}

// bandLabel classes a rating with a neutral band of ±0.05 (VADER's).
func bandLabel(r float64) string {
	switch {
	case r >= 0.05:
		return "positive"
	case r <= -0.05:
		return "negative"
	default:
		return "neutral"
	}
}

// polarity normalises an aspect polarity label; "mixed" is "conflict".
func polarity(l string) string {
	l = strings.ToLower(strings.TrimSpace(l))
	if l == "mixed" {
		return "conflict"
	}
	return l
}

func round4(v float64) float64 { return math.Round(v*10000) / 10000 }
