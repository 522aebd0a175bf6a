package sentiment_test

import (
	"fmt"

	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/sentiment"
)

func Example() {
	tz := sentiment.NewTokenizer()
	lex, err := sentiment.LoadLexicon(tz, configs.Lexicon(), configs.LexiconName)
	if err != nil {
		panic(err)
	}
	an := sentiment.New(tz, lex)

	res := an.Analyze("Flight delayed 3 hours, no one at the desk")
	fmt.Println(res.Label, res.Score.Score)
	for _, e := range res.Evidence {
		fmt.Printf("%q [%d:%d] %s %s %.1f\n", e.Term, e.Start, e.End, e.Source, e.Rule, e.Weight)
	}
	// Output:
	// negative -0.751
	// "delayed 3 hours" [7:22] phrase delayed-duration -2.2
	// "no one at the desk" [24:42] phrase no-response -2.2
}
