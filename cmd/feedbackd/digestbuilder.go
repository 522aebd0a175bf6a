package main

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/digest"
	"github.com/feedbackd/feedbackd/index"
)

// countBuilder is the digest.Builder wired until the trends engine
// implements one: it counts the comments in the scope and their net
// sentiment, this period and the one before, and says that the rest is
// not computed yet. It never invents pain points.
type countBuilder struct {
	ix  *index.Index
	loc *time.Location
}

// Build implements digest.Builder.
func (b countBuilder) Build(ctx context.Context, spec digest.Spec, p digest.Period) (digest.Content, error) {
	v := url.Values{}
	for k, vals := range spec.Scope.Params {
		v[k] = vals
	}
	if spec.Scope.Q != "" {
		v.Set("q", spec.Scope.Q)
	}
	q, err := api.ParseSearch(v, api.Params{Location: b.loc})
	if err != nil {
		return digest.Content{}, fmt.Errorf("scope: %w", err)
	}
	q.Size = 0
	q.Facets = index.FacetRequest{Fields: []string{index.FacetSentiment}}
	count := func(from, to time.Time) (n, net float64, err error) {
		q.From, q.To = from, to
		res, err := b.ix.Search(ctx, q)
		if err != nil {
			return 0, 0, err
		}
		var pos, neg int
		for _, t := range res.Facets[index.FacetSentiment].Terms {
			switch t.Term {
			case "positive":
				pos = t.Count
			case "negative":
				neg = t.Count
			}
		}
		if res.Total > 0 {
			net = float64(int(1000*float64(pos-neg)/float64(res.Total))) / 10
		}
		return float64(res.Total), net, nil
	}
	n, net, err := count(p.Start, p.End)
	if err != nil {
		return digest.Content{}, err
	}
	pn, pnet, err := count(p.PrevStart, p.Start)
	if err != nil {
		return digest.Content{}, err
	}
	return digest.Content{
		Headline: digest.Headline{
			Volume:       digest.Change{Value: n, Previous: pn, HasPrevious: true},
			NetSentiment: digest.Change{Value: net, Previous: pnet, HasPrevious: pn > 0},
		},
		Notes: []string{"Pain points, improvements, anomalies, emerging terms and survey scores are not computed yet: this build counts comments and net sentiment only."},
	}, nil
}
