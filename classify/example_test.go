package classify_test

import (
	"fmt"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/sentiment"
)

func Example() {
	// Build the tokenizer, lexicon, taxonomy and classifier once per process.
	tz := sentiment.NewTokenizer()
	lex, err := sentiment.LoadLexicon(tz, configs.Lexicon(), configs.LexiconName)
	if err != nil {
		panic(err)
	}
	tax, err := classify.LoadTaxonomy(tz, []byte(`
version: "example"
touchpoints:
  - id: app
    label: Mobile app
    match: [app]
  - id: delivery
    label: Delivery
    match: [courier]
    near:
      - {a: late|delay*, b: deliver*, within: 4}
`), "example.yaml")
	if err != nil {
		panic(err)
	}
	c := classify.New(tax, sentiment.New(tz, lex))

	r := c.Classify(classify.Comment{Text: "Love the app but the delivery was late."})
	for _, tp := range r.Touchpoints {
		fmt.Printf("%s: %s (from the %s)\n", tp.ID, tp.Sentiment.Label, tp.SentimentFrom)
		for _, e := range tp.Evidence {
			fmt.Printf("  %s matched %q at %d-%d\n", e.Rule, e.Term, e.Start, e.End)
		}
	}
	fmt.Println("untagged:", c.Classify(classify.Comment{Text: "No comment."}).Untagged)
	// Output:
	// app: positive (from the clause)
	//   match "app" matched "app" at 9-12
	// delivery: negative (from the clause)
	//   near "late|delay*" "deliver*" 4 matched "delivery was late" at 21-38
	// untagged: true
}

func ExampleLoadTaxonomy_errors() {
	tz := sentiment.NewTokenizer()
	_, err := classify.LoadTaxonomy(tz, []byte(`
version: "1"
touchpoints:
  - id: billing/refunds
    match: [refund|, money back]
    near:
      - {a: return*, b: item, within: 40}
`), "touchpoints.yaml")
	fmt.Println(err)
	// Output:
	// touchpoints.yaml:4: touchpoint "billing/refunds": parent "billing" is not declared
	// touchpoints.yaml:5: touchpoint "billing/refunds": match[0] "refund|": empty alternative
	// touchpoints.yaml:7: touchpoint "billing/refunds": near[0]: within "40": want a number of tokens from 1 to 12
}
