package sentiment

import (
	"fmt"
	"strings"

	"github.com/jdkato/prose/v3/tag"
	"github.com/jdkato/prose/v3/token"
)

// Part-of-speech tags come from prose's averaged-perceptron tagger. Tagging
// costs about as much as everything else the scorer does (22 µs for a
// 30-word comment, measured), and the tags are unreliable on informal text
// ("I really like it" comes out with "like" as a preposition), so they are
// computed lazily, one sentence at a time, only for words whose rules ask
// for them: "support" the noun (customer support) is not praise, "support"
// the verb is; "a parking fine" is not fine.

// partOfSpeech is a coarse word class that a rule can require.
type partOfSpeech string

const (
	posNoun      partOfSpeech = "noun"
	posVerb      partOfSpeech = "verb"
	posAdjective partOfSpeech = "adjective"
	posAdverb    partOfSpeech = "adverb"
)

// parsePOS validates a rule's pos value.
func parsePOS(s string) (partOfSpeech, error) {
	switch p := partOfSpeech(strings.ToLower(strings.TrimSpace(s))); p {
	case posNoun, posVerb, posAdjective, posAdverb:
		return p, nil
	default:
		return "", fmt.Errorf("pos %q: want noun, verb, adjective or adverb", s)
	}
}

// treebankPrefix is the Penn Treebank tag prefix of each word class.
func (p partOfSpeech) treebankPrefix() string {
	switch p {
	case posNoun:
		return "NN"
	case posVerb:
		return "VB"
	case posAdjective:
		return "JJ"
	default:
		return "RB"
	}
}

// newTagger loads prose's tagger model (once per process, about 16 ms).
func newTagger() (*tag.Tagger, error) {
	t, err := tag.New()
	if err != nil {
		return nil, fmt.Errorf("load part-of-speech model: %w", err)
	}
	return t, nil
}

// isPOS reports whether token i is tagged with the word class p, tagging its
// sentence on first use.
func (t *Text) isPOS(i int, p partOfSpeech) bool {
	if t.tagger == nil {
		return false
	}
	if t.tags == nil {
		t.tags = make([]string, len(t.Tokens))
	}
	if t.tags[i] == "" {
		sent := t.Sentences[t.Tokens[i].Sentence]
		toks := make([]token.Token, sent.Len())
		for k := range toks {
			tok := &t.Tokens[sent.From+k]
			toks[k] = token.Token{Text: tok.Text, Start: tok.Start}
		}
		t.tagger.TagTokens(toks)
		for k := range toks {
			t.tags[sent.From+k] = toks[k].Tag
		}
	}
	return strings.HasPrefix(t.tags[i], p.treebankPrefix())
}
