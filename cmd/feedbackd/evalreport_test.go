package main

import (
	"math"
	"reflect"
	"testing"

	"github.com/feedbackd/feedbackd/sentiment"
)

func sc(label string, score float64) sentiment.Score {
	return sentiment.Score{Label: sentiment.Label(label), Score: score}
}

func labelItem(label, pred string, score float64) evalItem {
	return evalItem{gold: gold{Label: label}, pred: sc(pred, score)}
}

func ratingItem(rating float64, pred string, score float64) evalItem {
	return evalItem{gold: gold{Rating: &rating}, pred: sc(pred, score)}
}

func tpItem(tps []goldTouchpoint, pred ...predTouchpoint) evalItem {
	if tps == nil {
		tps = []goldTouchpoint{}
	}
	return evalItem{gold: gold{Touchpoints: &tps}, tps: pred}
}

func ptp(id, label string, score float64) predTouchpoint {
	return predTouchpoint{id: id, score: sc(label, score)}
}

func gtp(id, label string) goldTouchpoint { return goldTouchpoint{ID: id, Label: label} }

// TestBuildReport checks every figure against a hand computation (see the
// comments for the arithmetic).
func TestBuildReport(t *testing.T) {
	items := []evalItem{
		// Labels, gold positive/negative only.
		labelItem("positive", "positive", 0.5),
		labelItem("positive", "mixed", 0.2), // binary: score >= 0, right
		labelItem("negative", "negative", -0.6),
		labelItem("negative", "neutral", 0),  // binary: 0 >= 0 says positive, wrong
		labelItem("negative", "mixed", -0.1), // binary right
		// Ratings.
		ratingItem(0.8, "positive", 0.6),
		ratingItem(-0.5, "mixed", -0.2), // mapped negative
		ratingItem(0.02, "positive", 0.1),
		ratingItem(-0.9, "negative", -0.7),
		// Touchpoints.
		tpItem([]goldTouchpoint{gtp("food", "positive")}, ptp("food/quality", "positive", 0.5)),
		tpItem([]goldTouchpoint{gtp("food", "negative"), gtp("service", "negative")}, ptp("service", "negative", -0.4), ptp("parking", "negative", -0.3)),
		tpItem(nil, ptp("service", "positive", 0.4)),
		tpItem([]goldTouchpoint{gtp("service", "conflict")}, ptp("service/staff", "positive", 0.3), ptp("service/speed", "negative", -0.5)),
		tpItem([]goldTouchpoint{gtp("food", "positive")}, ptp("food", "mixed", 0.1)),
	}
	rep := buildReport(items)
	if rep.Items != 14 {
		t.Errorf("items = %d", rep.Items)
	}

	l := rep.Labels
	if l == nil {
		t.Fatal("no label report")
	}
	// positive: TP 1, FP 0, FN 1 → P 1, R 0.5, F1 2/3.
	// negative: TP 1, FP 0, FN 2 → P 1, R 1/3, F1 0.5.
	wantClasses := []classFigures{
		{Class: "positive", Support: 2, Predicted: 1, Precision: 1, Recall: 0.5, F1: 0.6667},
		{Class: "negative", Support: 3, Predicted: 1, Precision: 1, Recall: 0.3333, F1: 0.5},
		{Class: "neutral", Support: 0, Predicted: 1},
		{Class: "mixed", Support: 0, Predicted: 2},
	}
	if !reflect.DeepEqual(l.Classes, wantClasses) {
		t.Errorf("label classes:\n got %+v\nwant %+v", l.Classes, wantClasses)
	}
	if l.N != 5 || l.Accuracy != 0.4 || l.MacroF1 != 0.5833 || l.PredictedMixed != 2 {
		t.Errorf("labels: n %d accuracy %v macro %v mixed %d", l.N, l.Accuracy, l.MacroF1, l.PredictedMixed)
	}
	if l.BinaryAccuracy == nil || *l.BinaryAccuracy != 0.8 {
		t.Errorf("binary accuracy = %v, want 0.8", l.BinaryAccuracy)
	}
	if l.ThreeClass != nil {
		t.Errorf("3-class figures without neutral gold")
	}
	wantM := matrix{Gold: []string{"positive", "negative"}, Predicted: []string{"positive", "negative", "neutral", "mixed"},
		Counts: [][]int{{1, 0, 0, 1}, {0, 1, 1, 1}}}
	if !reflect.DeepEqual(l.Confusion, wantM) {
		t.Errorf("confusion = %+v, want %+v", l.Confusion, wantM)
	}

	r := rep.Ratings
	if r == nil {
		t.Fatal("no rating report")
	}
	// Means -0.05 and -0.145; Sxy 1.183, Sxx 0.89, Syy 1.6163 → r 0.9863.
	// Both series rank [4 2 3 1] → rho 1.
	if r.N != 4 || r.Pearson == nil || *r.Pearson != 0.9863 || r.Spearman == nil || *r.Spearman != 1 {
		t.Errorf("ratings: n %d pearson %v spearman %v", r.N, deref(r.Pearson), deref(r.Spearman))
	}
	// Gold [pos neg neu neg], predicted (mixed mapped) [pos neg pos neg]:
	// F1 pos 2/3, neg 1, neu 0 → macro 0.5556, accuracy 0.75.
	if r.ThreeClass.Accuracy != 0.75 || r.ThreeClass.MacroF1 != 0.5556 || r.PredictedMixed != 1 {
		t.Errorf("ratings 3-class: accuracy %v macro %v mixed %d", r.ThreeClass.Accuracy, r.ThreeClass.MacroF1, r.PredictedMixed)
	}

	tp := rep.Touchpoints
	if tp == nil {
		t.Fatal("no touchpoint report")
	}
	// food: TP 2, FN 1 → P 1, R 2/3, F1 0.8. service: TP 2, FP 1 → F1 0.8.
	wantTP := []classFigures{
		{Class: "food", Support: 3, Predicted: 2, Precision: 1, Recall: 0.6667, F1: 0.8},
		{Class: "service", Support: 2, Predicted: 3, Precision: 0.6667, Recall: 1, F1: 0.8},
	}
	if !reflect.DeepEqual(tp.Touchpoints, wantTP) {
		t.Errorf("touchpoints:\n got %+v\nwant %+v", tp.Touchpoints, wantTP)
	}
	if tp.N != 5 || tp.Micro.F1 != 0.8 || tp.MacroF1 != 0.8 {
		t.Errorf("touchpoints: n %d micro %+v macro %v", tp.N, tp.Micro, tp.MacroF1)
	}
	if !reflect.DeepEqual(tp.Outside, map[string]int{"parking": 1}) {
		t.Errorf("outside = %v", tp.Outside)
	}
	// Found with a polarity: food+ (right), service- (right), service
	// conflict (right: one positive, one negative), food+ vs mixed (wrong).
	if p := tp.Polarity; p == nil || p.N != 4 || p.Correct != 3 || p.Accuracy != 0.75 {
		t.Errorf("polarity = %+v", tp.Polarity)
	}
}

func deref(p *float64) float64 {
	if p == nil {
		return math.NaN()
	}
	return *p
}

func TestBuildReportThreeClassLabels(t *testing.T) {
	rep := buildReport([]evalItem{
		labelItem("positive", "mixed", 0.3),  // mapped positive: right
		labelItem("neutral", "neutral", 0),   // right
		labelItem("negative", "mixed", -0.3), // mapped negative: right
		labelItem("mixed", "mixed", 0.1),     // left out of 3-class
	})
	l := rep.Labels
	if l.BinaryAccuracy != nil {
		t.Error("binary accuracy with neutral gold")
	}
	if l.ThreeClass == nil || l.ThreeClass.N != 3 || l.ThreeClass.Accuracy != 1 || l.ThreeClass.MacroF1 != 1 {
		t.Errorf("3-class = %+v", l.ThreeClass)
	}
	// As predicted, only the neutral and the gold-mixed comments are right.
	if l.Accuracy != 0.5 {
		t.Errorf("raw accuracy = %v, want 0.5", l.Accuracy)
	}
}

func TestCovers(t *testing.T) {
	tests := []struct {
		gold, pred string
		want       bool
	}{
		{"food", "food", true},
		{"food", "food/quality", true},
		{"food", "food/quality/taste", true},
		{"food", "foodcourt", false},
		{"food/quality", "food", false},
		{"anecdotes/miscellaneous", "anecdotes/miscellaneous", true},
	}
	for _, tt := range tests {
		if got := covers(tt.gold, tt.pred); got != tt.want {
			t.Errorf("covers(%q, %q) = %v", tt.gold, tt.pred, got)
		}
	}
}
