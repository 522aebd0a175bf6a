package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/classify"
)

// TestEvalFixture runs `feedbackd eval` on the project's own labelled
// comments (testdata/eval.ndjson; not dev-set text) in both formats.
func TestEvalFixture(t *testing.T) {
	res := feedbackd(t, "", "eval", "testdata/eval.ndjson", "--taxonomy", testTaxonomy, "--format", "json")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	var rep report
	if err := json.Unmarshal([]byte(res.stdout), &rep); err != nil {
		t.Fatalf("decode report: %v\n%s", err, res.stdout)
	}
	if rep.Items != 11 || rep.FailedLines != 0 || rep.File != "testdata/eval.ndjson" {
		t.Errorf("items %d failed %d file %q", rep.Items, rep.FailedLines, rep.File)
	}
	if rep.Labels == nil || rep.Labels.N != 6 || rep.Labels.BinaryAccuracy == nil {
		t.Fatalf("labels = %+v", rep.Labels)
	}
	if rep.Ratings == nil || rep.Ratings.N != 5 || rep.Ratings.Pearson == nil || rep.Ratings.Spearman == nil {
		t.Fatalf("ratings = %+v", rep.Ratings)
	}
	if rep.Touchpoints == nil || rep.Touchpoints.N != 6 || len(rep.Touchpoints.Touchpoints) != 4 {
		t.Fatalf("touchpoints = %+v", rep.Touchpoints)
	}
	// The fixture's comments are unambiguous; an engine that gets them
	// wrong is broken, not merely imprecise.
	if *rep.Labels.BinaryAccuracy < 0.8 || *rep.Ratings.Pearson < 0.7 || rep.Touchpoints.Micro.F1 < 0.8 {
		t.Errorf("figures too low: binary %v pearson %v touchpoint F1 %v",
			*rep.Labels.BinaryAccuracy, *rep.Ratings.Pearson, rep.Touchpoints.Micro.F1)
	}

	res = feedbackd(t, "", "eval", "--taxonomy", testTaxonomy, "testdata/eval.ndjson")
	for _, want := range []string{"Sentiment labels: 6 comments", "binary accuracy", "Pearson r", "Spearman rho", "macro-F1", "confusion (rows gold, columns predicted)", "Touchpoints: 6 comments", "aspect polarity"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, res.stdout)
		}
	}
}

func TestEvalBadLines(t *testing.T) {
	in := strings.Join([]string{
		`{"id": 1, "text": "great", "gold": {"label": "positive"}}`,
		`{"id": 2, "text": "great"}`,
		`{"id": 3, "text": "great", "gold": {"label": "happy"}}`,
		`{"id": 4, "text": "great", "gold": {"rating": 3}}`,
		`{"id": 5, "text": "great", "gold": {}}`,
		`{"id": 6, "text": "great", "gold": {"touchpoints": [{"label": "positive"}]}}`,
		`not json`,
	}, "\n")
	path := filepath.Join(t.TempDir(), "bad.ndjson")
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	res := feedbackd(t, "", "eval", "--taxonomy", testTaxonomy, path)
	if res.code != 1 {
		t.Errorf("exit %d, want 1", res.code)
	}
	for _, want := range []string{
		path + `:2: missing "gold"`,
		path + `:3: "gold" label "happy"`,
		path + `:4: "gold" rating 3 is outside [-1, 1]`,
		path + `:5: "gold" has none of`,
		path + `:6: "gold" touchpoint 1 has no "id"`,
		path + `:7: invalid JSON`,
		"evaluated 1 comments, 6 lines failed",
	} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
		}
	}
	if !strings.Contains(res.stdout, "1 comments, 6 bad lines skipped") {
		t.Errorf("report does not mention the bad lines:\n%s", res.stdout)
	}
}

// TestClassifyLinearTime: classifying 1 MB takes about ten times as long as
// 100 KB, not a hundred times; a quadratic rule would show here.
// BenchmarkClassifyLarge measures a 100 KB and a 1 MB comment; the ratio of
// their ns/op shows that classification stays linear in the comment length
// (docs/performance.md). Timing is measured here, never asserted in a test.
func BenchmarkClassifyLarge(b *testing.B) {
	var ef engineFlags
	ef.taxonomy = testTaxonomy
	eng, err := ef.build()
	if err != nil {
		b.Fatal(err)
	}
	big := bigComment(1 << 20)
	for _, size := range []int{100 << 10, 1 << 20} {
		text := big[:size]
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				classifyInput(eng, input{Comment: classifyComment(text)})
			}
		})
	}
}

func classifyComment(text string) classify.Comment { return classify.Comment{Text: text} }
