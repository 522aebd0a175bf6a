package index

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"testing"
)

// facetCase is one data-driven expectation in testdata/facets.json.
type facetCase struct {
	Name     string                    `json:"name"`
	Query    Query                     `json:"query"`
	Total    uint64                    `json:"total"`
	Facets   map[string]map[string]int `json:"facets"`
	Dates    map[string]int            `json:"dates"`
	DatesLen int                       `json:"dates_len"`
}

func TestFacets(t *testing.T) {
	raw, err := os.ReadFile("testdata/facets.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []facetCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	ix := fixtureIndex(t)
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			res, err := ix.Search(context.Background(), tc.Query)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tc.Total {
				t.Errorf("total = %d, want %d", res.Total, tc.Total)
			}
			if len(res.Hits) != 0 {
				t.Errorf("size 0 returned %d hits", len(res.Hits))
			}
			for name, want := range tc.Facets {
				f, ok := res.Facets[name]
				if !ok {
					t.Errorf("facet %s missing", name)
					continue
				}
				got := map[string]int{}
				for _, term := range f.Terms {
					got[term.Term] = term.Count
				}
				if !equalCounts(got, want) {
					t.Errorf("facet %s = %v, want %v", name, got, want)
				}
			}
			if tc.Dates != nil {
				got := map[string]int{}
				for _, b := range res.Dates {
					got[b.Key] = b.Count
				}
				if !equalCounts(got, tc.Dates) {
					t.Errorf("dates = %v, want %v", got, tc.Dates)
				}
			}
			if tc.DatesLen > 0 && len(res.Dates) != tc.DatesLen {
				t.Errorf("%d date buckets, want %d", len(res.Dates), tc.DatesLen)
			}
			for i := 1; i < len(res.Dates); i++ {
				if !res.Dates[i].Start.After(res.Dates[i-1].Start) {
					t.Errorf("date buckets out of order at %d: %v", i, res.Dates)
				}
			}
		})
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestUnknownFacet(t *testing.T) {
	ix := fixtureIndex(t)
	for _, f := range []FacetRequest{{Fields: []string{"colour"}}, {Fields: []string{"meta."}}, {Dates: "fortnight"}} {
		_, err := ix.Search(context.Background(), Query{Facets: f})
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("facets %+v: err = %v, want *QueryError", f, err)
		}
	}
}
