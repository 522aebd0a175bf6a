package classify

import (
	"os"
	"sync"
	"testing"

	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/sentiment"
)

// fixture is built once per test binary: prose's tokenizer and the lexicon
// take milliseconds to load.
type fixture struct {
	tz  *sentiment.Tokenizer
	an  *sentiment.Analyzer
	tax *Taxonomy
	c   *Classifier
}

var loadFixture = sync.OnceValues(func() (*fixture, error) {
	tz := sentiment.NewTokenizer()
	lex, err := sentiment.LoadLexicon(tz, configs.Lexicon(), configs.LexiconName)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile("testdata/taxonomy.good.yaml")
	if err != nil {
		return nil, err
	}
	tax, err := LoadTaxonomy(tz, data, "testdata/taxonomy.good.yaml")
	if err != nil {
		return nil, err
	}
	an := sentiment.New(tz, lex)
	return &fixture{tz: tz, an: an, tax: tax, c: New(tax, an)}, nil
})

func testFixture(tb testing.TB) *fixture {
	tb.Helper()
	f, err := loadFixture()
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// ids returns the touchpoint ids of a result.
func ids(r Result) []string {
	out := []string{}
	for _, tp := range r.Touchpoints {
		out = append(out, tp.ID)
	}
	return out
}
