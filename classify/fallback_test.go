package classify

import (
	"slices"
	"strings"
	"testing"
)

const fallbackTaxonomy = `
version: "t1"
touchpoints:
  - id: delivery
    audience: customer
    match: [deliver*, parcel]
  - id: pay
    audience: employee
    match: [salary, pay]
  - id: other
    label: Anything else
    fallback: true
  - id: visit
    fallback: true
    match: [visit]
`

func TestFallbackTouchpoints(t *testing.T) {
	f := testFixture(t)
	tax, err := LoadTaxonomy(f.tz, []byte(fallbackTaxonomy), "fallback.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := New(tax, f.an)
	cases := []struct {
		name     string
		comment  Comment
		want     []string
		evidence string
	}{
		{"nothing else matched", Comment{Text: "Lovely people, would come again."}, []string{"other", "visit"}, fallbackRule},
		{"another touchpoint matched", Comment{Text: "The parcel was late."}, []string{"delivery"}, ""},
		{"fallback's own rule with another touchpoint", Comment{Text: "Our visit: the parcel was late."}, []string{"delivery", "visit"}, `match "visit"`},
		{"fallback's own rule alone keeps order", Comment{Text: "A short visit."}, []string{"other", "visit"}, `match "visit"`},
		{"other audience's match does not count", Comment{Text: "The pay is fine.", Audience: "customer"}, []string{"other", "visit"}, fallbackRule},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Classify(tc.comment)
			if got := ids(r); !slices.Equal(got, tc.want) {
				t.Fatalf("touchpoints %v, want %v", got, tc.want)
			}
			if r.Untagged {
				t.Error("a comment with a fallback touchpoint is not untagged")
			}
			if tc.evidence != "" {
				var rules []string
				for _, tp := range r.Touchpoints {
					for _, e := range tp.Evidence {
						rules = append(rules, e.Rule)
					}
				}
				if !slices.Contains(rules, tc.evidence) {
					t.Errorf("evidence %v lacks %q", rules, tc.evidence)
				}
			}
		})
	}
}

func TestFallbackMustBeBoolean(t *testing.T) {
	f := testFixture(t)
	_, err := LoadTaxonomy(f.tz, []byte("touchpoints:\n  - id: other\n    fallback: yes please\n"), "bad.yaml")
	if err == nil || !strings.Contains(err.Error(), `bad.yaml:3: touchpoint "other": fallback "yes please": want true or false`) {
		t.Errorf("error %v", err)
	}
}
