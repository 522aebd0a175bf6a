package sentiment_test

import (
	"sync"
	"testing"

	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/sentiment"
)

var (
	analyzerOnce sync.Once
	analyzer     *sentiment.Analyzer
	analyzerErr  error
)

// newAnalyzer returns an Analyzer over the embedded default lexicon, built
// once for the whole test binary (loading takes a few milliseconds).
func newAnalyzer(tb testing.TB) *sentiment.Analyzer {
	tb.Helper()
	analyzerOnce.Do(func() {
		tz := sentiment.NewTokenizer()
		lex, err := sentiment.LoadLexicon(tz, configs.Lexicon(), configs.LexiconName)
		if err != nil {
			analyzerErr = err
			return
		}
		analyzer = sentiment.New(tz, lex)
	})
	if analyzerErr != nil {
		tb.Fatalf("load lexicon: %v", analyzerErr)
	}
	return analyzer
}
