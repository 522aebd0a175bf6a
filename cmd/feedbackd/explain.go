package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"
)

// explain writes a human-readable account of one classified comment: the
// overall score, each sentence, each contributing term with its offsets,
// valence and modifiers, and each touchpoint with its evidence and aspect
// sentiment.
func explain(w io.Writer, text string, out output) error {
	ew := &errWriter{w: w}
	ew.printf("Comment: %s\n\n", quote(text, 200))
	ew.printf("Sentiment: %s (%+.3f)\n", out.Sentiment.Label, out.Sentiment.Score)

	if len(out.Explanation.Sentences) > 0 {
		ew.printf("\nSentences:\n")
		tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
		for i, s := range out.Explanation.Sentences {
			fmt.Fprintf(tw, "  %d\t[%d:%d]\t%s\t%+.3f\t%s\n", i+1, s.Start, s.End, s.Label, s.Score.Score, quote(slice(text, s.Start, s.End), 70))
		}
		tw.Flush()
	}

	ew.printf("\nEvidence:\n")
	if len(out.Explanation.Evidence) == 0 {
		ew.printf("  none: no sentiment-bearing words or rules\n")
	}
	tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
	for _, ev := range out.Explanation.Evidence {
		source := ev.Source
		if ev.Rule != "" {
			source += " " + ev.Rule
		}
		fmt.Fprintf(tw, "  %s\t[%d:%d]\t%s\tvalence %+.2f\tweight %+.2f",
			quote(ev.Term, 40), ev.Start, ev.End, source, ev.Valence, ev.Weight)
		if len(ev.Modifiers) > 0 {
			fmt.Fprintf(tw, "\tmodifiers: %s", strings.Join(ev.Modifiers, ", "))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()

	ew.printf("\nTouchpoints:\n")
	if len(out.Touchpoints) == 0 {
		ew.printf("  none: the comment is untagged\n")
	}
	for _, tp := range out.Touchpoints {
		ew.printf("  %s (%s): %s %+.3f, read from the %s\n", tp.ID, tp.Label, tp.Sentiment.Label, tp.Sentiment.Score, tp.SentimentFrom)
		tw := tabwriter.NewWriter(ew, 0, 4, 2, ' ', 0)
		for _, ev := range tp.Evidence {
			if ev.Term == "" {
				fmt.Fprintf(tw, "    %s\n", ev.Rule)
				continue
			}
			fmt.Fprintf(tw, "    %s\t%s\t[%d:%d]\n", ev.Rule, quote(ev.Term, 40), ev.Start, ev.End)
		}
		tw.Flush()
	}

	ew.printf("\nTaxonomy %s, lexicon %s\n", out.TaxonomyVersion, out.LexiconVersion)
	for _, warn := range out.Warnings {
		ew.printf("Warning: %s\n", warn)
	}
	return ew.err
}

// slice returns text[start:end], or "" when the offsets are out of range.
func slice(text string, start, end int) string {
	if start < 0 || end > len(text) || start > end {
		return ""
	}
	return text[start:end]
}

// quote quotes s, shortened to at most max runes with an ellipsis.
func quote(s string, max int) string {
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max-1]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// errWriter remembers the first write error so explain can check once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
