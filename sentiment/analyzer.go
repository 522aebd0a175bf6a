// Package sentiment scores the sentiment of customer and employee comments
// with a lexicon and rules, and explains every score.
//
// The scorer is our own; it borrows the general English valence lexicon and
// emoji lexicon of VADER (through github.com/jonreiter/govader) and adds a
// customer-experience domain layer kept as data (configs/sentiment.yaml).
// Text is tokenized with prose v3. The package does no I/O and keeps no
// global state; an Analyzer is built once per process and is safe for
// concurrent use.
package sentiment

// Analyzer scores comments.
type Analyzer struct {
	tz  *Tokenizer
	lex *Lexicon
}

// New returns an Analyzer using the tokenizer the lexicon was loaded with.
func New(tz *Tokenizer, lex *Lexicon) *Analyzer {
	return &Analyzer{tz: tz, lex: lex}
}

// Tokenizer returns the analyzer's tokenizer.
func (a *Analyzer) Tokenizer() *Tokenizer { return a.tz }

// Lexicon returns the analyzer's lexicon.
func (a *Analyzer) Lexicon() *Lexicon { return a.lex }

// Analyze prepares and scores one comment.
func (a *Analyzer) Analyze(raw string) Result {
	return a.Score(a.tz.Prepare(raw))
}

// Score scores a prepared text.
func (a *Analyzer) Score(t *Text) Result {
	return Result{Score: Score{Label: Neutral}}
}
