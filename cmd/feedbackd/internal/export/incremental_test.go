package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"testing"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/sentiment"
)

// TestIncremental ingests, exports, ingests more and retags some, then
// exports with the cursor: the union is every comment at its latest
// version, and nothing is exported twice in the same version.
func TestIncremental(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	ingest(t, s, 0, 1100) // more than two SinceRaw chunks
	first, j1, _ := run(t, s, Request{Format: CSV, Shape: Wide})
	if j1.Next != 1100 {
		t.Fatalf("first cursor %v", j1.Next)
	}

	ingest(t, s, 1100, 1300)
	retagged := map[string]bool{}
	_, err := s.Retag(ctx, func(_ context.Context, cs []*corpus.Comment) error {
		for _, c := range cs {
			if c.Tags != nil && c.ID[len(c.ID)-1] == '3' {
				c.Tags.Touchpoints = append(c.Tags.Touchpoints, classify.Touchpoint{ID: "delivery", Label: "Delivery",
					Sentiment: sentiment.Score{Label: sentiment.Neutral}})
				if c.ID < "c01100" {
					retagged[c.ID] = true
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	second, j2, _ := run(t, s, Request{Format: CSV, Shape: Wide, After: j1.Next})
	third, _, st3 := run(t, s, Request{Format: CSV, Shape: Wide, After: j2.Next})
	if st3.Rows != 0 {
		t.Errorf("a third run with nothing new exported %d rows", st3.Rows)
	}
	_ = third

	latest := map[string][]string{} // id → row with the highest seq
	seen := map[string]int{}
	for _, out := range [][]byte{first, second} {
		recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs[1:] {
			id := rec[1]
			seen[id+"@"+rec[0]]++
			latest[id] = rec
		}
	}
	for k, n := range seen {
		if n > 1 {
			t.Errorf("%s exported %d times", k, n)
		}
	}
	full, _, _ := run(t, s, Request{Format: CSV, Shape: Wide})
	recs, _ := csv.NewReader(bytes.NewReader(full)).ReadAll()
	if len(latest) != len(recs)-1 || len(latest) != 1300 {
		t.Errorf("union has %d comments, full export %d, want 1300", len(latest), len(recs)-1)
	}
	for _, rec := range recs[1:] {
		got := latest[rec[1]]
		if got == nil || got[0] != rec[0] || got[14] != rec[14] {
			t.Errorf("%s: incremental union has %v, full export %v", rec[1], got, rec)
		}
	}
	secondRecs, _ := csv.NewReader(bytes.NewReader(second)).ReadAll()
	if want := 200 + len(retagged); len(secondRecs)-1 != want {
		t.Errorf("second run exported %d rows, want %d (200 new, %d old ones retagged)", len(secondRecs)-1, want, len(retagged))
	}
}

// TestLongReconciles checks the long shape: one row per touchpoint, one
// row with an empty touchpoint for a comment without any, so the distinct
// ids equal the wide rows.
func TestLongReconciles(t *testing.T) {
	s := openStore(t)
	cs := ingest(t, s, 0, 100)
	out, _, st := run(t, s, Request{Format: CSV, Shape: Long})
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantRows, empty := 0, 0
	for _, c := range cs {
		if c.Tags == nil || len(c.Tags.Touchpoints) == 0 {
			wantRows++
			empty++
		} else {
			wantRows += len(c.Tags.Touchpoints)
		}
	}
	if len(recs)-1 != wantRows || st.Rows != wantRows || st.Comments != len(cs) {
		t.Errorf("%d long rows (stats %+v), want %d", len(recs)-1, st, wantRows)
	}
	ids, gotEmpty := map[string]bool{}, 0
	for _, rec := range recs[1:] {
		ids[rec[1]] = true
		if rec[12] == "" {
			gotEmpty++
			if rec[14] != "" || rec[15] != "" {
				t.Errorf("untagged row has touchpoint sentiment %q %q", rec[14], rec[15])
			}
		}
	}
	if len(ids) != len(cs) || gotEmpty != empty {
		t.Errorf("%d distinct ids, %d empty touchpoints; want %d and %d", len(ids), gotEmpty, len(cs), empty)
	}
	// The same holds in NDJSON and Parquet.
	for _, f := range []Format{NDJSON, Parquet} {
		_, _, st := run(t, s, Request{Format: f, Shape: Long})
		if st.Rows != wantRows {
			t.Errorf("%s long: %d rows, want %d", f, st.Rows, wantRows)
		}
	}
}

// TestFilters checks the streamed filters against the index semantics.
func TestFilters(t *testing.T) {
	s := openStore(t)
	cs := ingest(t, s, 0, 84)
	count := func(q string) int {
		t.Helper()
		v, _ := parseQuery(q)
		req, err := ParseRequest(v)
		if err != nil {
			t.Fatal(err)
		}
		_, _, st := run(t, s, req)
		return st.Comments
	}
	want := func(keep func(c *corpus.Comment) bool) int {
		n := 0
		for _, c := range cs {
			if keep(c) {
				n++
			}
		}
		return n
	}
	hasTP := func(c *corpus.Comment, id string) bool {
		if c.Tags == nil {
			return false
		}
		for _, tp := range c.Tags.Touchpoints {
			if tp.ID == id {
				return true
			}
		}
		return false
	}
	cases := []struct {
		q    string
		keep func(c *corpus.Comment) bool
	}{
		{"touchpoint=billing", func(c *corpus.Comment) bool { return hasTP(c, "billing/refunds") }},
		{"touchpoint=support,billing/refunds", func(c *corpus.Comment) bool { return hasTP(c, "billing/refunds") || hasTP(c, "support") }},
		{"source=webhook&meta.channel=phone", func(c *corpus.Comment) bool { return c.Source == "webhook" && c.Meta["channel"] == "phone" }},
		{"nps_min=9", func(c *corpus.Comment) bool { return c.Scores.NPS != nil && *c.Scores.NPS >= 9 }},
		{"sentiment=negative", func(c *corpus.Comment) bool { return c.Tags != nil }},
		{"from=2026-01-01T00:10:00Z&to=2026-01-01T00:20:00Z", func(c *corpus.Comment) bool {
			return c.CreatedAt.Minute() >= 10 && c.CreatedAt.Minute() < 20 && c.CreatedAt.Hour() == 0
		}},
	}
	for _, tc := range cases {
		if got, w := count(tc.q), want(tc.keep); got != w {
			t.Errorf("%s: %d comments, want %d", tc.q, got, w)
		}
	}
}
