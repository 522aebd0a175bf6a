// Package configs holds feedbackd's embedded defaults: the touchpoint
// taxonomy, the customer-experience sentiment lexicon and (later) the daemon
// configuration. Every file here is also documentation a user can copy and
// edit; configs/README.md explains the formats.
package configs

import _ "embed"

//go:embed touchpoints.yaml
var touchpoints string

//go:embed sentiment.yaml
var sentiment string

// Names of the embedded files, used in error messages and version strings.
const (
	TaxonomyName = "configs/touchpoints.yaml"
	LexiconName  = "configs/sentiment.yaml"
)

// Taxonomy returns the default touchpoint taxonomy (YAML).
func Taxonomy() []byte { return []byte(touchpoints) }

// Lexicon returns the default customer-experience sentiment lexicon (YAML).
func Lexicon() []byte { return []byte(sentiment) }
