package classify

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"strings"

	"github.com/feedbackd/feedbackd/sentiment"
)

// Audiences a touchpoint can address. A comment whose audience is customer
// or employee is only tagged with touchpoints of that audience or of both.
const (
	AudienceCustomer = "customer"
	AudienceEmployee = "employee"
	AudienceBoth     = "both"
)

// maxWithin bounds the window of a near rule, in tokens, so matching stays
// linear in the comment length.
const maxWithin = 12

// Definition describes one touchpoint of a taxonomy.
type Definition struct {
	ID          string `json:"id"` // hierarchical: "billing/refunds"
	Label       string `json:"label"`
	Description string `json:"description,omitempty"`
	Audience    string `json:"audience"` // "customer", "employee" or "both"
	// Fallback touchpoints are tagged when no other touchpoint that applies
	// to the comment matched ("other", "general", SemEval's
	// "anecdotes/miscellaneous"); their own rules still tag them as usual.
	Fallback bool `json:"fallback,omitempty"`
}

// Taxonomy is a compiled touchpoint taxonomy: the definitions in file order
// and every rule compiled into one token matcher. Load it once per process
// with LoadTaxonomy; it is immutable and safe for concurrent use.
type Taxonomy struct {
	name    string
	version string
	defs    []Definition
	byID    map[string]int
	rules   *ruleSet
}

// Version identifies the taxonomy's content: the file's own version string,
// "+", and the first 8 hex digits of the SHA-256 of the file, so any edit
// changes it. Every classified comment records it.
func (t *Taxonomy) Version() string { return t.version }

// Name returns the name the taxonomy was loaded under, usually its path.
func (t *Taxonomy) Name() string { return t.name }

// Touchpoints returns the definitions in file order. The slice is a copy.
func (t *Taxonomy) Touchpoints() []Definition {
	return append([]Definition(nil), t.defs...)
}

// Lookup returns the definition of a touchpoint id.
func (t *Taxonomy) Lookup(id string) (Definition, bool) {
	i, ok := t.byID[id]
	if !ok {
		return Definition{}, false
	}
	return t.defs[i], true
}

// LoadTaxonomy parses and compiles a taxonomy from YAML. name is used in
// error messages and should be the file's path. Every problem in the file is
// reported at once (joined with errors.Join), each naming the file, the line,
// the touchpoint and the rule:
//
//	configs/touchpoints.yaml:42: touchpoint "billing/refunds": match[2] "refund|": empty alternative
//
// Patterns are compiled with tz, which must be the tokenizer that prepares
// the comments (the Analyzer's).
func LoadTaxonomy(tz *sentiment.Tokenizer, data []byte, name string) (*Taxonomy, error) {
	f, errs := parseTaxonomy(data, name)
	if f == nil {
		return nil, errors.Join(errs...)
	}
	rs, cerrs := compileRules(tz, f, name)
	errs = append(errs, cerrs...)
	if len(errs) > 0 {
		slices.SortStableFunc(errs, func(a, b error) int { return cmp.Compare(lineOf(a), lineOf(b)) })
		return nil, errors.Join(errs...)
	}
	t := &Taxonomy{name: name, rules: rs, byID: make(map[string]int, len(f.touchpoints))}
	for i, tp := range f.touchpoints {
		t.defs = append(t.defs, tp.def)
		t.byID[tp.def.ID] = i
	}
	sum := sha256.Sum256(data)
	v := f.version
	if v == "" {
		v = "unversioned"
	}
	t.version = v + "+" + hex.EncodeToString(sum[:])[:8]
	return t, nil
}

// checkTree rejects duplicate ids, children of undeclared parents and
// touchpoints that can never be tagged.
func (p *parser) checkTree(f *taxonomyFile) {
	first := make(map[string]*rawTouchpoint, len(f.touchpoints))
	for _, tp := range f.touchpoints {
		if prev, ok := first[tp.def.ID]; ok {
			p.errorf(tp.idNode, "%sduplicate id (first declared on line %d)", tp.where, prev.idNode.Line)
			continue
		}
		first[tp.def.ID] = tp
	}
	parents := make(map[string]bool)
	for _, tp := range f.touchpoints {
		i := strings.LastIndexByte(tp.def.ID, '/')
		if i < 0 {
			continue
		}
		parent := tp.def.ID[:i]
		parents[parent] = true
		if first[parent] == nil {
			p.errorf(tp.idNode, "%sparent %q is not declared", tp.where, parent)
		}
	}
	for _, tp := range f.touchpoints {
		if len(tp.match) == 0 && len(tp.near) == 0 && len(tp.meta) == 0 && !tp.def.Fallback && !parents[tp.def.ID] && first[tp.def.ID] == tp && !tp.broken {
			p.errorf(tp.node, "%sno rules: give match, near or meta (only a group with children, or a fallback, may have none)", tp.where)
		}
	}
}

// validID reports whether id is [a-z0-9][a-z0-9-]* segments joined by "/".
func validID(id string) bool {
	for _, seg := range strings.Split(id, "/") {
		if seg == "" || seg[0] == '-' {
			return false
		}
		for i := 0; i < len(seg); i++ {
			c := seg[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
