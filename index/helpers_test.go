package index

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/sentiment"
)

// spec describes a test comment briefly.
type spec struct {
	id, text, source, audience, label string
	score                             float64
	touch                             []string
	meta                              map[string]string
	nps, csat, ces                    int // 0 = not given (nps 0 is written -1)
	day                               string
	untagged                          bool
}

func ptr(v int) *int { return &v }

// comment builds a tagged corpus.Comment from a spec.
func (s spec) comment() corpus.Comment {
	created, err := time.Parse(dayLayout, s.day)
	if err != nil {
		panic(err)
	}
	created = created.Add(9 * time.Hour)
	c := corpus.Comment{
		ID:         s.id,
		Source:     s.source,
		Audience:   corpus.Audience(s.audience),
		Fields:     []corpus.TextField{{Name: "comment", Text: s.text}},
		CreatedAt:  created,
		ReceivedAt: created.Add(time.Minute),
		Meta:       s.meta,
	}
	switch {
	case s.nps == -1:
		c.Scores.NPS = ptr(0)
	case s.nps > 0:
		c.Scores.NPS = ptr(s.nps)
	}
	if s.csat > 0 {
		c.Scores.CSAT = ptr(s.csat)
	}
	if s.ces > 0 {
		c.Scores.CES = ptr(s.ces)
	}
	label := sentiment.Label(s.label)
	if label == "" {
		label = sentiment.Neutral
	}
	res := classify.Result{
		Sentiment:       sentiment.Result{Score: sentiment.Score{Label: label, Score: s.score}},
		Untagged:        s.untagged || len(s.touch) == 0,
		TaxonomyVersion: "tax-1",
		LexiconVersion:  "lex-1",
	}
	for _, id := range s.touch {
		res.Touchpoints = append(res.Touchpoints, classify.Touchpoint{
			ID: id, Label: id, Sentiment: sentiment.Score{Label: label, Score: s.score},
			Evidence: []classify.Evidence{{Rule: "match", Term: s.text[:1], Start: 0, End: 1}},
		})
	}
	c.Tags = &corpus.Tags{Result: res, TaggedAt: created}
	return c
}

// fixture is the small corpus most tests search.
func fixture() []spec {
	return []spec{
		{id: "c01", text: "The refund took three weeks and nobody answered my emails.", source: "survey", audience: "customer", label: "negative", score: -0.7, touch: []string{"billing/refunds"}, meta: map[string]string{"channel": "email"}, nps: 2, day: "2026-03-02"},
		{id: "c02", text: "Refund was quick, thanks!", source: "widget", audience: "customer", label: "positive", score: 0.6, touch: []string{"billing/refunds"}, meta: map[string]string{"channel": "chat"}, nps: 9, day: "2026-03-03"},
		{id: "c03", text: "The invoice is confusing and the totals are wrong.", source: "survey", audience: "customer", label: "negative", score: -0.4, touch: []string{"billing/invoices"}, meta: map[string]string{"channel": "email"}, csat: 2, day: "2026-03-10"},
		{id: "c04", text: "Delivery was late again, the courier lost my parcel.", source: "tickets", audience: "customer", label: "negative", score: -0.5, touch: []string{"delivery"}, meta: map[string]string{"channel": "phone"}, ces: 6, day: "2026-03-15"},
		{id: "c05", text: "My manager supports me and listens.", source: "hr", audience: "employee", label: "positive", score: 0.7, touch: []string{"people/manager"}, day: "2026-04-01"},
		{id: "c06", text: "<script>alert(1)</script> refund please", source: "widget", audience: "customer", label: "neutral", score: 0, touch: []string{"billing/refunds"}, meta: map[string]string{"channel": "chat"}, day: "2026-04-02"},
		{id: "c07", text: "Great app, fast delivery and an easy refund.", source: "survey", audience: "customer", label: "positive", score: 0.8, touch: []string{"delivery", "billing/refunds"}, meta: map[string]string{"channel": "chat"}, nps: 10, day: "2026-04-10"},
		{id: "c08", text: "Nothing to add.", source: "survey", audience: "customer", label: "neutral", score: 0, day: "2026-04-11", nps: -1},
		{id: "c09", text: "Payroll errors every single month.", source: "hr", audience: "employee", label: "negative", score: -0.6, touch: []string{"people/pay"}, day: "2026-05-01"},
	}
}

func comments(specs []spec) []corpus.Comment {
	out := make([]corpus.Comment, len(specs))
	for i, s := range specs {
		out[i] = s.comment()
	}
	return out
}

// openTemp opens a new index in a temporary directory, closed at cleanup.
func openTemp(t testing.TB) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	return ix
}

// fixtureIndex returns an index holding the fixture.
func fixtureIndex(t testing.TB) *Index {
	t.Helper()
	ix := openTemp(t)
	if err := ix.Apply(context.Background(), comments(fixture()), 9); err != nil {
		t.Fatal(err)
	}
	return ix
}

func hitIDs(r *Results) []string {
	ids := make([]string, len(r.Hits))
	for i, h := range r.Hits {
		ids[i] = h.ID
	}
	return ids
}
