package facts

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/sentiment"
)

// With a respondent field, the anonymity rule counts employees, not
// comments: two people writing six comments are a group of two.
func TestEmployeeGroupsCountRespondents(t *testing.T) {
	tb := New(time.UTC)
	var cs []corpus.Comment
	employee := func(id, team, respondent, tp string) {
		meta := map[string]string{"team": team}
		if respondent != "" {
			meta["respondent"] = respondent
		}
		c := comment(id, "hr", "2026-03-02T10:00:00Z", sentiment.Negative, -0.5, nil, meta, "text", tp)
		c.Audience = corpus.Employee
		cs = append(cs, c)
	}
	// Team a: 6 comments from 2 people. Team c: 5 people, plus one
	// comment without a respondent id (counted as a person of its own).
	for i := range 6 {
		employee(fmt.Sprintf("a%d", i), "a", []string{"r1", "r2"}[i%2], "people/manager")
	}
	for i := range 5 {
		employee(fmt.Sprintf("c%d", i), "c", fmt.Sprintf("r%d", 3+i), "people/pay")
	}
	employee("c-anon", "c", "", "people/pay")
	cs = append(cs, comment("cust", "survey", "2026-03-02T10:00:00Z", sentiment.Positive, 0.5, nil, map[string]string{"team": "a"}, "nice", "delivery"))
	tb.Apply(cs, 1)
	v := tb.View()
	defer v.Close()

	byPeople := EmployeeGroups{Min: 5, Respondent: "respondent"}
	byComments := EmployeeGroups{Min: 5}
	names := []string{"meta.team", FacetTouchpoint}
	for _, tc := range []struct {
		g         EmployeeGroups
		team, tps []TermCount
		hideTeamA int
		leftTeamA int
		hideTeamC int
	}{
		{byPeople,
			[]TermCount{{"c", 6}, {"a", 1}},
			[]TermCount{{"people", 12}, {"people/pay", 6}, {"delivery", 1}},
			6, 1, 0},
		{byComments,
			[]TermCount{{"a", 7}, {"c", 6}},
			[]TermCount{{"people", 12}, {"people/manager", 6}, {"people/pay", 6}, {"delivery", 1}},
			0, 7, 0},
	} {
		t.Run(fmt.Sprintf("%+v", tc.g), func(t *testing.T) {
			all := v.Live()
			fs, err := v.Facets(&all, names, 10, tc.g)
			if err != nil {
				t.Fatal(err)
			}
			if got := fs["meta.team"].Terms; !slices.Equal(got, tc.team) {
				t.Errorf("team facet %v, want %v", got, tc.team)
			}
			if got := fs[FacetTouchpoint].Terms; !slices.Equal(got, tc.tps) {
				t.Errorf("touchpoint facet %v, want %v", got, tc.tps)
			}
			teamA, err := v.Select(&Filter{Meta: map[string][]string{"team": {"a"}}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if n := v.HideSmallEmployeeGroup(&teamA, tc.g); n != tc.hideTeamA || teamA.Count() != tc.leftTeamA {
				t.Errorf("team a: hid %d, left %d; want %d and %d", n, teamA.Count(), tc.hideTeamA, tc.leftTeamA)
			}
			teamC, err := v.Select(&Filter{Meta: map[string][]string{"team": {"c"}}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if n := v.HideSmallEmployeeGroup(&teamC, tc.g); n != tc.hideTeamC {
				t.Errorf("team c: hid %d, want %d", n, tc.hideTeamC)
			}
		})
	}

	// A respondent field no comment has: every comment is its own person.
	all := v.Live()
	fs, err := v.Facets(&all, names, 10, EmployeeGroups{Min: 5, Respondent: "nobody"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fs["meta.team"].Terms, []TermCount{{"a", 7}, {"c", 6}}; !slices.Equal(got, want) {
		t.Errorf("unknown respondent field: team facet %v, want %v", got, want)
	}
}
