package api

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestSearchFilters(t *testing.T) {
	f := newFixture(t, testConfig(), nil)
	tests := []struct {
		name  string
		query string
		want  []string // ids, in order (sorted when sort is relevance)
	}{
		{"all newest first", "", []string{"c12", "c11", "c10", "c09", "c08", "c07", "c06", "c05", "c04", "c03", "c02", "c01"}},
		{"q word", "q=refund&sort=oldest", []string{"c01", "c02", "c05", "c09", "c11"}},
		{"q with sentiment", "q=refund&sentiment=negative&sort=oldest", []string{"c01", "c05", "c09"}},
		{"q must not", "q=refund+-thank&sort=oldest", []string{"c01", "c05", "c09", "c11"}},
		{"touchpoint parent matches child", "touchpoint=employee&sort=oldest", []string{"c07", "c08"}},
		{"audience and meta", "audience=customer&meta.channel=phone&sort=oldest", []string{"c05", "c06"}},
		{"meta or", "meta.channel=phone&meta.channel=email&sort=oldest", []string{"c01", "c05", "c06"}},
		{"from to dates", "from=2026-02-01&to=2026-02-16&sort=oldest", []string{"c04", "c05"}},
		{"from rfc3339", "from=2026-03-16T00:00:00Z", []string{"c12"}},
		{"nps range", "nps=..1&sort=oldest", []string{"c01", "c05"}},
		{"nps open top", "nps=9..&sort=oldest", []string{"c02", "c04"}},
		{"q field syntax with filter", "q=nps:<3&audience=customer&sort=oldest", []string{"c01", "c05", "c06", "c09"}},
		{"source", "source=test&q=courier", []string{"c04"}},
		{"sentiment score", "sentiment_score=0.3..&audience=employee", []string{"c08"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := f.search(t, tt.query)
			got := ids(r)
			if !slices.Equal(got, tt.want) {
				t.Errorf("ids %v, want %v", got, tt.want)
			}
			if r.Total != uint64(len(tt.want)) {
				t.Errorf("total %d, want %d", r.Total, len(tt.want))
			}
		})
	}
}

func TestSearchResponse(t *testing.T) {
	f := newFixture(t, testConfig(), nil)
	r := f.search(t, "q=refund&sentiment=negative&to=2026-03-01&sort=oldest&size=1&interval=month")
	if r.Total != 2 || len(r.Hits) != 1 || r.Next == "" || r.Interval != "month" {
		t.Fatalf("total %d hits %d next %q interval %q", r.Total, len(r.Hits), r.Next, r.Interval)
	}
	h := r.Hits[0]
	if h.ID != "c01" || h.Source != "test" || h.Audience != "customer" || h.Meta["channel"] != "email" || *h.Scores.NPS != 1 {
		t.Errorf("hit %+v", h)
	}
	if len(h.Fragments) == 0 || !strings.Contains(h.Fragments[0].HTML, "<mark>refund</mark>") {
		t.Errorf("fragments %+v", h.Fragments)
	}
	if len(h.Matches) == 0 || h.Text[h.Matches[0].Start:h.Matches[0].End] != "refund" {
		t.Errorf("matches %+v", h.Matches)
	}
	if h.Sentiment.Label != "negative" || len(h.Sentiment.Evidence) == 0 {
		t.Errorf("sentiment %+v", h.Sentiment)
	}
	for _, e := range h.Sentiment.Evidence {
		if h.Text[e.Start:e.End] != e.Term || e.Weight == 0 {
			t.Errorf("sentiment evidence %+v does not match the text", e)
		}
	}
	var refunds *HitTouchpoint
	for i, tp := range h.Touchpoints {
		if tp.ID == "billing/refunds" {
			refunds = &h.Touchpoints[i]
		}
	}
	if refunds == nil || refunds.Label == "" || len(refunds.Evidence) == 0 {
		t.Fatalf("touchpoints %+v", h.Touchpoints)
	}
	for _, e := range refunds.Evidence {
		if e.Rule == "" || e.Start == nil || h.Text[*e.Start:*e.End] != e.Term {
			t.Errorf("touchpoint evidence %+v does not match the text", e)
		}
	}
	if h.TaxonomyVersion == "" || h.LexiconVersion == "" {
		t.Errorf("versions %q %q", h.TaxonomyVersion, h.LexiconVersion)
	}

	// Facets: every kind, touchpoint labels, ancestors counted.
	for _, name := range []string{"touchpoint", "sentiment", "audience", "source", "channel"} {
		if len(r.Facets[name]) == 0 {
			t.Errorf("facet %s empty: %+v", name, r.Facets)
		}
	}
	found := map[string]Facet{}
	for _, ft := range r.Facets["touchpoint"] {
		found[ft.Term] = ft
	}
	if found["billing"].Count != 2 || found["billing"].Label != "Billing and payments" || found["billing/refunds"].Count != 2 {
		t.Errorf("touchpoint facet %+v", r.Facets["touchpoint"])
	}
	if len(r.Dates) != 2 || r.Dates[0].Start != "2026-01-01" || r.Dates[0].Count != 1 || r.Dates[1].Start != "2026-02-01" {
		t.Errorf("dates %+v", r.Dates)
	}

	// size=0: total and facets only.
	r = f.search(t, "size=0&interval=week")
	if r.Total != 12 || len(r.Hits) != 0 || r.Next != "" || len(r.Facets["sentiment"]) == 0 || len(r.Dates) < 10 {
		t.Errorf("size=0: total %d hits %d next %q dates %d facets %v", r.Total, len(r.Hits), r.Next, len(r.Dates), r.Facets)
	}
}

func TestSearchPaging(t *testing.T) {
	f := newFixture(t, testConfig(), nil)
	for _, sort := range []string{"newest", "most_negative", "relevance"} {
		t.Run(sort, func(t *testing.T) {
			base := "size=5&sort=" + sort
			if sort == "relevance" {
				base += "&q=" + url.QueryEscape("refund OR delivery OR the")
			}
			all := f.search(t, strings.Replace(base, "size=5", "size=100", 1))
			var got []string
			after := ""
			for pages := 0; ; pages++ {
				if pages > 10 {
					t.Fatal("paging does not end")
				}
				q := base
				if after != "" {
					q += "&after=" + url.QueryEscape(after)
				}
				r := f.search(t, q)
				if r.Total != all.Total {
					t.Fatalf("page total %d, want %d", r.Total, all.Total)
				}
				got = append(got, ids(r)...)
				if r.Next == "" {
					break
				}
				after = r.Next
			}
			if !slices.Equal(got, ids(all)) {
				t.Errorf("pages %v, want %v", got, ids(all))
			}
		})
	}
}

func TestSearchErrors(t *testing.T) {
	f := newFixture(t, testConfig(), nil)
	first := f.search(t, "size=1&sort=newest")
	tests := []struct {
		name, query string
		field       string
		pos         int // -1: none
		contains    string
	}{
		{"unclosed quote", "q=" + url.QueryEscape(`refund "late`), "q", 7, "unclosed quote"},
		{"dangling field", "q=" + url.QueryEscape("refund sentiment:"), "q", 7, "needs a value"},
		{"size too big", "size=201", "size", -1, "0 to 200"},
		{"size not a number", "size=ten", "size", -1, "want a number"},
		{"bad range", "nps=5..x", "nps", -1, "lo..hi"},
		{"inverted range", "csat=5..1", "csat", -1, "above"},
		{"bad sentiment", "sentiment=angry", "sentiment", -1, "want positive"},
		{"bad date", "from=yesterday", "from", -1, "want a date"},
		{"to before from", "from=2026-03-01&to=2026-02-01", "to", -1, "not after"},
		{"bad sort", "sort=random", "sort", -1, "want relevance"},
		{"bad interval", "interval=year", "interval", -1, "want day"},
		{"unknown param", "sentimnt=negative", "sentimnt", -1, "unknown parameter"},
		{"bad cursor", "after=garbage", "", -1, "bad page cursor"},
		{"cursor of another sort", "sort=oldest&after=" + first.Next, "", -1, "newest sort"},
		{"unknown saved search", "saved=s-99", "saved", -1, "no saved search"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, hdr, body := f.do(t, http.MethodGet, "/api/v1/search?"+tt.query, "", nil)
			if code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", code, body)
			}
			if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("content type %q", ct)
			}
			e := decodeError(t, body)
			if e.Field != tt.field || !strings.Contains(e.Msg, tt.contains) {
				t.Errorf("error %+v, want field %q containing %q", e, tt.field, tt.contains)
			}
			switch {
			case tt.pos < 0 && e.Position != nil:
				t.Errorf("position %d, want none", *e.Position)
			case tt.pos >= 0 && (e.Position == nil || *e.Position != tt.pos):
				t.Errorf("position %v, want %d", e.Position, tt.pos)
			}
		})
	}
}
