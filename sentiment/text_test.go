package sentiment_test

import (
	"strings"
	"testing"

	"github.com/jdkato/prose/v3/segment"
	"github.com/jdkato/prose/v3/tokenize"

	"github.com/feedbackd/feedbackd/sentiment"
)

// proseEquivalentInputs exercise the fast path for plain words next to
// everything prose handles itself. Contractions without apostrophes, emoji
// and emoticons are where we deliberately differ, so they are left out here
// and tested on their own below.
var proseEquivalentInputs = []string{
	"Waited 40 minutes on hold and the refund still hasn't arrived.",
	"The agent (Sam) was friendly, but couldn't help; I'll try again!!",
	"\"Great\" service... NOT. Mr. Smith said e.g. 3.5 days — it took 9.",
	"Price: $45.99/month, 10% off? No way.",
	"  leading and trailing spaces  ",
	"tabs\tand\nnew lines\r\nmixed",
	"It’s “curly” quotes and ‘singles’ they’re",
	"email me at someone@example.com or visit https://example.com/help?id=3",
	"U.S. customers, A/C broken, co-worker, e-mail, 24/7 support",
	"Ünïcödé wörds and 日本語 text",
	"late, again!! really?! ok... fine; sure: Mr. Dr. Inc. Ltd. Co. ok. OK. Ok. no. NO!",
	"D: XD! XDD. x. I. a, Hi! Sir.",
}

func TestTokensMatchProse(t *testing.T) {
	tz := sentiment.NewTokenizer()
	prose := tokenize.New()
	for _, in := range proseEquivalentInputs {
		got := tz.Prepare(in).Tokens
		want := prose.Tokenize(in)
		if len(got) != len(want) {
			t.Errorf("%q: %d tokens, prose has %d\n got: %v\nwant: %v", in, len(got), len(want), texts(got), want)
			continue
		}
		for i := range got {
			if got[i].Text != want[i].Text || got[i].Start != want[i].Start {
				t.Errorf("%q: token %d = %q@%d, prose %q@%d", in, i, got[i].Text, got[i].Start, want[i].Text, want[i].Start)
			}
		}
	}
}

func TestTokenOffsets(t *testing.T) {
	tz := sentiment.NewTokenizer()
	inputs := append([]string{
		"great😀 service 👍🏽👍🏽 :) ;) :-( <3 dont cannot WONT",
		"x\xffy invalid \xc3 utf8",
	}, proseEquivalentInputs...)
	for _, in := range inputs {
		for i, tok := range tz.Prepare(in).Tokens {
			if in[tok.Start:tok.End] != tok.Text {
				t.Errorf("%q: token %d %q does not sit at [%d:%d]", in, i, tok.Text, tok.Start, tok.End)
			}
		}
	}
}

func TestTokenizerSplits(t *testing.T) {
	tz := sentiment.NewTokenizer()
	cases := []struct {
		in        string
		wantTexts string
		wantNorms string
	}{
		{"don't", "do|n't", "do|not"},
		{"can't", "ca|n't", "can|not"},
		{"dont", "do|nt", "do|not"},
		{"Cannot", "Can|not", "can|not"},
		{"WONT", "WO|NT", "will|not"},
		{"great😀", "great|😀", "great|😀"},
		{"ok ;)", "ok|;)", "ok|;)"},
		{"sad :-(", "sad|:-(", "sad|:-("},
		{"love it <3", "love|it|<3", "love|it|<3"},
		{"it’s", "it|’s", "it|'s"},
	}
	for _, tc := range cases {
		toks := tz.Prepare(tc.in).Tokens
		var texts, norms []string
		for _, tok := range toks {
			texts = append(texts, tok.Text)
			norms = append(norms, tok.Norm)
		}
		if got := strings.Join(texts, "|"); got != tc.wantTexts {
			t.Errorf("%q: tokens %q, want %q", tc.in, got, tc.wantTexts)
		}
		if got := strings.Join(norms, "|"); got != tc.wantNorms {
			t.Errorf("%q: norms %q, want %q", tc.in, got, tc.wantNorms)
		}
	}
}

func TestSentencesAndClauses(t *testing.T) {
	tz := sentiment.NewTokenizer()
	cases := []struct {
		in        string
		sentences []string
		clauses   []string
	}{
		{
			in:        "Mr. Smith was great. The wait, however, was long!! Why?",
			sentences: []string{"Mr. Smith was great.", "The wait, however, was long!!", "Why?"},
			clauses:   []string{"Mr. Smith was great.", "The wait,", "however,", "was long!!", "Why?"},
		},
		{
			in:        "love the app but delivery was late\nrefund took 3.5 weeks",
			sentences: []string{"love the app but delivery was late", "refund took 3.5 weeks"},
			clauses:   []string{"love the app", "but delivery was late", "refund took 3.5 weeks"},
		},
	}
	for _, tc := range cases {
		txt := tz.Prepare(tc.in)
		if got := spans(txt, txt.Sentences); strings.Join(got, "|") != strings.Join(tc.sentences, "|") {
			t.Errorf("%q: sentences %q, want %q", tc.in, got, tc.sentences)
		}
		if got := spans(txt, txt.Clauses); strings.Join(got, "|") != strings.Join(tc.clauses, "|") {
			t.Errorf("%q: clauses %q, want %q", tc.in, got, tc.clauses)
		}
	}
}

func spans(t *sentiment.Text, ss []sentiment.Span) []string {
	var out []string
	for _, s := range ss {
		out = append(out, t.Raw[t.Tokens[s.From].Start:t.Tokens[s.To-1].End])
	}
	return out
}

func texts(toks []sentiment.Token) []string {
	out := make([]string, len(toks))
	for i, tok := range toks {
		out[i] = tok.Text
	}
	return out
}

// TestSentencesAgreeWithProse checks that splitting at terminal punctuation
// tokens gives prose's Punkt sentence boundaries on feedback-like text, which
// is why the scorer can skip the segmenter (it costs as much as tokenizing).
func TestSentencesAgreeWithProse(t *testing.T) {
	tz := sentiment.NewTokenizer()
	seg, err := segment.New()
	if err != nil {
		t.Fatal(err)
	}
	inputs := []string{
		"I spoke to Mr. Smith, e.g. the manager. It was ok... not great!! Why did it take 3.5 days?",
		"Delivery was late. The driver was rude! Never again.",
		"The U.S. office replied at 5 p.m. on Friday. Nothing since.",
		"Great app. Love the new dark mode! Checkout still crashes though?",
		"Refund took 2 weeks (!). Support said sorry.",
	}
	for _, in := range inputs {
		txt := tz.Prepare(in)
		got := spans(txt, txt.Sentences)
		var want []string
		for _, s := range seg.Segment(in) {
			want = append(want, s.Text)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%q:\n ours:  %q\n prose: %q", in, got, want)
		}
	}
}
