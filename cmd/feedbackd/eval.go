package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/ndjson"
	"github.com/feedbackd/feedbackd/sentiment"
)

const evalUsage = `
Usage:
  feedbackd eval [flags] [FILE...]

Measures the engine (and your taxonomy) on labelled comments. Each FILE (or
stdin) is NDJSON, one object a line:

  {"id": ..., "text": "...", "gold": {...}}

where gold holds any of
  "label":       "positive", "negative", "neutral" or "mixed"
  "rating":      a number in [-1, 1] (e.g. a mean human rating, rescaled)
  "touchpoints": [{"id": "billing/refunds", "label": "negative"}, ...]
                 (label is the aspect polarity: positive, negative, neutral
                 or conflict; it may be left out)

Lines may also carry "audience" and "meta" as for classify. For each file it
reports:
  labels:      per-class precision, recall and F1, macro-F1 over the gold
               classes, accuracy and the confusion matrix; a predicted "mixed"
               is its own class there. When gold is only positive/negative,
               binary accuracy (predicted positive iff score >= 0); when gold
               has neutral, 3-class figures with "mixed" mapped by the sign
               of its score.
  ratings:     Pearson r and Spearman rho of score against rating, and
               3-class figures with gold classes at +/-0.05 (mixed mapped by
               score sign).
  touchpoints: per-touchpoint precision, recall and F1, micro and macro F1,
               and aspect polarity accuracy on the touchpoints found. A
               predicted id counts for a gold id it equals or descends from
               ("food/quality" counts for "food"); predictions under no gold
               id are listed but not counted.

Bad lines are reported on stderr and skipped; the exit status is then 1.
`

type evalOptions struct {
	engine   engineFlags
	format   string
	workers  int
	audience string
}

func runEval(_ context.Context, e env, args []string) int {
	var opt evalOptions
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	opt.engine.register(fs)
	fs.StringVar(&opt.format, "format", "text", "output `FORMAT`: text or json (one JSON object per file)")
	fs.IntVar(&opt.workers, "workers", runtime.NumCPU(), "classify with `N` goroutines")
	fs.StringVar(&opt.audience, "audience", "", "`AUDIENCE` (customer or employee) for comments that do not give one")
	files, code, ok := parseFlags(e, fs, evalUsage, args)
	if !ok {
		return code
	}
	switch {
	case opt.format != "text" && opt.format != "json":
		return usageError(e, fs, evalUsage, "--format must be text or json")
	case opt.workers < 1:
		return usageError(e, fs, evalUsage, "--workers must be at least 1")
	case opt.audience != "" && opt.audience != "customer" && opt.audience != "employee":
		return usageError(e, fs, evalUsage, "--audience must be customer or employee")
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	eng, err := opt.engine.build()
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd eval: %v\n", err)
		return exitFail
	}
	status := exitOK
	for i, name := range files {
		rep, err := evalFile(e, eng, opt, name)
		if err != nil {
			fmt.Fprintf(e.stderr, "feedbackd eval: %v\n", err)
			return exitFail
		}
		if rep.FailedLines > 0 {
			status = exitFail
		}
		if opt.format == "json" {
			b, err := marshal(rep)
			if err != nil {
				fmt.Fprintf(e.stderr, "feedbackd eval: %v\n", err)
				return exitFail
			}
			fmt.Fprintf(e.stdout, "%s\n", b)
			continue
		}
		if i > 0 {
			fmt.Fprintln(e.stdout)
		}
		printReport(e.stdout, rep)
	}
	return status
}

// gold is the expected answer for one comment.
type gold struct {
	Label       string            `json:"label"`
	Rating      *float64          `json:"rating"`
	Touchpoints *[]goldTouchpoint `json:"touchpoints"`
}

type goldTouchpoint struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// evalItem is one labelled comment and what the engine said about it.
type evalItem struct {
	gold gold
	pred sentiment.Score
	tps  []predTouchpoint
}

type predTouchpoint struct {
	id    string
	score sentiment.Score
}

// evalFile reads, classifies and scores one file.
func evalFile(e env, eng classifier, opt evalOptions, name string) (report, error) {
	var r io.Reader = e.stdin
	display := "stdin"
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return report{}, err
		}
		defer f.Close()
		r, display = f, name
	}
	var items []evalItem
	var inputs []input
	failed := 0
	lr := ndjson.NewReader(r, 0)
	for {
		l, err := lr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return report{}, fmt.Errorf("%s: %w", display, err)
		}
		in, g, msg := decodeEvalLine(l, opt.audience)
		if msg != "" {
			failed++
			if failed <= 10 {
				fmt.Fprintf(e.stderr, "%s:%d: %s\n", display, l.N, msg)
			} else if failed == 11 {
				fmt.Fprintf(e.stderr, "%s: more bad lines not shown\n", display)
			}
			continue
		}
		inputs = append(inputs, in)
		items = append(items, evalItem{gold: g})
	}
	classifyAll(eng, inputs, items, opt.workers)
	rep := buildReport(items)
	rep.File = display
	rep.FailedLines = failed
	rep.TaxonomyVersion, rep.LexiconVersion = eng.Versions()
	if failed > 0 {
		fmt.Fprintf(e.stderr, "%s: evaluated %d comments, %d lines failed\n", display, len(items), failed)
	}
	return rep, nil
}

// decodeEvalLine decodes and validates one labelled line; msg says what is
// wrong with it.
func decodeEvalLine(l ndjson.Line, audience string) (input, gold, string) {
	if l.Err != nil {
		return input{}, gold{}, l.Err.Error()
	}
	in, lerr := decodeInput(l.Data, audience)
	if lerr != nil {
		return in, gold{}, lerr.msg
	}
	if in.Gold == nil {
		return in, gold{}, `missing "gold"`
	}
	var g gold
	if err := json.Unmarshal(in.Gold, &g); err != nil {
		return in, g, fmt.Sprintf(`"gold": %v`, err)
	}
	if g.Label == "" && g.Rating == nil && g.Touchpoints == nil {
		return in, g, `"gold" has none of "label", "rating", "touchpoints"`
	}
	g.Label = strings.ToLower(g.Label)
	switch sentiment.Label(g.Label) {
	case "", sentiment.Positive, sentiment.Negative, sentiment.Neutral, sentiment.Mixed:
	default:
		return in, g, fmt.Sprintf(`"gold" label %q is not positive, negative, neutral or mixed`, g.Label)
	}
	if g.Rating != nil && (math.IsNaN(*g.Rating) || *g.Rating < -1 || *g.Rating > 1) {
		return in, g, fmt.Sprintf(`"gold" rating %v is outside [-1, 1]`, *g.Rating)
	}
	if g.Touchpoints != nil {
		for i, tp := range *g.Touchpoints {
			if tp.ID == "" {
				return in, g, fmt.Sprintf(`"gold" touchpoint %d has no "id"`, i+1)
			}
			p := polarity(tp.Label)
			switch p {
			case "", "positive", "negative", "neutral", "conflict":
			default:
				return in, g, fmt.Sprintf(`"gold" touchpoint %q: label %q is not positive, negative, neutral or conflict`, tp.ID, tp.Label)
			}
			(*g.Touchpoints)[i].Label = p
		}
	}
	return in, g, ""
}

// classifyAll fills in the predictions for items from workers goroutines.
func classifyAll(eng classifier, inputs []input, items []evalItem, workers int) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(items) {
					return
				}
				out := classifyInput(eng, inputs[i])
				items[i].pred = out.Sentiment
				for _, tp := range out.Touchpoints {
					items[i].tps = append(items[i].tps, predTouchpoint{id: tp.ID, score: tp.Sentiment})
				}
			}
		})
	}
	wg.Wait()
}
