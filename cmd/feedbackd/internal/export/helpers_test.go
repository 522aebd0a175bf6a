package export

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"path/filepath"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/sentiment"
)

// openStore opens a raw store in a temporary directory.
func openStore(t testing.TB) *rawstore.Store {
	t.Helper()
	s, err := rawstore.Open(filepath.Join(t.TempDir(), "raw.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// genComment returns comment i: every third untagged (no touchpoints),
// every fifth without scores, every seventh not tagged at all, some with
// formula-like text.
func genComment(i int) *corpus.Comment {
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	texts := []string{"The refund took weeks, \"really\", slow", "=cmd|' /C calc'!A0", "+44 called me, friendly\nstaff", "-bad app", "@support was great", "plain, simple"}
	c := &corpus.Comment{
		ID: fmt.Sprintf("c%05d", i), Source: []string{"survey", "webhook"}[i%2], Audience: corpus.Customer,
		Fields:    []corpus.TextField{{Name: "comment", Text: texts[i%len(texts)]}},
		CreatedAt: at, ReceivedAt: at.Add(time.Second),
		Meta: map[string]string{"channel": []string{"web", "phone", "=HYPERLINK(\"x\")"}[i%3]},
	}
	if i%5 != 0 {
		nps, csat := i%11, 1+i%5
		c.Scores = corpus.Scores{NPS: &nps, CSAT: &csat}
	}
	if i%4 == 0 {
		c.Fields = append(c.Fields, corpus.TextField{Name: "improve", Text: "faster, please"})
		c.Redacted = []string{"email", "phone"}
	}
	if i%7 == 6 {
		return c
	}
	res := classify.Result{
		Sentiment:       sentiment.Result{Score: sentiment.Score{Label: sentiment.Negative, Score: -0.25}},
		TaxonomyVersion: "tx-1", LexiconVersion: "lx-1",
	}
	if i%3 == 0 {
		res.Untagged = true
	} else {
		res.Touchpoints = []classify.Touchpoint{{ID: "billing/refunds", Label: "Refunds", Sentiment: sentiment.Score{Label: sentiment.Negative, Score: -0.5}}}
		if i%2 == 0 {
			res.Touchpoints = append(res.Touchpoints, classify.Touchpoint{ID: "support", Label: "Support", Sentiment: sentiment.Score{Label: sentiment.Positive, Score: 0.375}})
		}
	}
	c.Tags = &corpus.Tags{Result: res, TaggedAt: at.Add(time.Hour)}
	return c
}

// ingest commits comments [from, to) into s.
func ingest(t testing.TB, s *rawstore.Store, from, to int) []*corpus.Comment {
	t.Helper()
	var cs []*corpus.Comment
	b := corpus.Batch{Source: "test"}
	for i := from; i < to; i++ {
		c := genComment(i)
		cs = append(cs, c)
		b.Records = append(b.Records, corpus.Record{Comment: c})
	}
	if _, err := s.Commit(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return cs
}

// run exports req from s and returns the output and the job.
func run(t testing.TB, s *rawstore.Store, req Request) ([]byte, *Job, Stats) {
	t.Helper()
	x := &Exporter{Store: s}
	j, err := x.Prepare(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	st, err := j.WriteTo(context.Background(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), j, st
}

// parseQuery parses a URL query string.
func parseQuery(q string) (url.Values, error) { return url.ParseQuery(q) }
