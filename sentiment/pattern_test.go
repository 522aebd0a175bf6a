package sentiment_test

import (
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/sentiment"
)

func TestPatternMatching(t *testing.T) {
	tz := sentiment.NewTokenizer()
	cases := []struct {
		name    string
		pattern string
		text    string
		want    string // matched text, "" for no match
	}{
		{"stem plural", "refund", "two refunds later", "refunds"},
		{"stem past tense", "charge", "I was charged", "charged"},
		{"stem does not match longer word", "app", "my appointment", ""},
		{"exact form", "=cheap", "cheaper than before", ""},
		{"exact form matches", "=cheap", "so cheap", "cheap"},
		{"prefix", "deliver*", "the delivery was late", "delivery"},
		{"alternatives", "hour|day|week", "took a week", "week"},
		{"number digits", "{num} hours", "delayed 3 hours", "3 hours"},
		{"number word", "{num} times", "called several times", "several times"},
		{"gap", "on hold {0,2} minutes", "on hold for 40 minutes", "on hold for 40 minutes"},
		{"gap too short", "on hold {0,1} minutes", "on hold for 40 minutes", ""},
		{"contraction", "did not arrive", "it didn't arrive", "didn't arrive"},
		{"bare contraction", "did not arrive", "it didnt arrive", "didnt arrive"},
		{"any", "still {any} refund", "still no refund", "still no refund"},
		{"case insensitive", "refund", "REFUND NOW", "REFUND"},
		{"not across sentences", "late delivery", "It was late. Delivery was fine.", ""},
		{"currency symbol", "$ {num}", "paid $45.99 for it", "$45.99"},
		{"currency inside number", "{num} a month", "£20 a month", "£20 a month"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tz.CompilePattern(tc.pattern)
			if err != nil {
				t.Fatalf("compile %q: %v", tc.pattern, err)
			}
			m := sentiment.NewMatcher([]*sentiment.Pattern{p})
			txt := tz.Prepare(tc.text)
			got := ""
			if ms := m.FindAll(txt, nil); len(ms) > 0 {
				got = txt.Raw[txt.Tokens[ms[0].From].Start:txt.Tokens[ms[0].To-1].End]
			}
			if got != tc.want {
				t.Errorf("pattern %q on %q matched %q, want %q", tc.pattern, tc.text, got, tc.want)
			}
		})
	}
}

func TestPatternErrors(t *testing.T) {
	tz := sentiment.NewTokenizer()
	cases := []struct{ pattern, wantErr string }{
		{"", "empty pattern"},
		{"{0,3} refund", "gap {m,n} must sit between two words"},
		{"refund {0,3}", "gap {m,n} must sit between two words"},
		{"on {5,2} hold", "0 <= min <= max"},
		{"on {0,40} hold", "0 <= min <= max <= 12"},
		{"on {x} hold", "want {num}, {any} or a gap"},
		{"refund|", "empty alternative"},
		{"refund|didn't", "more than one word"},
	}
	for _, tc := range cases {
		_, err := tz.CompilePattern(tc.pattern)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("pattern %q: error %v, want one containing %q", tc.pattern, err, tc.wantErr)
		}
	}
}

func TestMatcherFindsEveryPatternOnce(t *testing.T) {
	tz := sentiment.NewTokenizer()
	var ps []*sentiment.Pattern
	for _, src := range []string{"charge|=charged", "charged twice", "{num} times", "twice"} {
		p, err := tz.CompilePattern(src)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	m := sentiment.NewMatcher(ps)
	got := m.FindAll(tz.Prepare("charged twice, called 3 times"), nil)
	var names []string
	for _, x := range got {
		names = append(names, m.Pattern(x.Pattern).String())
	}
	want := "charge|=charged;charged twice;twice;{num} times"
	if strings.Join(names, ";") != want {
		t.Errorf("matches %q, want %q", strings.Join(names, ";"), want)
	}
}

func TestMatcherIndexesPrefixes(t *testing.T) {
	tz := sentiment.NewTokenizer()
	var ps []*sentiment.Pattern
	for _, src := range []string{"deliver* late", "de* late", "=late"} {
		p, err := tz.CompilePattern(src)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	m := sentiment.NewMatcher(ps)
	var names []string
	for _, x := range m.FindAll(tz.Prepare("delivery late"), nil) {
		names = append(names, m.Pattern(x.Pattern).String())
	}
	// Found under the "del" prefix key, by the scan of short prefixes, and
	// by form.
	if got := strings.Join(names, ";"); got != "deliver* late;de* late;=late" {
		t.Errorf("matches %q", got)
	}
}
