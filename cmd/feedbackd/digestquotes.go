package main

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/digest"
	"github.com/feedbackd/feedbackd/index"
	"github.com/feedbackd/feedbackd/index/facts"
	"github.com/feedbackd/feedbackd/trends"
)

// quotesPerDriver is how many comments a pain point quotes at most, and
// maxTextLookups how many texts it reads looking for them.
const (
	quotesPerDriver = 3
	maxTextLookups  = 30
)

// quoteCand is a comment a pain point may quote.
type quoteCand struct {
	id     string
	score  float64 // aspect score for the touchpoint
	day    int32
	source uint32
	emp    bool
}

// quotes sets the Comments of each pain point: up to three typical
// negative comments of the period.
//
// Typical means close to the middle, not the extreme: the candidates are
// the period's comments whose aspect sentiment for the touchpoint (its
// own mentions and its sub-touchpoints') is negative, ordered by the
// distance of their aspect score from the median of those scores (ties by
// id, so a digest is reproducible). The first pick is the closest; the
// next ones prefer a day and a source not yet quoted, then either, then
// any. Texts are read by id (the raw store: as stored, PII already
// redacted); a comment without text, or with the same text as one
// already picked, is passed over.
//
// Anonymity: no employee comment is quoted when the touchpoint's employee
// comments in the period, or all of the period's, come from fewer than
// min_respondents respondents.
func (b *digestBuilder) quotes(ctx context.Context, q index.Query, p digest.Period, pains []digest.Driver) error {
	if len(pains) == 0 {
		return nil
	}
	q.From, q.To = p.Start, p.End
	v, rows, err := b.sel.Select(ctx, q)
	if err != nil {
		return fmt.Errorf("select the period: %w", err)
	}
	cands, emps, all := quoteCandidates(v, &rows, pains, b.an.RespondentField)
	v.Close()

	anon := b.anonymity()
	for i := range pains {
		cs := cands[i]
		if anon.Suppress(emps[i].Count()) || anon.Suppress(all.Count()) {
			cs = slices.DeleteFunc(cs, func(c quoteCand) bool { return c.emp })
		}
		picked, err := b.pickQuotes(ctx, cs, median(cands[i]))
		if err != nil {
			return err
		}
		pains[i].Comments = picked
	}
	return nil
}

// quoteCandidates returns, for each pain point, its negative comments of
// rows and the employee respondents of all its comments, and the
// employee respondents of rows.
func quoteCandidates(v *facts.View, rows *facts.Rows, pains []digest.Driver, respField string) ([][]quoteCand, []trends.Respondents, trends.Respondents) {
	tps := v.Touchpoints()
	want := map[uint32]int{}
	for i, p := range pains {
		if tp, ok := tps.Lookup(p.Touchpoint); ok {
			want[tp] = i
		}
	}
	chain := make([][]uint32, tps.Len())
	for i := range chain {
		tps.Ancestors(uint32(i), func(a uint32) { chain[i] = append(chain[i], a) })
	}
	var resp *facts.MetaColumn
	if respField != "" {
		resp = v.Meta(respField)
	}
	cands := make([][]quoteCand, len(pains))
	emps := make([]trends.Respondents, len(pains))
	var all trends.Respondents
	var hits []facts.TouchpointHit
	rows.Each(func(r uint32) {
		emp := v.Audience(r) == facts.AudienceEmployee
		if emp {
			all.Add(respondentKey(resp, r))
		}
		hits = facts.AppendTouchpointHits(hits[:0], v.Mentions(r), chain)
		for _, h := range hits {
			i, ok := want[h.Touchpoint]
			if !ok {
				continue
			}
			if emp {
				emps[i].Add(respondentKey(resp, r))
			}
			if h.Label() == facts.Negative {
				cands[i] = append(cands[i], quoteCand{id: v.ID(r), score: h.Score(), day: v.Day(r), source: v.Source(r), emp: emp})
			}
		}
	})
	return cands, emps, all
}

// median returns the median aspect score of cs (0 when empty).
func median(cs []quoteCand) float64 {
	if len(cs) == 0 {
		return 0
	}
	xs := make([]float64, len(cs))
	for i, c := range cs {
		xs[i] = c.score
	}
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// pickQuotes picks up to quotesPerDriver comments of cs around med,
// preferring new days and sources (see quotes).
func (b *digestBuilder) pickQuotes(ctx context.Context, cs []quoteCand, med float64) ([]digest.Quote, error) {
	slices.SortFunc(cs, func(a, b quoteCand) int {
		if c := cmp.Compare(math.Abs(a.score-med), math.Abs(b.score-med)); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	var out []digest.Quote
	var days []int32
	var sources []uint32
	tried := map[string]bool{}
	lookups := 0
	for tier := 0; tier < 3 && len(out) < quotesPerDriver && lookups < maxTextLookups; tier++ {
		for _, c := range cs {
			if len(out) == quotesPerDriver || lookups == maxTextLookups {
				break
			}
			if tried[c.id] {
				continue
			}
			newDay, newSource := !slices.Contains(days, c.day), !slices.Contains(sources, c.source)
			if (tier == 0 && !(newDay && newSource)) || (tier == 1 && !(newDay || newSource)) {
				continue
			}
			tried[c.id] = true
			lookups++
			texts, err := b.texts(ctx, []string{c.id})
			if err != nil {
				return nil, fmt.Errorf("quote %s: %w", c.id, err)
			}
			if len(texts) == 0 || strings.TrimSpace(texts[0]) == "" || slices.ContainsFunc(out, func(q digest.Quote) bool {
				return strings.EqualFold(strings.Join(strings.Fields(q.Text), " "), strings.Join(strings.Fields(texts[0]), " "))
			}) {
				continue // no text, or the same words as a quote already picked
			}
			out = append(out, digest.Quote{ID: c.id, Text: texts[0], Sentiment: facts.Negative.String(),
				Score: math.Round(c.score*100) / 100})
			days, sources = append(days, c.day), append(sources, c.source)
		}
	}
	return out, nil
}
