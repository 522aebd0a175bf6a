package index

import (
	"context"
	"errors"
	"fmt"
	"github.com/feedbackd/feedbackd/index/facts"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

func TestFilters(t *testing.T) {
	ix := fixtureIndex(t)
	date := func(s string) time.Time {
		d, err := time.Parse(dayLayout, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name string
		q    Query
		want []string // ids, oldest first
	}{
		{"everything", Query{}, []string{"c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09"}},
		{"parent touchpoint matches children", Query{Filter: facts.Filter{Touchpoints: []string{"billing"}}}, []string{"c01", "c02", "c03", "c06", "c07"}},
		{"leaf touchpoint", Query{Filter: facts.Filter{Touchpoints: []string{"billing/invoices"}}}, []string{"c03"}},
		{"touchpoints are ORed", Query{Filter: facts.Filter{Touchpoints: []string{"billing/invoices", "delivery"}}}, []string{"c03", "c04", "c07"}},
		{"trailing slash ignored", Query{Filter: facts.Filter{Touchpoints: []string{"people/"}}}, []string{"c05", "c09"}},
		{"sentiment", Query{Filter: facts.Filter{Sentiments: []string{"negative"}}}, []string{"c01", "c03", "c04", "c09"}},
		{"kinds are ANDed", Query{Filter: facts.Filter{Sentiments: []string{"negative"}, Audiences: []string{"customer"}, Sources: []string{"survey"}}}, []string{"c01", "c03"}},
		{"meta values ORed", Query{Filter: facts.Filter{Meta: map[string][]string{"channel": {"chat", "phone"}}}}, []string{"c02", "c04", "c06", "c07"}},
		{"meta name case-insensitive", Query{Filter: facts.Filter{Meta: map[string][]string{"Channel": {"email"}}}}, []string{"c01", "c03"}},
		{"from inclusive, to exclusive", Query{Filter: facts.Filter{From: date("2026-03-03"), To: date("2026-04-01")}}, []string{"c02", "c03", "c04"}},
		{"detractors", Query{Filter: facts.Filter{NPS: Between(0, 6)}}, []string{"c01", "c08"}},
		{"csat at most 2", Query{Filter: facts.Filter{CSAT: AtMost(2)}}, []string{"c03"}},
		{"ces at least 5", Query{Filter: facts.Filter{CES: AtLeast(5)}}, []string{"c04"}},
		{"sentiment score range", Query{Filter: facts.Filter{SentimentScore: Between(-0.65, -0.45)}}, []string{"c04", "c09"}},
		{"sentiment score bounds are inclusive", Query{Filter: facts.Filter{SentimentScore: Between(0.7, 0.8)}}, []string{"c05", "c07"}},
		{"query string and filter", Query{Q: "refund", Filter: facts.Filter{Sentiments: []string{"positive"}}}, []string{"c02", "c07"}},
		{"query string fields", Query{Q: `+touchpoint:billing -sentiment:negative`}, []string{"c02", "c06", "c07"}},
		{"quoted keyword in query string", Query{Q: `+touchpoint:"billing/refunds" +meta:"channel=chat"`}, []string{"c02", "c06", "c07"}},
		{"numeric range in query string", Query{Q: `+nps:>=9`}, []string{"c02", "c07"}},
		{"stemmed text", Query{Q: "+refunds +took"}, []string{"c01"}},
		{"phrase", Query{Q: `"easy refund"`}, []string{"c07"}},
		{"untagged flag", Query{Q: `+untagged:true`}, []string{"c08"}},
		{"empty filter values are ignored", Query{Filter: facts.Filter{Sources: []string{""}}}, []string{"c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Sort = Oldest
			tt.q.Size = 100
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := hitIDs(res); !slices.Equal(got, tt.want) {
				t.Errorf("hits = %v, want %v", got, tt.want)
			}
			if res.Total != uint64(len(tt.want)) {
				t.Errorf("total = %d, want %d", res.Total, len(tt.want))
			}
		})
	}
}

func TestSortOrders(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		q    Query
		want []string
	}{
		{Query{Sort: Newest}, []string{"c09", "c08", "c07", "c06", "c05", "c04", "c03", "c02", "c01"}},
		{Query{Sort: Oldest}, []string{"c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09"}},
		// ties (c06 and c08 at 0) break by id
		{Query{Sort: MostNegative}, []string{"c01", "c09", "c04", "c03", "c06", "c08", "c02", "c05", "c07"}},
		{Query{Sort: MostPositive}, []string{"c07", "c05", "c02", "c06", "c08", "c03", "c04", "c09", "c01"}},
		// relevance without a query string sorts newest first
		{Query{Sort: Relevance}, []string{"c09", "c08", "c07", "c06", "c05", "c04", "c03", "c02", "c01"}},
		// c02 is short and starts with the term; c01 is longest
		{Query{Q: "refund"}, []string{"c02", "c06", "c07", "c01"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %q", tt.q.Sort, tt.q.Q), func(t *testing.T) {
			tt.q.Size = 20
			res, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := hitIDs(res); !slices.Equal(got, tt.want) {
				t.Errorf("hits = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSearchAfterPaging pages through 3 pages in every order and checks
// that together they hold every match exactly once, in order.
func TestSearchAfterPaging(t *testing.T) {
	ix := openTemp(t)
	const n = 100
	gen := newGenerator(7)
	docs := gen.comments(n)
	// Make ties: many comments share created_at and sentiment score.
	for i := range docs {
		docs[i].CreatedAt = docs[i%10].CreatedAt
		if i%3 == 0 {
			docs[i].Tags.Sentiment.Score.Score = 0
		}
	}
	if err := ix.Apply(context.Background(), docs, n); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		sort Sort
		q    string
	}{{Newest, ""}, {Oldest, ""}, {MostNegative, ""}, {MostPositive, ""}, {Relevance, "app delivery refund support"}} {
		t.Run(string(tc.sort), func(t *testing.T) {
			full, err := ix.Search(context.Background(), Query{Q: tc.q, Sort: tc.sort, Size: n})
			if err != nil {
				t.Fatal(err)
			}
			if full.Next != "" {
				t.Errorf("a page holding every match has Next %q", full.Next)
			}
			size := int(full.Total/3) + 1 // three pages, the last one short
			var paged []string
			after := ""
			pages := 0
			for {
				res, err := ix.Search(context.Background(), Query{Q: tc.q, Sort: tc.sort, Size: size, After: after})
				if err != nil {
					t.Fatal(err)
				}
				pages++
				if res.Total != full.Total {
					t.Errorf("page %d total = %d, want %d", pages, res.Total, full.Total)
				}
				paged = append(paged, hitIDs(res)...)
				if res.Next == "" {
					break
				}
				after = res.Next
				if pages > 5 {
					t.Fatal("paging does not end")
				}
			}
			if pages != 3 {
				t.Errorf("%d pages of %d for %d matches, want 3", pages, size, full.Total)
			}
			if want := hitIDs(full); !slices.Equal(paged, want) {
				t.Errorf("paged hits differ from one big page:\npaged %v\nfull  %v", paged, want)
			}
		})
	}
	t.Run("cursor of another sort", func(t *testing.T) {
		res, err := ix.Search(context.Background(), Query{Sort: Newest, Size: 5})
		if err != nil {
			t.Fatal(err)
		}
		_, err = ix.Search(context.Background(), Query{Sort: Oldest, Size: 5, After: res.Next})
		var qe *QueryError
		if !errors.As(err, &qe) || !strings.Contains(err.Error(), "newest") {
			t.Errorf("err = %v, want a QueryError naming the cursor's sort", err)
		}
		for _, bad := range []string{"garbage!", "eyJzIjoibmV3ZXN0IiwidiI6WyJ4IiwieSJdfQ"} {
			_, err = ix.Search(context.Background(), Query{Sort: Newest, Size: 5, After: bad})
			if !errors.As(err, &qe) {
				t.Errorf("cursor %q: err = %v, want *QueryError", bad, err)
			}
		}
	})
}

func TestSizeZero(t *testing.T) {
	ix := fixtureIndex(t)
	res, err := ix.Search(context.Background(), Query{Q: "refund", Facets: FacetRequest{Fields: []string{FacetSentiment}}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 4 || len(res.Hits) != 0 || res.Next != "" {
		t.Errorf("total %d, %d hits, next %q; want 4, 0, \"\"", res.Total, len(res.Hits), res.Next)
	}
	if len(res.Facets[FacetSentiment].Terms) == 0 {
		t.Error("size 0 returned no facets")
	}
	for _, size := range []int{-1, MaxSize + 1} {
		if _, err := ix.Search(context.Background(), Query{Size: size}); err == nil {
			t.Errorf("size %d accepted", size)
		}
	}
}

func TestMalformedQuery(t *testing.T) {
	ix := fixtureIndex(t)
	tests := []struct {
		q    string
		pos  int // 0-based byte offset, -1 for none
		want string
	}{
		{`refund "late delivery`, 7, "unclosed quote"},
		{`refund touchpoint:`, 7, "a field needs a value"},
		{`refund late -`, 12, "+ and - go right before a term"},
		{`refund nps:>=`, 7, "`nps:>=`"},
		{`late nps:>abc delivery`, 5, "`nps:>abc`"},
		{`created_at:>"yesterday"`, 0, "invalid time"},
		{`refund /[a-/`, -1, "regexp"},
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
			if tt.pos >= 0 && !strings.Contains(err.Error(), fmt.Sprintf("at character %d", tt.pos+1)) {
				t.Errorf("error %q does not say where", err)
			}
		})
	}
	for _, bad := range []Query{
		{Sort: "sideways"},
		{Filter: facts.Filter{NPS: Between(9, 3)}},
		{Filter: facts.Filter{From: time.Now(), To: time.Now().Add(-time.Hour)}},
	} {
		var qe *QueryError
		if _, err := ix.Search(context.Background(), bad); !errors.As(err, &qe) {
			t.Errorf("%+v: err = %v, want *QueryError", bad, err)
		}
	}
}

func TestHitFields(t *testing.T) {
	ix := openTemp(t)
	c := spec{id: "m1", text: "x", source: "s", audience: "customer", label: "negative", score: -0.5,
		touch: []string{"billing/refunds"}, meta: map[string]string{"region": "EU"}, nps: 3, csat: 2, ces: 7, day: "2026-01-05"}.comment()
	c.Fields = []corpus.TextField{{Name: "pros", Text: "Fast refund"}, {Name: "cons", Text: "Rude agent"}}
	c.Redacted = []string{"email"}
	if err := ix.Apply(context.Background(), []corpus.Comment{c}, 1); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Query{Q: "rude", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("%d hits, want 1", len(res.Hits))
	}
	h := res.Hits[0]
	if h.Text != c.Text() {
		t.Errorf("Text = %q, want %q", h.Text, c.Text())
	}
	for i, f := range h.Fields {
		if got := h.Text[f.Start:f.End]; got != c.Fields[i].Text || f.Name != c.Fields[i].Name {
			t.Errorf("field %d = %s %q, want %s %q", i, f.Name, got, c.Fields[i].Name, c.Fields[i].Text)
		}
	}
	if got := h.Text[h.Matches[0].Start:h.Matches[0].End]; got != "Rude" {
		t.Errorf("match = %q, want Rude", got)
	}
	if !h.CreatedAt.Equal(c.CreatedAt) || h.Source != "s" || h.Audience != "customer" ||
		*h.Scores.NPS != 3 || *h.Scores.CSAT != 2 || *h.Scores.CES != 7 || h.Meta["region"] != "EU" ||
		h.Sentiment.Label != "negative" || h.Sentiment.Score != -0.5 || len(h.Touchpoints) != 1 ||
		h.Touchpoints[0].ID != "billing/refunds" || h.TaxonomyVersion != "tax-1" || h.Redacted[0] != "email" {
		t.Errorf("hit fields wrong: %+v", h)
	}
}

// Fewer employee comments than the anonymity threshold are neither listed
// nor counted.
func TestSearchEmployeeAnonymity(t *testing.T) {
	ix, err := Open(filepath.Join(t.TempDir(), "index"), Options{MinEmployeeGroup: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Apply(context.Background(), comments(fixture()), 9); err != nil {
		t.Fatal(err)
	}
	// The fixture has two employee comments (c05, c09).
	res, err := ix.Search(context.Background(), Query{Size: 20, Facets: AllFacets(NoHistogram)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 7 || res.Hidden != 2 || slices.Contains(hitIDs(res), "c05") {
		t.Errorf("total %d hidden %d hits %v; want 7, 2, no employee", res.Total, res.Hidden, hitIDs(res))
	}
	for _, term := range res.Facets[FacetAudience].Terms {
		if term.Term == "employee" {
			t.Errorf("audience facet counts %d employees", term.Count)
		}
	}
}
