// Command accuracytable turns `feedbackd eval --format json` reports (one a
// line on stdin) into the Markdown table of docs/accuracy.md, with the bars
// from the text-engine issue and Python VADER's figures on the same files.
// scripts/accuracy.sh runs it.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// report holds the parts of a feedbackd eval report the table needs.
type report struct {
	File            string `json:"file"`
	Items           int    `json:"items"`
	TaxonomyVersion string `json:"taxonomy_version"`
	LexiconVersion  string `json:"lexicon_version"`
	Labels          *struct {
		MacroF1        float64  `json:"macro_f1"`
		BinaryAccuracy *float64 `json:"binary_accuracy"`
	} `json:"labels"`
	Ratings *struct {
		Pearson    *float64 `json:"pearson"`
		Spearman   *float64 `json:"spearman"`
		ThreeClass struct {
			MacroF1 float64 `json:"macro_f1"`
		} `json:"three_class"`
	} `json:"ratings"`
	Touchpoints *struct {
		Micro struct {
			Precision float64 `json:"precision"`
			Recall    float64 `json:"recall"`
			F1        float64 `json:"f1"`
		} `json:"micro"`
		MacroF1  float64 `json:"macro_f1"`
		Polarity *struct {
			Accuracy float64 `json:"accuracy"`
		} `json:"polarity"`
	} `json:"touchpoints"`
}

// bar is the requirement for one development set, with Python
// VADER's figure on it (from the shared eval README).
type bar struct {
	metric string
	min    float64
	vader  string
}

// bars is a constant table keyed by file name without extension.
var bars = map[string]bar{
	"vader_tweets":                {"Pearson r", 0.87, "0.872"},
	"vader_amazon":                {"Pearson r", 0.65, "0.590"},
	"uci_yelp":                    {"binary accuracy", 0.82, "0.727"},
	"uci_amazon":                  {"binary accuracy", 0.82, "0.768"},
	"semeval14_restaurants_train": {"category micro-F1", 0.80, "n/a"},
}

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "accuracytable: %v\n", err)
		os.Exit(1)
	}
}

func run(r io.Reader, w io.Writer) error {
	fmt.Fprintln(w, "| set | n | measure | feedbackd | bar | VADER | met | other figures |")
	fmt.Fprintln(w, "|---|---:|---|---:|---:|---:|:---:|---|")
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var versions []string
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var rep report
		if err := json.Unmarshal(sc.Bytes(), &rep); err != nil {
			return fmt.Errorf("decode report: %w", err)
		}
		row(w, rep)
		v := fmt.Sprintf("taxonomy %s, lexicon %s", rep.TaxonomyVersion, rep.LexiconVersion)
		if !contains(versions, v) {
			versions = append(versions, v)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nMeasured with %s.\n", strings.Join(versions, "; "))
	return nil
}

func row(w io.Writer, rep report) {
	name := strings.TrimSuffix(filepath.Base(rep.File), filepath.Ext(rep.File))
	b, ok := bars[name]
	var value *float64
	var other []string
	if l := rep.Labels; l != nil {
		if l.BinaryAccuracy != nil && b.metric == "binary accuracy" {
			value = l.BinaryAccuracy
		}
		other = append(other, fmt.Sprintf("label macro-F1 %.3f", l.MacroF1))
	}
	if r := rep.Ratings; r != nil {
		if b.metric == "Pearson r" {
			value = r.Pearson
		}
		if r.Spearman != nil {
			other = append(other, fmt.Sprintf("Spearman %.3f", *r.Spearman))
		}
		other = append(other, fmt.Sprintf("3-class macro-F1 %.3f", r.ThreeClass.MacroF1))
	}
	if t := rep.Touchpoints; t != nil {
		if b.metric == "category micro-F1" {
			f1 := t.Micro.F1
			value = &f1
		}
		other = append(other, fmt.Sprintf("P %.3f R %.3f macro-F1 %.3f", t.Micro.Precision, t.Micro.Recall, t.MacroF1))
		if t.Polarity != nil {
			other = append(other, fmt.Sprintf("aspect polarity accuracy %.3f", t.Polarity.Accuracy))
		}
	}
	measure, got, min, met, vader := "—", "—", "—", "", "—"
	if ok {
		measure, min, vader = b.metric, fmt.Sprintf("≥ %.2f", b.min), b.vader
		met = "no"
		if value != nil {
			got = fmt.Sprintf("%.3f", *value)
			if *value >= b.min {
				met = "yes"
			}
		}
	}
	fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s |\n", name, rep.Items, measure, got, min, vader, met, strings.Join(other, "; "))
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
