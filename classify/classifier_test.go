package classify

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

// matchTaxonomy is small enough to read next to the cases that use it.
const matchTaxonomy = `
version: "match-test"
touchpoints:
  - id: billing
    label: Billing
    audience: customer
    match: [bill|invoice|charge]
    exclude: [free of charge]
  - id: billing/refunds
    label: Refunds
    audience: customer
    match: [refund, money back]
  - id: orders
    label: Orders
    audience: customer
    match: [order]
    exclude: [in order to]
  - id: app
    label: App
    audience: customer
    match: [app]
  - id: delivery
    label: Delivery
    audience: customer
    near:
      - {a: late|delay*, b: deliver*|parcel, within: 4}
  - id: contact-centre
    label: Contact centre
    audience: customer
    match: [on hold]
    meta:
      channel: [phone, call]
  - id: workload
    label: Workload
    audience: employee
    match: [workload, overtime]
  - id: communication
    label: Communication
    match: [email]
`

func matchClassifier(t *testing.T) *Classifier {
	t.Helper()
	f := testFixture(t)
	tax, err := LoadTaxonomy(f.tz, []byte(matchTaxonomy), "match.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return New(tax, f.an)
}

// tags lists "id term" for every text evidence and "id rule" for metadata
// evidence, in result order.
func tags(r Result) []string {
	out := []string{}
	for _, tp := range r.Touchpoints {
		for _, e := range tp.Evidence {
			if e.Term != "" {
				out = append(out, tp.ID+" "+e.Term)
			} else {
				out = append(out, tp.ID+" "+e.Rule)
			}
		}
	}
	return out
}

func TestClassifyMatching(t *testing.T) {
	c := matchClassifier(t)
	customer, employee := AudienceCustomer, AudienceEmployee
	tests := []struct {
		name string
		cm   Comment
		want []string
	}{
		// Stems, not substrings.
		{"stem: charged", Comment{Text: "I was charged twice this month."}, []string{"billing charged"}},
		{"stem: refunds", Comment{Text: "Two refunds are still pending."}, []string{"billing/refunds refunds"}},
		{"stem: capitals", Comment{Text: "WHERE IS MY INVOICE"}, []string{"billing INVOICE"}},
		{"app is not appointment", Comment{Text: "I booked an appointment online."}, []string{}},
		{"app is not apply", Comment{Text: "I had to apply twice for the card."}, []string{}},
		{"apps", Comment{Text: "Both apps keep logging me out."}, []string{"app apps"}},
		{"phrase", Comment{Text: "I just want my money back!"}, []string{"billing/refunds money back"}},
		// Exclusions drop only the matches they overlap.
		{"exclusion", Comment{Text: "I called in order to ask a question."}, []string{}},
		{"exclusion keeps other mentions", Comment{Text: "I called in order to ask where my order is."}, []string{"orders order"}},
		{"exclusion of a phrase", Comment{Text: "They replaced it free of charge."}, []string{}},
		// Proximity: either order, same sentence, within the window.
		{"near: a before b", Comment{Text: "Another late delivery from you."}, []string{"delivery late delivery"}},
		{"near: b before a", Comment{Text: "The parcel was two days late."}, []string{"delivery parcel was two days late"}},
		{"near: at the window", Comment{Text: "The delivery arrived one whole week late."}, []string{"delivery delivery arrived one whole week late"}},
		{"near: beyond the window", Comment{Text: "The delivery arrived one whole week and a day late."}, []string{}},
		{"near: across sentences", Comment{Text: "The delivery came. I was late for work."}, []string{}},
		{"near: one side only", Comment{Text: "The delivery was fine."}, []string{}},
		{"near: nearest pair", Comment{Text: "Delayed again, the parcel and the delivery note."}, []string{"delivery Delayed again, the parcel"}},
		// Metadata rules.
		{"meta", Comment{Text: "Sorted quickly.", Meta: map[string]string{"channel": "phone"}}, []string{"contact-centre meta channel=phone"}},
		{"meta ignores case", Comment{Text: "Sorted quickly.", Meta: map[string]string{"Channel": " CALL "}}, []string{"contact-centre meta channel=call"}},
		{"meta other value", Comment{Text: "Sorted quickly.", Meta: map[string]string{"channel": "email"}}, []string{}},
		{"meta and text", Comment{Text: "On hold for an hour.", Meta: map[string]string{"channel": "phone"}}, []string{"contact-centre On hold", "contact-centre meta channel=phone"}},
		// Audience.
		{"employee comment skips customer touchpoints", Comment{Text: "Overtime every week and the bill for parking.", Audience: employee}, []string{"workload Overtime"}},
		{"customer comment skips employee touchpoints", Comment{Text: "Overtime every week and the bill for parking.", Audience: customer}, []string{"billing bill"}},
		{"unknown audience gets all", Comment{Text: "Overtime every week and the bill for parking.", Audience: "partner"}, []string{"billing bill", "workload Overtime"}},
		{"both applies to everyone", Comment{Text: "The email never came.", Audience: employee}, []string{"communication email"}},
		{"meta respects audience", Comment{Text: "ok", Audience: employee, Meta: map[string]string{"channel": "phone"}}, []string{}},
		// Parents and children: the most specific wins, no parent added.
		{"child only", Comment{Text: "Still no refund."}, []string{"billing/refunds refund"}},
		{"child hides matched parent", Comment{Text: "Charged twice and no refund yet."}, []string{"billing/refunds refund"}},
		// Order and untagged.
		{"taxonomy order", Comment{Text: "The app shows my order but no invoice."}, []string{"billing invoice", "orders order", "app app"}},
		{"several mentions", Comment{Text: "Bill after bill."}, []string{"billing Bill", "billing bill"}},
		{"untagged", Comment{Text: "Nothing much to say really."}, []string{}},
		{"empty", Comment{Text: ""}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Classify(tt.cm)
			if got := tags(r); !slices.Equal(got, tt.want) {
				t.Errorf("Classify(%q) = %q, want %q", tt.cm.Text, got, tt.want)
			}
			if r.Untagged != (len(tt.want) == 0) || r.Touchpoints == nil {
				t.Errorf("Untagged = %v with %d touchpoints (nil: %v)", r.Untagged, len(r.Touchpoints), r.Touchpoints == nil)
			}
			checkOffsets(t, tt.cm.Text, r)
			if r.TaxonomyVersion != c.Taxonomy().Version() || r.LexiconVersion != c.Analyzer().Lexicon().Version() {
				t.Errorf("versions %q %q", r.TaxonomyVersion, r.LexiconVersion)
			}
		})
	}
}

// checkOffsets asserts that every text evidence points at its term.
func checkOffsets(t *testing.T, raw string, r Result) {
	t.Helper()
	for _, tp := range r.Touchpoints {
		if len(tp.Evidence) == 0 || tp.Mentions < len(tp.Evidence) {
			t.Errorf("%s: %d evidence, %d mentions", tp.ID, len(tp.Evidence), tp.Mentions)
		}
		for _, e := range tp.Evidence {
			if e.Term == "" {
				if !strings.HasPrefix(e.Rule, "meta ") || e.Start != 0 || e.End != 0 {
					t.Errorf("%s: evidence %+v has no term", tp.ID, e)
				}
				continue
			}
			if e.Start < 0 || e.End > len(raw) || e.Start >= e.End || raw[e.Start:e.End] != e.Term {
				t.Errorf("%s: evidence %+v does not point at its term in %q", tp.ID, e, raw)
			}
		}
	}
}

func TestClassifyEvidenceRules(t *testing.T) {
	c := matchClassifier(t)
	r := c.Classify(Comment{Text: "Late delivery, and I was charged for it.", Meta: map[string]string{"channel": "call"}})
	var got []string
	for _, tp := range r.Touchpoints {
		for _, e := range tp.Evidence {
			got = append(got, e.Rule)
		}
	}
	want := []string{`match "bill|invoice|charge"`, `near "late|delay*" "deliver*|parcel" 4`, `meta channel=call`}
	if !slices.Equal(got, want) {
		t.Errorf("rules = %q, want %q", got, want)
	}
}

func TestClassifyLongComment(t *testing.T) {
	c := matchClassifier(t)
	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString("The parcel was late again and the invoice was wrong. I waited in order to speak to someone. ")
	}
	raw := b.String()
	r := c.Classify(Comment{Text: raw})
	if got := ids(r); !slices.Equal(got, []string{"billing", "delivery"}) {
		t.Fatalf("touchpoints %q", got)
	}
	for _, tp := range r.Touchpoints {
		if len(tp.Evidence) != maxEvidence || tp.Mentions < 10000 {
			t.Errorf("%s: %d evidence for %d mentions, want %d listed", tp.ID, len(tp.Evidence), tp.Mentions, maxEvidence)
		}
	}
	checkOffsets(t, raw, r)
}

func TestClassifyTextMatchesClassify(t *testing.T) {
	c := matchClassifier(t)
	cm := Comment{Text: "Late delivery and no refund."}
	a := c.Classify(cm)
	b := c.ClassifyText(c.Analyzer().Tokenizer().Prepare(cm.Text), Comment{})
	if !slices.Equal(tags(a), tags(b)) {
		t.Errorf("Classify %q, ClassifyText %q", tags(a), tags(b))
	}
}

// TestClassifyConcurrent checks that one Classifier serves many goroutines
// (its scratch pool included) with the same results as one.
func TestClassifyConcurrent(t *testing.T) {
	f := testFixture(t)
	want := make([][]string, len(benchComments))
	for i, cm := range benchComments {
		want[i] = tags(f.c.Classify(cm))
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 50; n++ {
				i := (g + n) % len(benchComments)
				if got := tags(f.c.Classify(benchComments[i])); !slices.Equal(got, want[i]) {
					t.Errorf("comment %d: got %q, want %q", i, got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}
