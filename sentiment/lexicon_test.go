package sentiment_test

import (
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/sentiment"
)

func TestLexiconErrors(t *testing.T) {
	tz := sentiment.NewTokenizer()
	cases := []struct {
		name, yaml, wantErr string
	}{
		{"unknown key", "version: x\nwordz: {}\n", "field wordz not found"},
		{"valence out of range", "words:\n  awful: -7\n", `words: "awful": valence -7 is outside -4..4`},
		{"phrase without valence", "phrases:\n  - id: p1\n    match: [\"on hold\"]\n", "phrases[0] (p1): valence is missing"},
		{"phrase without match", "phrases:\n  - id: p1\n    valence: 1\n", "phrases[0] (p1): match needs at least one pattern"},
		{"bad phrase pattern", "phrases:\n  - id: p1\n    match: [\"on {9,1} hold\"]\n    valence: -1\n", "phrases[0] (p1): pattern \"on {9,1} hold\""},
		{"context without window", "context:\n  - word: long\n    rules:\n      - near: [wait]\n        valence: -1\n", "context[0] (long): rules[0]: within must be 1..12"},
		{"context with two words", "context:\n  - word: too long\n", "word must be a single word"},
		{"context rule without condition", "context:\n  - word: fine\n    rules:\n      - valence: -1\n", "needs near patterns, a pos, or both"},
		{"bad pos", "context:\n  - word: fine\n    rules:\n      - pos: pronoun\n        valence: -1\n", `pos "pronoun": want noun, verb, adjective or adverb`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sentiment.LoadLexicon(tz, []byte(tc.yaml), "my-lexicon.yaml")
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "my-lexicon.yaml") {
				t.Errorf("error %v, want one naming the file and containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestLexiconVersionFollowsContent(t *testing.T) {
	tz := sentiment.NewTokenizer()
	a, err := sentiment.LoadLexicon(tz, configs.Lexicon(), configs.LexiconName)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(configs.Lexicon()), "slow: -1.5", "slow: -1.6", 1)
	b, err := sentiment.LoadLexicon(tz, []byte(edited), configs.LexiconName)
	if err != nil {
		t.Fatal(err)
	}
	if a.Version() == b.Version() || !strings.HasPrefix(a.Version(), "cx-2026.11+") {
		t.Errorf("versions %q and %q: want distinct, prefixed with the file's version", a.Version(), b.Version())
	}
}
