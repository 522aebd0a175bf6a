package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/sentiment"
)

// engineFlags select the taxonomy and domain lexicon; empty means the
// embedded defaults.
type engineFlags struct {
	taxonomy string
	lexicon  string
}

func (f *engineFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.taxonomy, "taxonomy", "", "touchpoint taxonomy `FILE` (YAML; default: the embedded "+configs.TaxonomyName+")")
	fs.StringVar(&f.lexicon, "lexicon", "", "domain sentiment lexicon `FILE` (YAML; default: the embedded "+configs.LexiconName+")")
}

// engine is the text engine built once per process: tokenizer, lexicon,
// taxonomy and classifier, all safe for concurrent use.
type engine struct {
	tax *classify.Taxonomy
	lex *sentiment.Lexicon
	an  *sentiment.Analyzer
	cl  *classify.Classifier
}

// build loads the lexicon and taxonomy named by the flags (or the embedded
// defaults) and wires the classifier.
func (f *engineFlags) build() (*engine, error) {
	lexData, lexName, err := readOr(f.lexicon, configs.Lexicon, configs.LexiconName)
	if err != nil {
		return nil, err
	}
	taxData, taxName, err := readOr(f.taxonomy, configs.Taxonomy, configs.TaxonomyName)
	if err != nil {
		return nil, err
	}
	tz := sentiment.NewTokenizer()
	lex, err := sentiment.LoadLexicon(tz, lexData, lexName)
	if err != nil {
		return nil, fmt.Errorf("load lexicon: %w", err)
	}
	tax, err := classify.LoadTaxonomy(tz, taxData, taxName)
	if err != nil {
		return nil, fmt.Errorf("load taxonomy: %w", err)
	}
	an := sentiment.New(tz, lex)
	return &engine{tax: tax, lex: lex, an: an, cl: classify.New(tax, an)}, nil
}

// readOr reads path, or returns the embedded default when path is empty.
func readOr(path string, def func() []byte, defName string) ([]byte, string, error) {
	if path == "" {
		return def(), defName, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", err // *PathError already names the file
	}
	return data, path, nil
}

// Classify tags one comment.
func (e *engine) Classify(c classify.Comment) classify.Result { return e.cl.Classify(c) }

// label returns the taxonomy's name of touchpoint id.
func (e *engine) label(id string) (string, bool) {
	d, ok := e.tax.Lookup(id)
	return d.Label, ok
}

// Versions returns the taxonomy and lexicon versions.
func (e *engine) Versions() (taxonomy, lexicon string) { return e.tax.Version(), e.lex.Version() }
