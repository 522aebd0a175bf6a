package main

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/digest"
	"github.com/feedbackd/feedbackd/index"
	"github.com/feedbackd/feedbackd/index/facts"
	"github.com/feedbackd/feedbackd/trends"
)

// digestBuilder is the digest.Builder of the daemon: it fills a digest's
// content from the facts table (index.Select) and the trends package, and
// reads the texts of the few comments it quotes from the raw store.
//
// What it computes, and how (docs/digests.md, "What a digest says"):
//
//   - Headline figures are counted directly over the comments of the
//     period and of the period before, split at the period's start
//     instant, so any period length works (trends cuts calendar
//     intervals only).
//   - Pain points are ranked by their impact on a score (trends.Drivers
//     over the period): NPS, else CSAT, else CES, the first for which any
//     touchpoint has enough scored comments; without one, by net
//     sentiment × volume. See painPoints.
//   - Improvements are the largest rises of a touchpoint's net sentiment.
//   - Quotes are typical negative comments, not the most extreme ones. See
//     quotes.
//   - Anomalies and emerging terms come from trends with a window ending at
//     the period's end. See signals.
//
// Employee anonymity (trends.Anonymity with analytics.min_respondents):
// a period's employee comments from fewer respondents are left out of the
// whole digest, a touchpoint whose employee comments come from fewer is
// neither listed nor quoted, and trends applies the same rule to drivers,
// anomalies and emerging terms.
type digestBuilder struct {
	sel    api.Selector    // *index.Index
	texts  trends.TextFunc // comment texts by id (the raw store)
	labels func(id string) (string, bool)
	loc    *time.Location // the daemon's (and the facts table's) time zone
	an     AnalyticsConfig
}

// Build implements digest.Builder.
func (b *digestBuilder) Build(ctx context.Context, spec digest.Spec, p digest.Period) (digest.Content, error) {
	q, err := b.scopeQuery(spec)
	if err != nil {
		return digest.Content{}, err
	}
	ws := windows(p, b.loc, b.an.Baseline)
	q.From, q.To = p.PrevStart, p.End
	for _, w := range ws {
		if from, _ := w.Range(b.loc); from.Before(q.From) {
			q.From = from
		}
	}
	v, rows, err := b.sel.Select(ctx, q)
	if err != nil {
		return digest.Content{}, fmt.Errorf("select the scope: %w", err)
	}
	d := collect(v, &rows, p, b.an)
	v.Close()

	c := digest.Content{Headline: d.headline()}
	if int(c.Headline.Volume.Value) < spec.MinComments {
		return c, nil // the sender says there is too little data
	}
	c.Notes = d.notes(b.an)
	rep, err := b.driverReport(d)
	if err != nil {
		return digest.Content{}, err
	}
	pains, notes := b.painPoints(d, rep, spec.Top)
	c.Notes = append(c.Notes, notes...)
	c.PainPoints = pains
	c.Improvements = b.improvements(d, rep, pains, spec.Top)
	if err := b.quotes(ctx, q, p, c.PainPoints); err != nil {
		return digest.Content{}, err
	}
	if c.Anomalies, c.EmergingTerms, err = b.signals(ctx, d, ws, spec, p); err != nil {
		return digest.Content{}, err
	}
	return c, nil
}

// scopeQuery turns the digest's scope into an index query over no dates.
func (b *digestBuilder) scopeQuery(spec digest.Spec) (index.Query, error) {
	v := url.Values{}
	for k, vals := range spec.Scope.Params {
		v[k] = vals
	}
	if spec.Scope.Q != "" {
		v.Set("q", spec.Scope.Q)
	}
	q, err := api.ParseSearch(v, api.Params{Location: b.loc})
	if err != nil {
		return index.Query{}, fmt.Errorf("scope: %w", err)
	}
	q.Size, q.Facets, q.From, q.To = 0, index.FacetRequest{}, time.Time{}, time.Time{}
	return q, nil
}

// label returns touchpoint id's name in the taxonomy, or the id itself.
func (b *digestBuilder) label(id string) string {
	if b.labels != nil {
		if l, ok := b.labels(id); ok && l != "" {
			return l
		}
	}
	return id
}

// anonymity returns the anonymity rule.
func (b *digestBuilder) anonymity() trends.Anonymity { return b.an.Anonymity() }

// periodOf says which period an instant is in: 1 the digest's, 0 the one
// before, -1 neither.
type periodOf struct{ prev, start, end int64 }

func newPeriodOf(p digest.Period) periodOf {
	return periodOf{p.PrevStart.UnixNano(), p.Start.UnixNano(), p.End.UnixNano()}
}

func (po periodOf) of(nanos int64) int {
	switch {
	case nanos >= po.start && nanos < po.end:
		return 1
	case nanos >= po.prev && nanos < po.start:
		return 0
	}
	return -1
}

// respondentKey returns row r's respondent for trends.Respondents.Add:
// 1 + its value's index in the respondent column, 0 for none.
func respondentKey(col *facts.MetaColumn, r uint32) uint32 {
	if col == nil || int(r) >= len(col.Values) {
		return 0
	}
	return col.Values[r]
}
