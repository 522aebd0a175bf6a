package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/sentiment"
)

// TestAppendOutputMatchesEncodingJSON: the hand-written encoder must write
// exactly what encoding/json writes, for real engine output and for edge
// cases the engine rarely produces.
func TestAppendOutputMatchesEncodingJSON(t *testing.T) {
	var ef engineFlags
	ef.taxonomy = testTaxonomy
	eng, err := ef.build()
	if err != nil {
		t.Fatal(err)
	}
	var outs []output
	g := newGenerator(3)
	for i := range 300 {
		c := g.comment(i)
		in, lerr := decodeInput(mustJSON(t, c), "")
		if lerr != nil {
			t.Fatal(lerr)
		}
		outs = append(outs, classifyInput(eng, in))
	}
	tricky := "quote \" backslash \\ nl \n cr \r tab \t bs \b ff \f nul \x00 us \x1f del \x7f <html> & ' \u2028 \u2029 é 😀 \xff"
	outs = append(outs,
		output{}, // everything empty: null slices, no id
		output{
			ID:        json.RawMessage(`"x\"y"`),
			Sentiment: sentiment.Score{Label: sentiment.Mixed, Score: -0.0000001},
			Touchpoints: []classify.Touchpoint{
				{ID: tricky, Label: tricky, SentimentFrom: "comment", Evidence: []classify.Evidence{{Rule: "meta channel=phone"}, {Rule: tricky, Term: tricky, Start: 0, End: 3}}, Mentions: 2},
				{ID: "no-evidence"},
			},
			Untagged: true,
			Explanation: explanation{
				Sentences: []sentiment.SentenceScore{{Start: 1, End: 2, Score: sentiment.Score{Label: "neutral", Score: 1e21}}},
				Evidence:  []sentiment.Evidence{{Term: tricky, Source: "lexicon", Rule: tricky, Valence: -3.25, Weight: 123456789.125, Modifiers: []string{tricky, "caps"}}},
			},
			TaxonomyVersion: tricky,
			LexiconVersion:  "v",
			Audience:        "employee",
			CreatedAt:       json.RawMessage(`{ "a" : [1, 2] ,"b":"c d" }`),
			Scores:          json.RawMessage(`{"nps":10}`),
			Meta:            map[string]string{"z": "1", "a": tricky, "m": ""},
			Warnings:        []string{tricky},
		},
	)
	for i, out := range outs {
		want, err := marshal(out)
		if err != nil {
			t.Fatal(err)
		}
		got, err := appendOutput(nil, &out)
		if err != nil {
			t.Fatal(err)
		}
		// classify.Evidence's own MarshalJSON escapes HTML; we never do.
		want = []byte(strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(want)))
		if string(got) != string(want) {
			t.Fatalf("output %d differs from encoding/json:\n got %s\nwant %s", i, got, want)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAppendFloat(t *testing.T) {
	for _, f := range []float64{0, -0.5, 0.123, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, -1.5e-10, 12345.678} {
		var e jsonAppender
		e.float(f)
		want, _ := json.Marshal(f)
		if string(e.b) != string(want) {
			t.Errorf("%v: got %s, want %s", f, e.b, want)
		}
	}
	var e jsonAppender
	e.float(1 / zero())
	if e.err == nil || !strings.Contains(e.err.Error(), "finite") {
		t.Errorf("infinity: err = %v", e.err)
	}
}

func zero() float64 { return 0 }
