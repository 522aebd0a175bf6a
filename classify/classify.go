// Package classify tags comments with the touchpoints they talk about and the
// sentiment toward each one, and says why.
//
// A Taxonomy is loaded from YAML (see configs/README.md); a Classifier pairs
// it with a sentiment.Analyzer. Both are built once per process and are safe
// for concurrent use. The package does no I/O and keeps no global state.
//
// Rules run over the analyzer's tokens, written in the pattern language of
// sentiment.Pattern, so "charge" matches "charged" and "app" does not match
// "appointment". A touchpoint is tagged when any of its rules fires:
//
//   - match: a pattern matches anywhere in the comment.
//   - near: pattern a and pattern b match in the same sentence, in either
//     order, with at most `within` tokens (1 to 12, punctuation included)
//     between them; each a is paired with its nearest b.
//   - meta: a metadata field of the comment equals one of the values; field
//     names and values ignore case and surrounding spaces.
//
// exclude patterns drop the touchpoint's own match and near matches that
// they overlap ("in order to" drops "order" there, not elsewhere). When a
// comment's audience is customer or employee, touchpoints of the other
// audience do not apply. When a touchpoint and one of its descendants both
// fire, only the most specific is reported; ancestors are never added.
package classify

import (
	"encoding/json"

	"github.com/feedbackd/feedbackd/sentiment"
)

// Comment is the input to the classifier.
type Comment struct {
	Text     string
	Audience string            // "customer", "employee" or "" (unknown: every touchpoint applies)
	Meta     map[string]string // metadata for meta rules, e.g. channel=phone
}

// Evidence says why a touchpoint was tagged: the rule that fired and, for
// text rules, where in the comment it matched.
type Evidence struct {
	Rule  string `json:"rule"`            // e.g. `match "refund"`, `near "late" "deliver*" 4`, `meta channel=phone`
	Term  string `json:"term,omitempty"`  // matched text as written
	Start int    `json:"start,omitempty"` // byte offsets into the comment text
	End   int    `json:"end,omitempty"`
}

// Touchpoint is one tagged touchpoint with its aspect sentiment.
type Touchpoint struct {
	ID        string          `json:"id"`
	Label     string          `json:"label"`
	Sentiment sentiment.Score `json:"sentiment"`
	// SentimentFrom says which text the aspect sentiment was read from:
	// "clause" (the clauses that mention the touchpoint), "sentence" (their
	// sentences, up to any contrast word such as "but", when those clauses
	// carry no sentiment), "comment" (the
	// whole comment, for a touchpoint tagged by metadata only) or "none"
	// (no sentiment near any mention: neutral).
	SentimentFrom string `json:"sentiment_from"`
	// Evidence lists the rules that fired, in text order with metadata
	// rules last; at most the first 20 mentions are listed.
	Evidence []Evidence `json:"evidence"`
	// Mentions counts every rule firing, listed or not.
	Mentions int `json:"mentions"`
}

// Result is the classification of one comment.
type Result struct {
	Sentiment   sentiment.Result `json:"sentiment"`
	Touchpoints []Touchpoint     `json:"touchpoints"`
	Untagged    bool             `json:"untagged"`
	// Versions identify the taxonomy and lexicon that produced the tags, so
	// stored comments can be retagged when either changes.
	TaxonomyVersion string `json:"taxonomy_version"`
	LexiconVersion  string `json:"lexicon_version"`
}

// MarshalJSON writes start and end whenever the evidence has a term (a match
// at offset 0 included) and leaves them out for metadata rules.
func (e Evidence) MarshalJSON() ([]byte, error) {
	if e.Term == "" {
		return json.Marshal(struct {
			Rule string `json:"rule"`
		}{e.Rule})
	}
	return json.Marshal(struct {
		Rule  string `json:"rule"`
		Term  string `json:"term"`
		Start int    `json:"start"`
		End   int    `json:"end"`
	}{e.Rule, e.Term, e.Start, e.End})
}
