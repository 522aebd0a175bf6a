package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// printReport writes a report as text.
func printReport(w io.Writer, rep report) {
	fmt.Fprintf(w, "== %s: %d comments", rep.File, rep.Items)
	if rep.FailedLines > 0 {
		fmt.Fprintf(w, ", %d bad lines skipped", rep.FailedLines)
	}
	fmt.Fprintf(w, "\n   taxonomy %s, lexicon %s\n", rep.TaxonomyVersion, rep.LexiconVersion)
	if rep.Labels == nil && rep.Ratings == nil && rep.Touchpoints == nil {
		fmt.Fprintln(w, "\nNothing to evaluate.")
	}
	if l := rep.Labels; l != nil {
		fmt.Fprintf(w, "\nSentiment labels: %d comments (predicted mixed is its own class here)\n", l.N)
		printClasses(w, l.classReport, "class")
		fmt.Fprintf(w, "  predicted mixed: %d\n", l.PredictedMixed)
		if l.BinaryAccuracy != nil {
			fmt.Fprintf(w, "  binary accuracy (gold positive/negative only; predicted positive iff score >= 0): %.3f\n", *l.BinaryAccuracy)
		}
		if l.ThreeClass != nil {
			fmt.Fprintf(w, "\n  3 classes (predicted mixed mapped by the sign of its score; gold mixed left out): %d comments\n", l.ThreeClass.N)
			printClasses(w, *l.ThreeClass, "class")
		}
	}
	if r := rep.Ratings; r != nil {
		fmt.Fprintf(w, "\nSentiment ratings: %d comments\n", r.N)
		fmt.Fprintf(w, "  Pearson r     %s\n", optional(r.Pearson))
		fmt.Fprintf(w, "  Spearman rho  %s\n", optional(r.Spearman))
		fmt.Fprintf(w, "\n  3 classes (gold at +/-0.05; predicted mixed, %d comments, mapped by the sign of its score)\n", r.PredictedMixed)
		printClasses(w, r.ThreeClass, "class")
	}
	if t := rep.Touchpoints; t != nil {
		fmt.Fprintf(w, "\nTouchpoints: %d comments (a predicted id counts for a gold id it equals or descends from)\n", t.N)
		printTable(w, "touchpoint", t.Touchpoints)
		fmt.Fprintf(w, "  micro  precision %.3f  recall %.3f  F1 %.3f\n", t.Micro.Precision, t.Micro.Recall, t.Micro.F1)
		fmt.Fprintf(w, "  macro-F1 %.3f\n", t.MacroF1)
		if len(t.Outside) > 0 {
			ids := make([]string, 0, len(t.Outside))
			for id := range t.Outside {
				ids = append(ids, id)
			}
			sort.Strings(ids)
			var parts []string
			for _, id := range ids {
				parts = append(parts, fmt.Sprintf("%s %d", id, t.Outside[id]))
			}
			fmt.Fprintf(w, "  predicted outside the gold touchpoints (not counted): %s\n", strings.Join(parts, ", "))
		}
		if p := t.Polarity; p != nil {
			fmt.Fprintf(w, "\n  aspect polarity on touchpoints found: accuracy %.3f (%d of %d)\n", p.Accuracy, p.Correct, p.N)
			printMatrix(w, p.Confusion)
		}
	}
}

// printClasses prints per-class figures, the summary and the confusion
// matrix.
func printClasses(w io.Writer, c classReport, head string) {
	printTable(w, head, c.Classes)
	fmt.Fprintf(w, "  macro-F1 %.3f (over the gold classes)  accuracy %.3f\n", c.MacroF1, c.Accuracy)
	printMatrix(w, c.Confusion)
}

func printTable(w io.Writer, head string, rows []classFigures) {
	width := len(head)
	for _, r := range rows {
		width = max(width, len(r.Class))
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  %-*s\tsupport\tpredicted\tprecision\trecall\tF1\t\n", width, head)
	for _, r := range rows {
		fmt.Fprintf(tw, "  %-*s\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", width, r.Class, r.Support, r.Predicted, r.Precision, r.Recall, r.F1)
	}
	tw.Flush()
}

func printMatrix(w io.Writer, m matrix) {
	if len(m.Gold) == 0 {
		return
	}
	fmt.Fprintln(w, "  confusion (rows gold, columns predicted):")
	width := 0
	for _, g := range m.Gold {
		width = max(width, len(g))
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "  %*s\t", width, "")
	for _, p := range m.Predicted {
		fmt.Fprintf(tw, "%s\t", p)
	}
	fmt.Fprintln(tw)
	for i, g := range m.Gold {
		fmt.Fprintf(tw, "  %-*s\t", width, g)
		for _, n := range m.Counts[i] {
			fmt.Fprintf(tw, "%d\t", n)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func optional(v *float64) string {
	if v == nil {
		return "undefined (a series is constant)"
	}
	return fmt.Sprintf("%.3f", *v)
}
