package sentiment_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// goldenComments are explanations worth pinning: each file shows the terms,
// offsets, valences and modifiers behind one score.
var goldenComments = map[string]string{
	"hold-and-refund":    "Waited 40 minutes on hold and the refund still hasn't arrived.",
	"contrast-app":       "Love the app but delivery was late :(",
	"negation-boost":     "The agent was not very helpful, and the chat bot was REALLY useless!!",
	"resolution":         "Priya sorted it out quickly and went above and beyond. Could not be happier 👍🏽",
	"employee-workload":  "My manager is supportive, however the workload is unsustainable and there is no career growth.",
	"domain-words-cheap": "Cheap prices, but the case feels cheap and the portions were small.",
}

func TestGoldenExplanations(t *testing.T) {
	an := newAnalyzer(t)
	for name, text := range goldenComments {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(struct {
				Text   string `json:"text"`
				Result any    `json:"result"`
			}{text, an.Analyze(text)}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden file (run go test ./sentiment -run Golden -update to create it): %v", err)
			}
			if string(got) != string(want) {
				t.Errorf("explanation changed for %q; if intended, rerun with -update and review the diff\n got: %s\nwant: %s", text, got, want)
			}
		})
	}
}
