package api

import (
	"net/http"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/sentiment"
)

// CommentResponse is the body of GET /api/v1/comments/{id}: the stored
// comment, its complete explanation and the engine versions.
type CommentResponse struct {
	ID          string             `json:"id"`
	Source      string             `json:"source"`
	Audience    string             `json:"audience,omitempty"`
	Fields      []corpus.TextField `json:"fields"`
	Text        string             `json:"text"`
	CreatedAt   time.Time          `json:"created_at"`
	ReceivedAt  time.Time          `json:"received_at"`
	Scores      corpus.Scores      `json:"scores"`
	Meta        map[string]string  `json:"meta"`
	Redacted    []string           `json:"redacted"`
	Tags        *StoredTags        `json:"tags"`
	Explanation Explanation        `json:"explanation"`
	Versions    Versions           `json:"versions"`
}

// StoredTags are the tags stored (and indexed) for the comment.
type StoredTags struct {
	Sentiment   sentiment.Score       `json:"sentiment"`
	Touchpoints []classify.Touchpoint `json:"touchpoints"`
	Untagged    bool                  `json:"untagged"`
	TaggedAt    time.Time             `json:"tagged_at"`
}

// Explanation is why the comment got its overall sentiment.
type Explanation struct {
	// Source is "stored" (from the stored tags) or "recomputed" (the
	// current engine re-run on the stored text, because the stored tags
	// lack the sentence-level explanation).
	Source    string                    `json:"source"`
	Sentences []sentiment.SentenceScore `json:"sentences"`
	Evidence  []sentiment.Evidence      `json:"evidence"`
}

// Versions compares the engine versions that produced the stored tags
// with the daemon's current ones.
type Versions struct {
	Stored  EngineVersion `json:"stored"`
	Current EngineVersion `json:"current"`
	// Stale is true when they differ: `feedbackd retag` updates the tags.
	Stale bool `json:"stale"`
}

// EngineVersion names a taxonomy and a lexicon version.
type EngineVersion struct {
	Taxonomy string `json:"taxonomy"`
	Lexicon  string `json:"lexicon"`
}

func (s *Server) handleComment(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.comment(c))
}

// comment builds the response for c, re-running the engine when the
// stored tags carry no sentence-level explanation.
func (s *Server) comment(c *corpus.Comment) CommentResponse {
	text := c.Text()
	out := CommentResponse{
		ID: c.ID, Source: c.Source, Audience: string(c.Audience), Fields: nonNil(c.Fields), Text: text,
		CreatedAt: c.CreatedAt, ReceivedAt: c.ReceivedAt, Scores: c.Scores, Meta: c.Meta, Redacted: nonNil(c.Redacted),
	}
	if out.Meta == nil {
		out.Meta = map[string]string{}
	}
	tv, lv := s.eng.Versions()
	out.Versions.Current = EngineVersion{Taxonomy: tv, Lexicon: lv}
	res := classify.Result{}
	out.Explanation.Source = "stored"
	if t := c.Tags; t != nil {
		out.Tags = &StoredTags{Sentiment: t.Sentiment.Score, Touchpoints: nonNil(t.Touchpoints), Untagged: t.Untagged, TaggedAt: t.TaggedAt}
		out.Versions.Stored = EngineVersion{Taxonomy: t.TaxonomyVersion, Lexicon: t.LexiconVersion}
		res = t.Result
	}
	out.Versions.Stale = out.Tags == nil || out.Versions.Stored != out.Versions.Current
	if len(res.Sentiment.Sentences) == 0 && text != "" {
		res = s.eng.Classify(classify.Comment{Text: text, Audience: string(c.Audience), Meta: c.Meta})
		out.Explanation.Source = "recomputed"
	}
	out.Explanation.Sentences = nonNil(res.Sentiment.Sentences)
	out.Explanation.Evidence = nonNil(res.Sentiment.Evidence)
	return out
}
