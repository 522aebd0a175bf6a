package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// mappingVersion changes whenever the mapping or the document layout
// changes; an index built with another version is rebuilt (ErrStale).
const mappingVersion = 4

// Field names. They are also the field names of the query-string syntax,
// e.g. `touchpoint:billing sentiment:negative nps:<7`.
const (
	fieldText            = "text"             // analysed English, stored, term vectors
	fieldTouchpoint      = "touchpoint"       // keyword, each touchpoint and every ancestor
	fieldSentiment       = "sentiment"        // keyword: positive, negative, neutral, mixed
	fieldAudience        = "audience"         // keyword: customer, employee
	fieldSource          = "source"           // keyword: source name
	fieldMeta            = "meta"             // keyword: "name=value" per metadata entry
	fieldNPS             = "nps"              // facts table only (see factsquery.go)
	fieldCSAT            = "csat"             // facts table only
	fieldCES             = "ces"              // facts table only
	fieldSentimentScore  = "sentiment_score"  // facts table only; in [-1, 1]
	fieldCreatedAt       = "created_at"       // facts table only
	fieldReceivedAt      = "received_at"      // facts table only
	fieldUntagged        = "untagged"         // boolean
	fieldTaxonomyVersion = "taxonomy_version" // keyword
	fieldLexiconVersion  = "lexicon_version"  // keyword
	fieldHit             = "hit"              // stored only: what a hit needs to render (see stored.go)
)

// newMapping returns the lean explicit mapping: nothing dynamic, no _all
// field, term vectors only on the text (highlighting needs them), and no
// doc values at all: facets, sorts and histograms read the facts table.
// The keyword fields stay indexed for field:value clauses in the query
// string. The numeric and datetime fields are not indexed at all: each
// cost 16 precision-shifted terms a document, and without them bleve
// indexes 5× faster; their range clauses run on the facts table
// (factsquery.go).
func newMapping() *mapping.IndexMappingImpl {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = true
	text.IncludeTermVectors = true
	text.IncludeInAll = false
	text.DocValues = false

	kw := func(docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = docValues
		return f
	}
	boolean := bleve.NewBooleanFieldMapping()
	boolean.Store = false
	boolean.IncludeInAll = false
	boolean.DocValues = false

	stored := bleve.NewTextFieldMapping()
	stored.Analyzer = keyword.Name
	stored.Index = false
	stored.Store = true
	stored.IncludeInAll = false
	stored.IncludeTermVectors = false
	stored.DocValues = false

	doc := bleve.NewDocumentStaticMapping()
	add := func(name string, f *mapping.FieldMapping) { doc.AddFieldMappingsAt(name, f) }
	add(fieldText, text)
	add(fieldTouchpoint, kw(false))
	add(fieldSentiment, kw(false))
	add(fieldAudience, kw(false))
	add(fieldSource, kw(false))
	add(fieldMeta, kw(false))
	add(fieldUntagged, boolean)
	add(fieldTaxonomyVersion, kw(false))
	add(fieldLexiconVersion, kw(false))
	add(fieldHit, stored)
	// Without this bleve still adds an empty composite _all field to every
	// document, which cost 11% of indexing CPU.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	m.DefaultAnalyzer = en.AnalyzerName
	m.DefaultField = fieldText // bare query-string terms search the text
	return m
}
