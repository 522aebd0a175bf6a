// Package digest sends scheduled summaries of the feedback (the top pain
// points, the headline figures and what changed) by file, e-mail and
// webhook.
//
// It owns everything about a digest except its numbers: the configuration
// (config.go), the period a run covers (period.go), the content model and
// the Builder that fills it (this file), rendering with embedded,
// overridable templates (render.go), the channels (file.go, smtp.go,
// webhook.go) with retries (retry.go), the durable "sent" state that keeps
// a period from being sent twice (send.go) and the cron scheduler with
// catch-up (scheduler.go). The analytics that compute the content
// implement Builder.
package digest

import (
	"context"
	"time"
)

// Builder computes a digest's content for one period. The analytics
// implement it; this package renders and delivers what it returns.
//
// Build should fill every figure it can and leave the links empty (the
// sender fills the empty ones from the spec's base URL and scope). It may
// set LittleData itself; the sender also sets it when the period has
// fewer than Spec.MinComments comments.
type Builder interface {
	Build(ctx context.Context, spec Spec, p Period) (Content, error)
}

// BuilderFunc adapts a function to Builder.
type BuilderFunc func(ctx context.Context, spec Spec, p Period) (Content, error)

// Build implements Builder.
func (f BuilderFunc) Build(ctx context.Context, spec Spec, p Period) (Content, error) {
	return f(ctx, spec, p)
}

// Content is everything a digest says about one period. Templates see it
// as their data (docs/digests.md lists the fields).
type Content struct {
	// Digest is the digest's name and Title its heading; the sender sets
	// both from the spec when they are empty.
	Digest string `json:"digest"`
	Title  string `json:"title"`
	// Period is the period covered and the one it is compared with.
	Period Period `json:"period"`
	// Scope describes what the digest covers, for people ("saved search
	// Angry refunds", "customer comments on billing").
	Scope string `json:"scope,omitempty"`
	// Link opens the web UI's search on the scope and the period.
	Link string `json:"link,omitempty"`

	// Headline are the period's overall figures.
	Headline Headline `json:"headline"`
	// PainPoints are the touchpoints hurting most, most negative impact
	// first, at most Spec.Top of them.
	PainPoints []Driver `json:"pain_points"`
	// Improvements are the touchpoints that got better the most.
	Improvements []Driver `json:"improvements"`
	// Anomalies are unusual days or swings in the period.
	Anomalies []Anomaly `json:"anomalies"`
	// EmergingTerms are words and phrases much more frequent than before.
	EmergingTerms []Term `json:"emerging_terms"`

	// LittleData means the period has too little data for figures to mean
	// anything: templates then say LittleDataMessage and nothing else.
	LittleData        bool   `json:"little_data"`
	LittleDataMessage string `json:"little_data_message,omitempty"`
	// Notes are caveats worth a line ("NPS rests on 14 responses").
	Notes []string `json:"notes,omitempty"`

	// GeneratedAt is when the content was built.
	GeneratedAt time.Time `json:"generated_at"`
}

// Headline are a period's overall figures, each with its previous value.
type Headline struct {
	// Volume is the number of comments.
	Volume Change `json:"volume"`
	// NetSentiment is 100 × (positive − negative) / comments, from −100
	// to +100.
	NetSentiment Change `json:"net_sentiment"`
	// NPS (−100 to 100), CSAT (mean, 1 to 5) and CES (mean, 1 to 7), each
	// with the number of responses; N is 0 when the period has none.
	NPS  Score `json:"nps"`
	CSAT Score `json:"csat"`
	CES  Score `json:"ces"`
}

// Change is a figure in the period and in the one before.
type Change struct {
	Value float64 `json:"value"`
	// Previous is the figure in the comparison period, meaningful only
	// when HasPrevious.
	Previous    float64 `json:"previous"`
	HasPrevious bool    `json:"has_previous"`
}

// Delta is Value − Previous (0 without a previous value).
func (c Change) Delta() float64 {
	if !c.HasPrevious {
		return 0
	}
	return c.Value - c.Previous
}

// Score is a survey score with its number of responses.
type Score struct {
	Change
	N         int `json:"n"`
	PreviousN int `json:"previous_n"`
}

// Driver is a touchpoint with its figures: a pain point or an
// improvement.
type Driver struct {
	// Touchpoint is the taxonomy id ("billing/refunds"); Label its name.
	Touchpoint string `json:"touchpoint"`
	Label      string `json:"label"`
	// Volume is the number of comments tagged with it.
	Volume Change `json:"volume"`
	// NetSentiment is the net sentiment of those comments.
	NetSentiment Change `json:"net_sentiment"`
	// Impact is its estimated effect on a score.
	Impact Impact `json:"impact"`
	// Comments are 2–3 representative comments: typical, not only the
	// most extreme.
	Comments []Quote `json:"comments"`
	// Link opens the search on this touchpoint in the period.
	Link string `json:"link,omitempty"`
}

// Impact is the estimated effect of a touchpoint on a score, in the
// score's points, with a confidence interval.
type Impact struct {
	// Metric is "NPS", "CSAT", "CES" or "" when no score applies.
	Metric string  `json:"metric,omitempty"`
	Value  float64 `json:"value"`
	// Low and High bound the interval at Level (e.g. 0.95); both 0 when
	// unknown.
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
	Level float64 `json:"level,omitempty"`
}

// Quote is a representative comment. Text is as stored (PII already
// redacted) and written by the public: templates must escape it.
type Quote struct {
	ID        string  `json:"id"`
	Text      string  `json:"text"`
	Sentiment string  `json:"sentiment"`
	Score     float64 `json:"score"`
	Link      string  `json:"link,omitempty"`
}

// Anomaly is an unusual day or swing in the period.
type Anomaly struct {
	// Summary says what happened in one line.
	Summary string `json:"summary"`
	// Touchpoint and Label, when it concerns one touchpoint.
	Touchpoint string `json:"touchpoint,omitempty"`
	Label      string `json:"label,omitempty"`
	// Metric is what was unusual ("volume", "net_sentiment", "nps").
	Metric string `json:"metric"`
	// Day is the day it happened; zero when it concerns the whole period
	// (templates then show no date, and the link covers the period).
	Day time.Time `json:"day"`
	// Value is what was seen, Expected what was expected.
	Value    float64 `json:"value"`
	Expected float64 `json:"expected"`
	Link     string  `json:"link,omitempty"`
}

// Term is an emerging word or phrase.
type Term struct {
	Term string `json:"term"`
	// Count is the negative comments of the period with the term,
	// PreviousCount those of the baseline it is compared with, which
	// Baseline names ("the 8 weeks before"; "" for the previous period).
	Count         int    `json:"count"`
	PreviousCount int    `json:"previous_count"`
	Baseline      string `json:"baseline,omitempty"`
	Link          string `json:"link,omitempty"`
}
