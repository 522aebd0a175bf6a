package classify

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/feedbackd/feedbackd/sentiment"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden compares whole results, explanation included, with the files
// in testdata/golden. It uses its own small lexicon (testdata/lexicon.yaml)
// so that only changes to the scorer or the classifier move them. After a
// deliberate change, review the diff and run: go test ./classify -update
func TestGolden(t *testing.T) {
	f := testFixture(t)
	data, err := os.ReadFile("testdata/lexicon.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lex, err := sentiment.LoadLexicon(f.tz, data, "testdata/lexicon.yaml")
	if err != nil {
		t.Fatal(err)
	}
	c := New(f.tax, sentiment.New(f.tz, lex))
	tests := []struct {
		name string
		cm   Comment
	}{
		{"app-and-delivery", Comment{Text: "Love the app but delivery was late again."}},
		{"refund-on-hold", Comment{Text: "Charged twice, then on hold for 40 minutes and still no refund 😡", Audience: AudienceCustomer}},
		{"phone-call", Comment{Text: "Quick and friendly, thank you!", Meta: map[string]string{"channel": "phone"}}},
		{"employee", Comment{Text: "My manager is supportive, but the workload is too much and I work late most nights.", Audience: AudienceEmployee}},
		{"untagged", Comment{Text: "Nothing to add."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.MarshalIndent(c.Classify(tt.cm), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", tt.name+".json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./classify -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs; review and run go test ./classify -update\ngot:\n%s", path, got)
			}
		})
	}
}
