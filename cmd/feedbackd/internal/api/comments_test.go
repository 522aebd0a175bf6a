package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestComment(t *testing.T) {
	f := newFixture(t, testConfig(), nil)
	code, _, body := f.do(t, http.MethodGet, "/api/v1/comments/c05", "", nil)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	var c CommentResponse
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	if c.ID != "c05" || c.Text != testComments[4].text || c.Meta["channel"] != "phone" || *c.Scores.NPS != 0 {
		t.Errorf("comment %+v", c)
	}
	if c.Tags == nil || len(c.Tags.Touchpoints) == 0 || c.Tags.Sentiment.Label == "" {
		t.Fatalf("tags %+v", c.Tags)
	}
	if c.Explanation.Source != "stored" || len(c.Explanation.Sentences) == 0 || len(c.Explanation.Evidence) == 0 {
		t.Errorf("explanation %+v", c.Explanation)
	}
	for _, e := range c.Explanation.Evidence {
		if c.Text[e.Start:e.End] != e.Term {
			t.Errorf("evidence %+v does not match the text", e)
		}
	}
	if c.Versions.Stale || c.Versions.Stored != c.Versions.Current || c.Versions.Current.Taxonomy == "" {
		t.Errorf("versions %+v", c.Versions)
	}

	code, _, body = f.do(t, http.MethodGet, "/api/v1/comments/nope", "", nil)
	if e := decodeError(t, body); code != http.StatusNotFound || !strings.Contains(e.Msg, "not found") {
		t.Errorf("missing comment: %d %s", code, body)
	}
}

// TestCommentRecomputed: a comment stored without the sentence-level
// explanation (or by another engine) is explained by the current engine.
func TestCommentRecomputed(t *testing.T) {
	f := newFixture(t, testConfig(), nil)
	c := f.api.comment(mustGet(t, f, "c01", func(tv, lv *string, sentences *int) {
		*tv, *lv, *sentences = "old-taxonomy", "old-lexicon", 0
	}))
	if c.Explanation.Source != "recomputed" || len(c.Explanation.Sentences) == 0 {
		t.Errorf("explanation %+v", c.Explanation)
	}
	if !c.Versions.Stale || c.Versions.Stored.Taxonomy != "old-taxonomy" || c.Versions.Current.Taxonomy == "old-taxonomy" {
		t.Errorf("versions %+v", c.Versions)
	}
}
