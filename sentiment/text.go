package sentiment

import (
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/tag"
	"github.com/jdkato/prose/v3/tokenize"
)

// Kind says what a token is, so rules can skip punctuation and find numbers.
type Kind uint8

// Token kinds.
const (
	Word Kind = iota
	Number
	Punct
	Emoji
	Emoticon
)

// Token is one token of a comment with its position in the original text.
//
// Text is verbatim: raw[Start:End] == Text always holds, so every explanation
// can point back at the bytes the customer wrote.
type Token struct {
	Text  string // verbatim source bytes
	Norm  string // lower case, straight apostrophes, contractions expanded ("n't" → "not")
	Start int    // byte offset of Text in the raw comment
	End   int    // byte offset just past Text
	Stem  string // Snowball stem of Norm for words ("charged" → "charg"), else Norm
	Kind  Kind
	Caps  bool // written in capitals and at least three letters long ("NEVER")

	Sentence int // index into Text.Sentences
	Clause   int // index into Text.Clauses
}

// Span is a half-open range [From, To) of token indices.
type Span struct {
	From int
	To   int
}

// Len returns the number of tokens in the span.
func (s Span) Len() int { return s.To - s.From }

// Text is a comment prepared for scoring and tagging: tokens with byte
// offsets, sentences and clauses. Preparing once and sharing the result is
// what lets the tagger and the scorer run over the same tokens.
type Text struct {
	Raw       string
	Tokens    []Token
	Sentences []Span
	// Clauses split sentences at contrast words ("but", "however"),
	// semicolons, colons, dashes and commas. Aspect sentiment is read from
	// the clause that mentions a touchpoint.
	Clauses []Span
	// CapsRatio is the share of word tokens written in capitals; ALL CAPS
	// emphasis counts only when some, not all, words are shouted.
	CapsRatio float64

	tagger *tag.Tagger // for lazy part-of-speech tags (pos.go)
	tags   []string    // Penn Treebank tag per token, "" until tagged
}

// Tokenizer turns raw comments into Texts. It wraps prose's tokenizer and is
// safe for concurrent use.
type Tokenizer struct {
	prose     *tokenize.Tokenizer
	stemmer   *Stemmer
	tagger    *tag.Tagger
	taggerErr error
}

// NewTokenizer returns a Tokenizer. Build one per process and share it.
func NewTokenizer() *Tokenizer {
	tagger, err := newTagger()
	return &Tokenizer{prose: tokenize.New(), stemmer: NewStemmer(), tagger: tagger, taggerErr: err}
}

// Prepare tokenizes raw and splits it into sentences and clauses.
//
// Plain words (ASCII letters only) are emitted directly: prose would return
// them unchanged, and skipping its prefix, suffix and special-case checks for
// them roughly halves tokenization time. Every other whitespace-delimited
// span goes through prose's tokenizer. TestTokensMatchProse checks that the
// result equals prose's on a large set of inputs.
func (tz *Tokenizer) Prepare(raw string) *Text {
	t := &Text{Raw: raw, Tokens: make([]Token, 0, len(raw)/5+2), tagger: tz.tagger}
	tz.tokenize(t)
	splitSentences(t)
	return t
}

func (tz *Tokenizer) tokenize(t *Text) {
	raw := t.Raw
	i := 0
	for i < len(raw) {
		// Skip whitespace.
		r, size := utf8.DecodeRuneInString(raw[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		start := i
		plain := true
		for i < len(raw) {
			c := raw[i]
			if c < utf8.RuneSelf {
				if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' {
					break
				}
				if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
					plain = false
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(raw[i:])
			if unicode.IsSpace(r) {
				break
			}
			plain = false
			i += size
		}
		span := raw[start:i]
		if plain {
			if !splitBareContraction(t, span, start) {
				t.Tokens = append(t.Tokens, newToken(span, start, Word))
			}
			continue
		}
		if word, ok := wordWithTrailingPunct(span); ok {
			t.Tokens = append(t.Tokens, newToken(word, start, Word))
			for k := len(word); k < len(span); k++ {
				t.Tokens = append(t.Tokens, newToken(span[k:k+1], start+k, Punct))
			}
			continue
		}
		for _, pt := range tz.prose.Tokenize(span) {
			tz.appendSplit(t, pt.Text, start+pt.Start)
		}
	}
	mergeEmoticons(t)
	expandContractions(t)
	var words, caps int
	for i := range t.Tokens {
		tok := &t.Tokens[i]
		tok.Stem = tok.Norm
		if tok.Kind != Word {
			continue
		}
		tok.Stem = tz.stemmer.Stem(tok.Norm)
		words++
		if tok.Caps {
			caps++
		}
	}
	if words > 0 {
		t.CapsRatio = float64(caps) / float64(words)
	}
}
