package main

import (
	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
	"github.com/rs/zerolog"
)

// apiEngine is the api.Engine of a tagger: whatever engine is in use
// (SIGHUP swaps it) explains comments and names touchpoints.
type apiEngine struct{ t *tagger }

var _ api.Engine = apiEngine{}

func (a apiEngine) Classify(c classify.Comment) classify.Result { return a.t.Engine().Classify(c) }
func (a apiEngine) Versions() (string, string)                  { return a.t.Versions() }

func (a apiEngine) Label(id string) (string, bool) {
	d, ok := a.t.Engine().tax.Lookup(id)
	return d.Label, ok
}

// newAPI builds the /api/v1 server over an open data dir.
func newAPI(cfg *Config, ix *index.Index, store *rawstore.Store, t *tagger, tokens *api.Tokens, stopping func() bool, logger zerolog.Logger) *api.Server {
	loc, _ := cfg.Location() // validated
	return api.New(cfg.API, api.Deps{
		Index: ix, Store: store, Engine: apiEngine{t}, Tokens: tokens,
		Location: loc, Stopping: stopping, Logger: logger,
		Facts: ix, Reports: cfg.Analytics.Reports(),
	})
}
