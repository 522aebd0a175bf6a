package facts

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/sentiment"
)

func ptr(v int) *int { return &v }

// comment builds a tagged comment; tps are "id:label" pairs.
func comment(id, source string, created string, label sentiment.Label, score float64, nps *int, meta map[string]string, text string, tps ...string) corpus.Comment {
	at, err := time.Parse(time.RFC3339, created)
	if err != nil {
		panic(err)
	}
	c := corpus.Comment{ID: id, Source: source, Audience: corpus.Customer, CreatedAt: at,
		Fields: []corpus.TextField{{Name: "text", Text: text}}, Scores: corpus.Scores{NPS: nps}, Meta: meta}
	res := classify.Result{Sentiment: sentiment.Result{Score: sentiment.Score{Label: label, Score: score}}}
	for _, tp := range tps {
		res.Touchpoints = append(res.Touchpoints, classify.Touchpoint{ID: tp, Sentiment: sentiment.Score{Label: label, Score: score}})
	}
	c.Tags = &corpus.Tags{Result: res}
	return c
}

func fixture() []corpus.Comment {
	return []corpus.Comment{
		comment("a", "survey", "2026-03-02T10:00:00Z", sentiment.Negative, -0.8, ptr(2), map[string]string{"channel": "phone"}, "The refund never arrived, refund team useless", "billing/refunds"),
		comment("b", "survey", "2026-03-03T10:00:00Z", sentiment.Positive, 0.7, ptr(10), map[string]string{"channel": "chat"}, "Great delivery", "delivery"),
		comment("c", "widget", "2026-03-09T23:30:00Z", sentiment.Negative, -0.5, nil, nil, "Invoice wrong and refund slow", "billing/invoices", "billing/refunds"),
		comment("d", "widget", "2026-03-10T08:00:00Z", sentiment.Neutral, 0, ptr(8), map[string]string{"channel": "phone"}, "ok"),
	}
}

func selectIDs(t *testing.T, tb *Table, f Filter) []string {
	t.Helper()
	v := tb.View()
	defer v.Close()
	rows, err := v.Select(&f, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	rows.Each(func(r uint32) { ids = append(ids, v.ID(r)) })
	return ids
}

func TestSelect(t *testing.T) {
	tb := New(time.UTC)
	tb.Apply(fixture(), 4)
	lo, hi := 0.0, 6.0
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"all", Filter{}, []string{"a", "b", "c", "d"}},
		{"parent touchpoint keeps children, once", Filter{Touchpoints: []string{"billing"}}, []string{"a", "c"}},
		{"child", Filter{Touchpoints: []string{"billing/invoices"}}, []string{"c"}},
		{"unknown touchpoint", Filter{Touchpoints: []string{"nope"}}, nil},
		{"labels ored", Filter{Sentiments: []string{"positive", "neutral"}}, []string{"b", "d"}},
		{"source and label anded", Filter{Sources: []string{"widget"}, Sentiments: []string{"negative"}}, []string{"c"}},
		{"meta", Filter{Meta: map[string][]string{"channel": {"phone"}}}, []string{"a", "d"}},
		{"meta unknown field", Filter{Meta: map[string][]string{"region": {"eu"}}}, nil},
		{"nps range excludes missing", Filter{NPS: Range{Min: &lo, Max: &hi}}, []string{"a"}},
		{"dates from inclusive to exclusive", Filter{From: time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC)}, []string{"b", "c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := selectIDs(t, tb, tt.f); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := tb.View().Select(&Filter{Sentiments: []string{"angry"}}, nil); err == nil {
		t.Error("unknown sentiment: no error")
	}
}

func TestFacets(t *testing.T) {
	tb := New(time.UTC)
	tb.Apply(fixture(), 4)
	v := tb.View()
	defer v.Close()
	all := v.Live()
	fs, err := v.Facets(&all, []string{FacetTouchpoint, FacetSentiment, FacetSource, "meta.channel"}, 2, EmployeeGroups{})
	if err != nil {
		t.Fatal(err)
	}
	// billing counts a and c once each although c has two billing children.
	tp := fs[FacetTouchpoint]
	if want := []TermCount{{"billing", 2}, {"billing/refunds", 2}}; !slices.Equal(tp.Terms, want) {
		t.Errorf("touchpoint terms %v, want %v", tp.Terms, want)
	}
	if tp.Other != 2 || tp.Missing != 1 { // delivery 1 + invoices 1; d untagged
		t.Errorf("touchpoint other %d missing %d, want 2 and 1", tp.Other, tp.Missing)
	}
	if ch := fs["meta.channel"]; !slices.Equal(ch.Terms, []TermCount{{"phone", 2}, {"chat", 1}}) || ch.Missing != 1 {
		t.Errorf("channel %+v", ch)
	}
	if s := fs[FacetSentiment]; !slices.Equal(s.Terms, []TermCount{{"negative", 2}, {"neutral", 1}}) || s.Other != 1 {
		t.Errorf("sentiment %+v", s)
	}
	days := v.DayCounts(&all)
	if len(days) != 4 || days[DayOf(time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), time.UTC)] != 1 {
		t.Errorf("days %v", days)
	}
}

func TestDayInZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	// 2026-03-09T23:30Z is still 9 March in New York, 03:30 UTC on the
	// 10th is the 9th there too.
	for _, tc := range []struct {
		at   string
		want string
	}{{"2026-03-09T23:30:00Z", "2026-03-09"}, {"2026-03-10T03:30:00Z", "2026-03-09"}, {"2026-03-10T05:00:00Z", "2026-03-10"}} {
		at, _ := time.Parse(time.RFC3339, tc.at)
		if got := DayStart(DayOf(at, ny), ny).Format(time.DateOnly); got != tc.want {
			t.Errorf("%s: day %s, want %s", tc.at, got, tc.want)
		}
	}
}

func TestTopAndPaging(t *testing.T) {
	tb := New(time.UTC)
	tb.Apply(fixture(), 4)
	v := tb.View()
	defer v.Close()
	all := v.Live()
	ids := func(rows []uint32) []string {
		var out []string
		for _, r := range rows {
			out = append(out, v.ID(r))
		}
		return out
	}
	for _, tc := range []struct {
		o    Order
		want []string
	}{
		{Newest, []string{"d", "c", "b", "a"}},
		{Oldest, []string{"a", "b", "c", "d"}},
		{MostNegative, []string{"a", "c", "d", "b"}},
		{MostPositive, []string{"b", "d", "c", "a"}},
	} {
		var got []string
		var after *Key
		for range 3 { // pages of 2: the third is empty
			rows, keys := v.Top(&all, tc.o, nil, after, 2)
			got = append(got, ids(rows)...)
			if len(keys) == 0 {
				break
			}
			after = &keys[len(keys)-1]
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("order %d: %v, want %v", tc.o, got, tc.want)
		}
	}
	// Relevance: highest first, ties by id, only candidates in rows, and
	// paging after a key.
	scored := []Scored{{3, 1}, {1, 1}, {0, 1}, {2, 2}}
	noB := all
	noB.Clear(1)
	rows, keys := v.Top(&noB, ByRelevance, scored, nil, 2)
	if got := ids(rows); !slices.Equal(got, []string{"c", "a"}) {
		t.Errorf("relevance page 1: %v, want [c a]", got)
	}
	rows, _ = v.Top(&noB, ByRelevance, scored, &keys[1], 2)
	if got := ids(rows); !slices.Equal(got, []string{"d"}) {
		t.Errorf("relevance page 2: %v, want [d]", got)
	}
}

func TestRetagReplacesRowAndCompacts(t *testing.T) {
	tb := New(time.UTC)
	tb.Apply(fixture(), 4)
	for i := range 20000 { // enough retags to trigger compaction
		c := fixture()[0]
		if i%2 == 0 {
			c.Tags.Touchpoints[0].ID = "delivery"
		}
		tb.Apply([]corpus.Comment{c}, 0)
	}
	if tb.Len() != 4 || tb.UpTo() != 4 {
		t.Fatalf("len %d upto %d", tb.Len(), tb.UpTo())
	}
	if got := selectIDs(t, tb, Filter{Touchpoints: []string{"billing/refunds"}}); !slices.Equal(got, []string{"a", "c"}) {
		t.Errorf("after retags: %v", got)
	}
	if n := len(tb.cols.MentionBuf); n > 2*tb.cols.liveMentions+minGarbage {
		t.Errorf("mention buffer %d entries not compacted", n)
	}
	tb.Delete([]string{"a"})
	if got := selectIDs(t, tb, Filter{}); !slices.Equal(got, []string{"b", "c", "d"}) {
		t.Errorf("after delete: %v", got)
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	tb := New(time.UTC)
	tb.Apply(fixture(), 7)
	tb.Delete([]string{"d"})
	path := filepath.Join(t.TempDir(), "facts.bin")
	if err := tb.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if got.UpTo() != 7 || got.Len() != 3 {
		t.Errorf("loaded upto %d len %d", got.UpTo(), got.Len())
	}
	if ids := selectIDs(t, got, Filter{Touchpoints: []string{"billing"}, Meta: map[string][]string{"channel": {"phone"}}}); !slices.Equal(ids, []string{"a"}) {
		t.Errorf("loaded select %v", ids)
	}
	// New comments after loading extend the dictionaries.
	got.Apply([]corpus.Comment{comment("e", "survey", "2026-04-01T00:00:00Z", sentiment.Negative, -0.3, nil, map[string]string{"channel": "phone"}, "x", "billing/refunds")}, 8)
	if ids := selectIDs(t, got, Filter{Touchpoints: []string{"billing"}, Meta: map[string][]string{"channel": {"phone"}}}); !slices.Equal(ids, []string{"a", "e"}) {
		t.Errorf("after apply: %v", ids)
	}
	if _, err := Load(path, time.FixedZone("X", 3600)); err == nil {
		t.Error("another zone: no error")
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing"), time.UTC); err == nil {
		t.Error("missing: no error")
	}
}

func TestTerms(t *testing.T) {
	got := Terms("The refund never arrived! Refund-team useless, don't care")
	want := []string{"refund", "refund never", "never", "never arrived", "arrived", "refund", "team", "team useless", "useless", "care"}
	if !slices.Equal(got, want) {
		t.Errorf("Terms = %q,\nwant %q", got, want)
	}
	buf := AppendTerms(nil, "refund refund refund late")
	if len(buf) != 4 { // refund, refund refund, late, refund late
		t.Errorf("distinct hashes %d, want 4", len(buf))
	}
}

func TestEmployeeAnonymity(t *testing.T) {
	tb := New(time.UTC)
	var cs []corpus.Comment
	// Team a: 5 employees (shown); team b: 2 employees and 1 customer.
	for i, team := range []string{"a", "a", "a", "a", "a", "b", "b"} {
		c := comment(fmt.Sprintf("e%d", i), "hr", "2026-03-02T10:00:00Z", sentiment.Negative, -0.5, nil, map[string]string{"team": team}, "pay late", "people/pay")
		c.Audience = corpus.Employee
		cs = append(cs, c)
	}
	cs = append(cs, comment("c1", "survey", "2026-03-02T10:00:00Z", sentiment.Positive, 0.5, nil, map[string]string{"team": "b"}, "nice", "delivery"))
	tb.Apply(cs, 1)
	v := tb.View()
	defer v.Close()
	all := v.Live()
	fs, err := v.Facets(&all, []string{"meta.team", FacetTouchpoint, FacetAudience}, 10, EmployeeGroups{Min: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fs["meta.team"].Terms, []TermCount{{"a", 5}, {"b", 1}}; !slices.Equal(got, want) {
		t.Errorf("team facet %v, want %v (team b's 2 employees hidden)", got, want)
	}
	if got, want := fs[FacetAudience].Terms, []TermCount{{"employee", 7}, {"customer", 1}}; !slices.Equal(got, want) {
		t.Errorf("audience facet %v, want %v", got, want)
	}
	teamB, err := v.Select(&Filter{Meta: map[string][]string{"team": {"b"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := v.HideSmallEmployeeGroup(&teamB, EmployeeGroups{Min: 5}); n != 2 || teamB.Count() != 1 {
		t.Errorf("team b: hid %d, left %d; want 2 and 1", n, teamB.Count())
	}
	if n := v.HideSmallEmployeeGroup(&all, EmployeeGroups{Min: 5}); n != 0 || all.Count() != 8 {
		t.Errorf("everyone: hid %d, left %d; want 0 and 8", n, all.Count())
	}
}

// Facets over a selection large enough to be counted in parallel agree
// with a plain count.
func TestFacetsLargeSelection(t *testing.T) {
	tb := New(time.UTC)
	const n = 3 * parallelWords * 64
	cs := make([]corpus.Comment, 0, n)
	for i := range n {
		label := []sentiment.Label{sentiment.Positive, sentiment.Negative, sentiment.Neutral}[i%3]
		tp := []string{"billing/refunds", "billing/invoices", "delivery", "app"}[i%4]
		c := comment(fmt.Sprintf("r%06d", i), []string{"a", "b"}[i%2], "2026-03-02T10:00:00Z", label, 0, nil, map[string]string{"channel": []string{"x", "y", "z"}[i%3]}, "text", tp)
		if i%7 == 0 {
			c.Audience = corpus.Employee
		}
		cs = append(cs, c)
	}
	tb.Apply(cs, 1)
	v := tb.View()
	defer v.Close()
	all := v.Live()
	all.Clear(5) // a customer comment: delivery? (5%4=1: billing/invoices), label neutral, source b, channel z
	fs, err := v.Facets(&all, []string{FacetTouchpoint, FacetSentiment, FacetSource, "meta.channel", "meta.none"}, 50, EmployeeGroups{Min: 5})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]int{FacetTouchpoint: {}, FacetSentiment: {}, FacetSource: {}, "meta.channel": {}}
	for i, c := range cs {
		if i == 5 {
			continue
		}
		tp := c.Tags.Touchpoints[0].ID
		want[FacetTouchpoint][tp]++
		if strings.HasPrefix(tp, "billing/") {
			want[FacetTouchpoint]["billing"]++
		}
		want[FacetSentiment][string(c.Tags.Sentiment.Label)]++
		want[FacetSource][c.Source]++
		want["meta.channel"][c.Meta["channel"]]++
	}
	for name, counts := range want {
		got := map[string]int{}
		for _, tc := range fs[name].Terms {
			got[tc.Term] = tc.Count
		}
		if !maps.Equal(got, counts) {
			t.Errorf("%s: %v, want %v", name, got, counts)
		}
	}
	if m := fs["meta.none"]; m.Missing != n-1 || len(m.Terms) != 0 {
		t.Errorf("absent field: %+v, want all %d missing", m, n-1)
	}
}

func TestIDs(t *testing.T) {
	var ids IDs
	ids.rehash()
	const n = 5000 // several rehashes
	for i := range n {
		if r := ids.Add(fmt.Sprintf("id-%d", i)); r != uint32(i) {
			t.Fatalf("Add #%d returned row %d", i, r)
		}
	}
	for i := range n {
		id := fmt.Sprintf("id-%d", i)
		if r, ok := ids.Lookup(id); !ok || r != uint32(i) || ids.ID(r) != id {
			t.Fatalf("Lookup(%q) = %d, %v", id, r, ok)
		}
	}
	for _, missing := range []string{"", "id-", "id-5000", "id-1x"} {
		if r, ok := ids.Lookup(missing); ok {
			t.Errorf("Lookup(%q) found row %d", missing, r)
		}
	}
}
