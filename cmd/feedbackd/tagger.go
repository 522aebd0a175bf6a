package main

import (
	"sync/atomic"
	"time"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
)

// tagger is the corpus.Tagger of the daemon: it runs the current engine
// over a comment. The engine can be swapped while tagging goes on (SIGHUP);
// each comment is tagged wholly by one engine, whose versions it records.
type tagger struct {
	eng atomic.Pointer[engine]
	now func() time.Time
}

var _ corpus.Tagger = (*tagger)(nil)

// newTagger returns a tagger using eng.
func newTagger(eng *engine, now func() time.Time) *tagger {
	if now == nil {
		now = time.Now
	}
	t := &tagger{now: now}
	t.eng.Store(eng)
	return t
}

// Tag implements corpus.Tagger.
func (t *tagger) Tag(c *corpus.Comment) {
	res := t.eng.Load().Classify(classify.Comment{Text: c.Text(), Audience: string(c.Audience), Meta: c.Meta})
	c.Tags = &corpus.Tags{Result: res, TaggedAt: t.now().UTC()}
}

// Engine returns the engine in use.
func (t *tagger) Engine() *engine { return t.eng.Load() }

// Swap installs eng and returns the engine it replaces.
func (t *tagger) Swap(eng *engine) *engine { return t.eng.Swap(eng) }

// Versions returns the taxonomy and lexicon versions of the engine in use.
func (t *tagger) Versions() (taxonomy, lexicon string) { return t.eng.Load().Versions() }
