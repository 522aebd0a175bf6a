package index

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestFactsFieldsInQueryString checks the query-string clauses on the
// fields bleve does not index (scores and dates), in every position a
// clause can take. Fixture: c01 nps 2, c02 nps 9, c07 nps 10, c08 nps 0;
// c03 csat 2; c04 ces 6; every comment created at 09:00 UTC on its day
// and received a minute later.
func TestFactsFieldsInQueryString(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		q    string
		want []string // ids, oldest first
	}{
		{`+nps:>=9`, []string{"c02", "c07"}},
		{`nps:9`, []string{"c02"}},
		{`+nps:<2`, []string{"c08"}},
		{`+nps:>2 +nps:<10`, []string{"c02"}},
		{`+nps:>=2 +nps:<=9`, []string{"c01", "c02"}},
		{`-nps:<7`, []string{"c02", "c03", "c04", "c05", "c06", "c07", "c09"}},
		{`refund nps:<3`, []string{"c01", "c02", "c06", "c07", "c08"}},
		{`+refund -nps:>=9`, []string{"c01", "c06"}},
		{`+csat:<=2`, []string{"c03"}},
		{`+ces:>5`, []string{"c04"}},
		{`+refund +sentiment_score:<0`, []string{"c01"}},
		{`+sentiment_score:>=0.7`, []string{"c05", "c07"}},
		{`+sentiment_score:>0.7`, []string{"c07"}},
		{`+created_at:>="2026-04-01"`, []string{"c05", "c06", "c07", "c08", "c09"}},
		{`+created_at:<"2026-03-03T09:00:00Z"`, []string{"c01"}},
		{`+created_at:<="2026-03-03T09:00:00Z"`, []string{"c01", "c02"}},
		{`+created_at:>"2026-03-03T09:00:00Z" +created_at:<"2026-03-15"`, []string{"c03"}},
		{`+received_at:>"2026-05-01T09:00:00Z"`, []string{"c09"}},
		{`+received_at:>"2026-05-01T09:01:00Z"`, nil},
		{`delivery -created_at:<"2026-04-01"`, []string{"c07"}},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			res, err := ix.Search(context.Background(), Query{Q: tt.q, Sort: Oldest, Size: 100})
			if err != nil {
				t.Fatal(err)
			}
			if got := hitIDs(res); !slices.Equal(got, tt.want) && len(got)+len(tt.want) > 0 {
				t.Errorf("hits = %v, want %v", got, tt.want)
			}
			if res.Total != uint64(len(tt.want)) {
				t.Errorf("total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

// TestFactsClauseKeepsRelevanceAndHighlights checks that a range clause
// leaves the text's scoring and highlighting alone.
func TestFactsClauseKeepsRelevanceAndHighlights(t *testing.T) {
	ix := fixtureIndex(t)
	res, err := ix.Search(context.Background(), Query{Q: `+refund +nps:>=9`, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got := hitIDs(res); !slices.Equal(slices.Sorted(slices.Values(got)), []string{"c02", "c07"}) {
		t.Fatalf("hits = %v, want c02 and c07", got)
	}
	for _, h := range res.Hits {
		if len(h.Matches) == 0 {
			t.Errorf("%s: no highlighted match for refund", h.ID)
		}
		for _, m := range h.Matches {
			if w := strings.ToLower(h.Text[m.Start:m.End]); !strings.HasPrefix(w, "refund") {
				t.Errorf("%s: highlighted %q, want only refund", h.ID, w)
			}
		}
		if h.Score <= 0 {
			t.Errorf("%s: relevance score %v, want > 0", h.ID, h.Score)
		}
	}
}

// TestFactsFieldMisuse checks that a text, wildcard or wrongly typed
// clause on a score or date field is an error naming the field, not a
// silent empty result.
func TestFactsFieldMisuse(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		q    string
		pos  int
		want string
	}{
		{`refund nps:high`, 7, "nps takes a number or a range"},
		{`csat:"very good"`, 0, "csat takes a number"},
		{`+created_at:5`, 0, "created_at takes a date in quotes"},
		{`created_at:2026*`, 0, "created_at takes a range of dates"},
		{`late +sentiment_score:>"2026-01-01"`, 5, "sentiment_score takes a number"},
		{`received_at:>3`, 0, "received_at takes a date"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			_, err := ix.Search(context.Background(), Query{Q: tt.q, Size: 10})
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("err = %v, want *QueryError", err)
			}
			if qe.Pos != tt.pos {
				t.Errorf("Pos = %d, want %d (%v)", qe.Pos, tt.pos, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

// TestFactsClauseAfterReplace checks that a replaced comment's older
// version, still in an older bleve segment, is neither matched by its
// old score nor counted twice.
func TestFactsClauseAfterReplace(t *testing.T) {
	ix := fixtureIndex(t)
	specs := fixture()
	c02 := specs[1]
	c02.nps = 3
	if err := ix.Apply(context.Background(), comments([]spec{c02}), 10); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]string{
		`+nps:>=9`:         {"c07"},
		`+nps:3`:           {"c02"},
		`+refund +nps:<=3`: {"c01", "c02"},
		`-nps:>=3 +refund`: {"c01", "c06"},
	} {
		res, err := ix.Search(context.Background(), Query{Q: q, Sort: Oldest, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(res); !slices.Equal(got, want) || res.Total != uint64(len(want)) {
			t.Errorf("%s: hits = %v (total %d), want %v", q, got, res.Total, want)
		}
	}
}
