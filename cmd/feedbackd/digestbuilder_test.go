package main

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/digest"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
)

var updateDigest = flag.Bool("update-digest", false, "rewrite testdata/digest golden files")

// digestAt is when the fixture's weekly digest runs: it covers Monday 16
// to Sunday 22 November 2026 against 9–15 November.
var digestAt = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// Fixture texts. Refunds get clearly worse in the digest's week (more
// comments, almost all negative, low NPS, a new word: "voucher");
// delivery gets better (mostly late parcels the week before, quick ones
// now); three employees complain about pay — too few to be quoted.
var (
	refundBad = []string{
		"Still waiting for my refund after three weeks, this is terrible.",
		"They gave me a voucher instead of my refund, unacceptable.",
		"The refund took forever and support kept me on hold.",
		"I asked for a refund twice and heard nothing back, really disappointing.",
		"The refund finally came but it was slow and frustrating.",
		"Offered a voucher when I wanted my refund, awful service.",
	}
	refundOK     = []string{"My refund arrived quickly, thank you.", "The refund was processed within two days, great."}
	deliveryBad  = []string{"The parcel arrived late again, very annoying.", "My delivery was two days late and nobody told me."}
	deliveryGood = []string{"Delivery was quick and the courier was friendly.", "The parcel arrived early, great delivery service."}
	productGood  = []string{"Love the product quality, works perfectly.", "Great value, the product does exactly what I need."}
	staffCulture = []string{"Great team spirit and my manager is supportive.", "Too much workload this month, I am exhausted."}
	// payPrivate are the small employee group's comments: never quoted.
	payPrivate = []string{"My payslip was wrong again and nobody in payroll answers, this is terrible.",
		"Payroll underpaid me again, the payslip errors are awful."}
)

// digestFixture ingests about 400 generated comments (fixed seed) over
// nine weeks through the real tagger into a raw store and an index in a
// temporary directory, and returns a builder over them.
func digestFixture(t testing.TB) (*digestBuilder, *rawstore.Store) {
	t.Helper()
	dir := t.TempDir()
	store, err := rawstore.Open(filepath.Join(dir, "raw.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	cfg := DefaultConfig()
	cfg.Analytics.RespondentField = "respondent_id"
	ix, err := index.Open(filepath.Join(dir, "index"), index.Options{Location: time.UTC, MinEmployeeGroup: cfg.Analytics.MinRespondents})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	eng, err := newEngine(cfg.Engine)
	if err != nil {
		t.Fatal(err)
	}
	tg := newTagger(eng, func() time.Time { return digestAt })

	r := rand.New(rand.NewPCG(6, 2026))
	end := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	var cs []*corpus.Comment
	add := func(week int, texts []string, nps [2]int, audience corpus.Audience, respondent string) {
		start := end.AddDate(0, 0, -7*(week+1))
		c := &corpus.Comment{
			ID:        fmt.Sprintf("c%03d", len(cs)+1),
			Source:    []string{"survey", "app", "email"}[r.IntN(3)],
			Audience:  audience,
			CreatedAt: start.Add(time.Duration(r.Int64N(int64(7 * 24 * time.Hour)))).Truncate(time.Minute),
			Fields:    []corpus.TextField{{Name: "comment", Text: texts[r.IntN(len(texts))]}},
			Meta:      map[string]string{},
		}
		c.ReceivedAt = c.CreatedAt
		if nps[1] > 0 {
			v := nps[0] + r.IntN(nps[1]-nps[0]+1)
			c.Scores.NPS = &v
		}
		if respondent != "" {
			c.Meta["respondent_id"] = respondent
		}
		cs = append(cs, c)
	}
	times := func(n int, fn func()) {
		for range n {
			fn()
		}
	}
	// week 0 is the digest's, 1 the one before, 2–8 the baseline.
	for week := 8; week >= 0; week-- {
		nRefund, badShare := 8, 0.5
		nDelBad, nDelGood := 5, 5
		switch week {
		case 1:
			nRefund, badShare, nDelBad, nDelGood = 15, 0.6, 30, 6
		case 0:
			nRefund, badShare, nDelBad, nDelGood = 45, 0.9, 5, 33
		}
		times(nRefund, func() {
			if r.Float64() < badShare {
				texts := refundBad
				if week != 0 { // the voucher complaints are new this week
					texts = slices.DeleteFunc(slices.Clone(refundBad), func(s string) bool { return strings.Contains(s, "voucher") })
				}
				add(week, texts, [2]int{0, 5}, corpus.Customer, "")
			} else {
				add(week, refundOK, [2]int{8, 10}, corpus.Customer, "")
			}
		})
		times(nDelBad, func() { add(week, deliveryBad, [2]int{2, 7}, corpus.Customer, "") })
		times(nDelGood, func() { add(week, deliveryGood, [2]int{8, 10}, corpus.Customer, "") })
		times(12, func() { add(week, productGood, [2]int{7, 10}, corpus.Customer, "") })
		if week <= 1 {
			for e := range 8 { // a large enough group: 8 respondents
				add(week, staffCulture, [2]int{}, corpus.Employee, fmt.Sprintf("emp-%d", e))
			}
		}
		if week == 0 {
			for e := range 3 { // three respondents, two comments each
				add(week, payPrivate, [2]int{}, corpus.Employee, fmt.Sprintf("pay-%d", e))
				add(week, payPrivate, [2]int{}, corpus.Employee, fmt.Sprintf("pay-%d", e))
			}
		}
	}
	ctx := context.Background()
	b := corpus.Batch{Source: "fixture"}
	docs := make([]corpus.Comment, len(cs))
	for i, c := range cs {
		tg.Tag(c)
		b.Records = append(b.Records, corpus.Record{Comment: c})
		docs[i] = *c
	}
	if _, err := store.Commit(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, docs, uint64(len(docs))); err != nil {
		t.Fatal(err)
	}
	return &digestBuilder{sel: ix, texts: storeTexts(store), labels: eng.label, loc: time.UTC, an: cfg.Analytics}, store
}

// fixtureSpec is the weekly digest of the fixture.
func fixtureSpec(t testing.TB) *digest.Spec {
	t.Helper()
	tm, err := digest.LoadTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	return &digest.Spec{Name: "weekly", Title: "Weekly top pain points", Location: time.UTC,
		Length: digest.Length{N: 7, Unit: 'd'}, Scope: digest.Scope{Params: map[string][]string{}},
		Top: 3, MinComments: 20, OnLittleData: "note", BaseURL: "https://feedback.example.com", Templates: tm}
}

// TestDigestGolden builds the fixture's weekly digest with the real
// builder and compares its Markdown, HTML and plain text with
// testdata/digest (go test -run TestDigestGolden -update-digest rewrites
// them), then checks what the golden files must show.
func TestDigestGolden(t *testing.T) {
	b, store := digestFixture(t)
	spec := fixtureSpec(t)
	s := &digest.Sender{Builder: b, Store: store, Now: func() time.Time { return digestAt }}
	m, err := s.Prepare(context.Background(), spec, digestAt)
	if err != nil {
		t.Fatal(err)
	}
	for ext, got := range map[string]string{"md": m.Markdown, "html": m.HTML, "txt": m.Text} {
		path := filepath.Join("testdata", "digest", "weekly."+ext)
		if *updateDigest {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -run TestDigestGolden -update-digest writes it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from the golden file (-update-digest rewrites it); got:\n%s", path, got)
		}
	}

	c := m.Content
	if c.LittleData {
		t.Fatalf("little data: %s", c.LittleDataMessage)
	}
	if len(c.PainPoints) == 0 || c.PainPoints[0].Touchpoint != "billing/refunds" {
		t.Fatalf("pain points: want billing/refunds first, got %+v", touchpoints(c.PainPoints))
	}
	refunds := c.PainPoints[0]
	if refunds.Impact.Metric != "NPS" || refunds.Impact.Value >= 0 || refunds.Impact.High >= 0 {
		t.Errorf("refunds impact: %+v, want a negative NPS impact whose interval excludes 0", refunds.Impact)
	}
	if d := refunds.NetSentiment.Delta(); d >= 0 || refunds.Volume.Delta() <= 0 {
		t.Errorf("refunds should have grown and worsened: volume %+v, net %+v", refunds.Volume, refunds.NetSentiment)
	}
	if n := len(refunds.Comments); n < 2 || n > 3 {
		t.Errorf("refunds quotes: %d, want 2–3", n)
	}
	var days, sources []string
	for _, q := range refunds.Comments {
		if q.Sentiment != "negative" || q.Text == "" || !strings.Contains(strings.ToLower(q.Text), "refund") {
			t.Errorf("quote %+v", q)
		}
		cm, err := store.Get(context.Background(), q.ID)
		if err != nil {
			t.Fatal(err)
		}
		days = append(days, cm.CreatedAt.Format(time.DateOnly))
		sources = append(sources, cm.Source)
		if !strings.Contains(q.Link, "open="+q.ID) || !strings.HasPrefix(q.Link, "https://feedback.example.com/?") {
			t.Errorf("quote link %q", q.Link)
		}
	}
	if len(slices.Compact(slices.Sorted(slices.Values(days)))) < 2 || len(slices.Compact(slices.Sorted(slices.Values(sources)))) < 2 {
		t.Errorf("quotes not spread over days and sources: %v %v", days, sources)
	}
	texts := map[string]bool{}
	for _, q := range refunds.Comments {
		texts[q.Text] = true
	}
	if len(texts) != len(refunds.Comments) {
		t.Errorf("quotes repeat a text: %+v", refunds.Comments)
	}
	if !slices.ContainsFunc(c.Improvements, func(d digest.Driver) bool {
		return d.Touchpoint == "delivery" || strings.HasPrefix(d.Touchpoint, "delivery/")
	}) {
		t.Errorf("improvements: want delivery, got %v", touchpoints(c.Improvements))
	}
	if !strings.Contains(refunds.Link, "touchpoint=billing%2Frefunds") || !strings.Contains(refunds.Link, "from=2026-11-16") || !strings.Contains(refunds.Link, "to=2026-11-22") {
		t.Errorf("refunds link %q", refunds.Link)
	}
	if !slices.ContainsFunc(c.EmergingTerms, func(tm digest.Term) bool { return strings.Contains(tm.Term, "voucher") }) {
		t.Errorf("emerging terms: want voucher, got %+v", c.EmergingTerms)
	}
	// Anonymity: the three employees writing about pay are never quoted,
	// listed or named, in any rendering.
	for _, out := range []string{m.Markdown, m.HTML, m.Text, m.Slack} {
		for _, s := range []string{"payslip", "Payroll", "payroll", "employee/pay"} {
			if strings.Contains(out, s) {
				t.Errorf("a rendering shows %q of the small employee group:\n%s", s, out)
			}
		}
	}
	// The check above means something: without the threshold the
	// group's words show up.
	b.an.MinRespondents = 0
	all := *spec
	all.Top = 20
	open, err := b.Build(context.Background(), all, digest.PeriodAt(spec.Length, digestAt, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(open.EmergingTerms, func(tm digest.Term) bool { return strings.Contains(tm.Term, "payslip") }) {
		t.Errorf("anonymity off: want the pay group's payslip among the emerging terms, got %+v", open.EmergingTerms)
	}
}

func touchpoints(ds []digest.Driver) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Touchpoint)
	}
	return out
}
