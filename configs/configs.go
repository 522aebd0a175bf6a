// Package configs holds feedbackd's embedded defaults: the touchpoint
// taxonomy, the customer-experience sentiment lexicon and the daemon
// configuration. Every file here is also documentation a user can copy and
// edit; configs/README.md explains the formats.
package configs

import _ "embed"

//go:embed touchpoints.yaml
var touchpoints string

//go:embed sentiment.yaml
var sentiment string

//go:embed feedbackd.yaml
var daemon string

// Names of the embedded files, used in error messages and version strings.
const (
	TaxonomyName = "configs/touchpoints.yaml"
	LexiconName  = "configs/sentiment.yaml"
	DaemonName   = "configs/feedbackd.yaml"
)

// Taxonomy returns the default touchpoint taxonomy (YAML).
func Taxonomy() []byte { return []byte(touchpoints) }

// Lexicon returns the default customer-experience sentiment lexicon (YAML).
func Lexicon() []byte { return []byte(sentiment) }

// Daemon returns the default daemon configuration (YAML), every key
// commented: what `feedbackd serve` uses without --config.
func Daemon() []byte { return []byte(daemon) }
