package index

import (
	"time"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/index/facts"
)

// Results is one page of a search.
type Results struct {
	// Total is the number of comments matching the query and filters,
	// whatever the page.
	Total uint64 `json:"total"`
	// Hits is the page, at most Query.Size long.
	Hits []Hit `json:"hits"`
	// Facets maps a requested facet name ("touchpoint", "sentiment",
	// "audience", "source", "meta.channel"…) to its counts.
	Facets map[string]Facet `json:"facets"`
	// Dates is the date histogram of created_at when one was requested.
	Dates []DateBucket `json:"dates,omitempty"`
	// Took is how long the search took.
	Took time.Duration `json:"took_ns"`
	// Next is the cursor of the next page (Query.After), "" on the last page.
	Next string `json:"next,omitempty"`
	// Hidden counts the employee comments that matched but are left out
	// because there were fewer than Options.MinEmployeeGroup of them.
	Hidden int `json:"hidden_employee_comments,omitempty"`
}

// Hit is one matching comment with what is needed to render it. Text is
// plain text and must be escaped by whoever renders it; Fragments carry
// ready-escaped HTML.
type Hit struct {
	ID string `json:"id"`
	// Score is the relevance score; 0 unless sorted by relevance.
	Score float64 `json:"score"`
	// Text is the comment's text (corpus.Comment.Text()); every Span of a
	// Hit is a byte range in it.
	Text string `json:"text"`
	// Matches are the query-term matches in Text, in text order.
	Matches []Span `json:"matches,omitempty"`
	// Fragments are up to three passages of Text around the matches (or
	// its beginning when nothing matched), for a result list.
	Fragments []Fragment `json:"fragments"`
	// Fields says where each of the comment's text fields lies in Text.
	Fields []Field `json:"fields,omitempty"`

	Source          string            `json:"source"`
	Audience        string            `json:"audience,omitempty"`
	CreatedAt       time.Time         `json:"created_at"`
	ReceivedAt      time.Time         `json:"received_at"`
	Sentiment       Sentiment         `json:"sentiment"`
	Touchpoints     []Touchpoint      `json:"touchpoints"` // as tagged, without ancestors
	Scores          corpus.Scores     `json:"scores"`
	Meta            map[string]string `json:"meta,omitempty"`
	Untagged        bool              `json:"untagged"`
	TaxonomyVersion string            `json:"taxonomy_version,omitempty"`
	Redacted        []string          `json:"redacted,omitempty"` // kinds of personal data removed at ingest
}

// Span is a byte range [Start, End) in a text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// WeightedSpan is a sentiment evidence span with what it contributed.
type WeightedSpan struct {
	Span
	Weight float64 `json:"weight"`
}

// Field is one named text field of a comment and its range in Hit.Text.
type Field struct {
	Name string `json:"name"`
	Span
}

// Sentiment is the overall sentiment of a hit and its evidence.
type Sentiment struct {
	Label    string         `json:"label"`
	Score    float64        `json:"score"`
	Evidence []WeightedSpan `json:"evidence,omitempty"`
}

// Touchpoint is a tagged touchpoint of a hit with its aspect sentiment and
// the spans of the text rules that tagged it (metadata rules have none).
type Touchpoint struct {
	ID        string  `json:"id"`
	Label     string  `json:"label"`
	Sentiment string  `json:"sentiment"`
	Score     float64 `json:"score"`
	Evidence  []Span  `json:"evidence,omitempty"`
}

// Facet is the counts of one term facet, largest first: Terms, Other
// (counts of values beyond the returned terms) and Missing (matching
// comments without a value).
type Facet = facts.FacetCounts

// FacetTerm is one value of a facet and how many matching comments have it.
type FacetTerm = facts.TermCount

// DateBucket is one interval of the date histogram. Start is the first
// instant of the interval in the index's time zone; Key is its date as
// YYYY-MM-DD. Empty intervals between the first and last are included.
type DateBucket struct {
	Key   string    `json:"key"`
	Start time.Time `json:"start"`
	Count int       `json:"count"`
}
