package demo

import (
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/sentiment"
)

// newClassifier builds the real engine on the embedded default taxonomy and
// lexicon, as feedbackd does.
func newClassifier(t *testing.T) *classify.Classifier {
	t.Helper()
	tz := sentiment.NewTokenizer()
	lex, err := sentiment.LoadLexicon(tz, configs.Lexicon(), configs.LexiconName)
	if err != nil {
		t.Fatal(err)
	}
	tax, err := classify.LoadTaxonomy(tz, configs.Taxonomy(), configs.TaxonomyName)
	if err != nil {
		t.Fatal(err)
	}
	return classify.New(tax, sentiment.New(tz, lex))
}

// related reports whether the engine's touchpoint got and an intended one
// want are the same, or one is an ancestor of the other.
func related(got, want string) bool {
	return got == want || strings.HasPrefix(got, want+"/") || strings.HasPrefix(want, got+"/")
}

// TestEngineAgreesWithFragments runs the engine over every fragment: the
// intended sentiment must match the engine's label on at least 80% of the
// fragments that are not mixed, and an intended touchpoint (or a relative)
// must be found on at least 80% of the fragments that name one. Run with
// -v to see each disagreement.
func TestEngineAgreesWithFragments(t *testing.T) {
	frags, err := loadFragments()
	if err != nil {
		t.Fatal(err)
	}
	cl := newClassifier(t)
	var labelled, agree, mixedN, mixedAgree, tagged, found int
	for _, f := range frags {
		text := strings.NewReplacer("{order}", "NW-482913", "{amount}", "£249.00", "{agent}", "Aisha", "{store}", "Leeds").Replace(f.Text)
		res := cl.Classify(classify.Comment{Text: text, Audience: string(f.Audience)})
		got := string(res.Sentiment.Label)
		if f.Sentiment == mixed {
			mixedN++
			if got == mixed {
				mixedAgree++
			}
		} else {
			labelled++
			if got == f.Sentiment {
				agree++
			} else {
				t.Logf("sentiment %s, engine %s (%+.3f): %s: %q", f.Sentiment, got, res.Sentiment.Score.Score, f.file, text)
			}
		}
		if len(f.Touchpoints) == 0 {
			continue
		}
		tagged++
		var ids []string
		hit := false
		for _, tp := range res.Touchpoints {
			ids = append(ids, tp.ID)
			for _, want := range f.Touchpoints {
				hit = hit || related(tp.ID, want)
			}
		}
		if hit {
			found++
		} else {
			t.Logf("touchpoints %v, engine %v: %s: %q", f.Touchpoints, ids, f.file, text)
		}
	}
	t.Logf("sentiment: %d of %d non-mixed fragments agree (%.1f%%); mixed: %d of %d",
		agree, labelled, pct(agree, labelled), mixedAgree, mixedN)
	t.Logf("touchpoints: %d of %d fragments get an intended touchpoint (%.1f%%)", found, tagged, pct(found, tagged))
	if pct(agree, labelled) < 80 {
		t.Errorf("sentiment agreement %.1f%%, want >= 80%%", pct(agree, labelled))
	}
	if pct(found, tagged) < 80 {
		t.Errorf("touchpoint recall %.1f%%, want >= 80%%", pct(found, tagged))
	}
}

// TestEngineTagsCorpus classifies the generated corpus: at least 85% of
// comments get a touchpoint of the default taxonomy, and the engine's
// sentiment agrees with the intended one on at least 80% of the comments
// that are not mixed.
func TestEngineTagsCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("classifies 3,000 comments")
	}
	cl := newClassifier(t)
	ds := generate(time.Date(2026, 11, 20, 15, 0, 0, 0, time.UTC), DefaultSeed)
	var tagged, labelled, agree int
	byAudience := map[corpus.Audience][2]int{}
	for _, d := range ds {
		res := cl.Classify(classify.Comment{Text: d.Text(), Audience: string(d.Audience), Meta: d.Meta})
		c := byAudience[d.Audience]
		c[1]++
		if len(res.Touchpoints) > 0 {
			tagged++
			c[0]++
		}
		byAudience[d.Audience] = c
		if d.label != mixed {
			labelled++
			if string(res.Sentiment.Label) == d.label {
				agree++
			}
		}
	}
	t.Logf("tagged: %d of %d comments (%.1f%%); customer %d/%d, employee %d/%d", tagged, len(ds), pct(tagged, len(ds)),
		byAudience[corpus.Customer][0], byAudience[corpus.Customer][1], byAudience[corpus.Employee][0], byAudience[corpus.Employee][1])
	t.Logf("sentiment: %d of %d non-mixed comments agree (%.1f%%)", agree, labelled, pct(agree, labelled))
	if pct(tagged, len(ds)) < 85 {
		t.Errorf("%.1f%% of comments tagged, want >= 85%%", pct(tagged, len(ds)))
	}
	if pct(agree, labelled) < 80 {
		t.Errorf("sentiment agreement %.1f%% on comments, want >= 80%%", pct(agree, labelled))
	}
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}
