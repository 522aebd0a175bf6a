package classify

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// taxonomyFile is a parsed, not yet compiled, taxonomy.
type taxonomyFile struct {
	version     string
	touchpoints []*rawTouchpoint
}

type rawTouchpoint struct {
	def     Definition
	where   string // "touchpoint \"id\"" for error messages
	node    *yaml.Node
	idNode  *yaml.Node
	match   []rawPattern
	exclude []rawPattern
	near    []rawNear
	meta    []rawMeta
	broken  bool // had errors: do not also report it as having no rules
}

type rawPattern struct {
	src  string
	idx  int // position in its list in the file
	node *yaml.Node
}

type rawNear struct {
	a, b   rawPattern
	within int
	idx    int // position in the near list in the file
	node   *yaml.Node
}

type rawMeta struct {
	field  string
	values []string
	node   *yaml.Node
}

// parser collects every error of a file with its line.
type parser struct {
	name string
	errs []error
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, &lineError{name: p.name, line: n.Line, msg: fmt.Sprintf(format, args...)})
}

// lineError is a problem at one line of a taxonomy file.
type lineError struct {
	name string
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.name, e.line, e.msg) }

// lineOf returns the line of a lineError, or 0.
func lineOf(err error) int {
	var le *lineError
	if errors.As(err, &le) {
		return le.line
	}
	return 0
}

// parseTaxonomy reads the YAML structure and checks everything that does not
// need the tokenizer. It returns a nil file when the structure is unusable.
func parseTaxonomy(data []byte, name string) (*taxonomyFile, []error) {
	p := &parser{name: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, []error{yamlError(name, data, err)}
	}
	if len(bytes.TrimSpace(data)) == 0 || len(doc.Content) == 0 {
		return nil, []error{fmt.Errorf("%s: empty taxonomy: want version and touchpoints", name)}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		p.errorf(root, "want a mapping with version and touchpoints")
		return nil, p.errs
	}
	f := &taxonomyFile{}
	var list *yaml.Node
	p.fields(root, "", func(k, v *yaml.Node) {
		switch k.Value {
		case "version":
			f.version = p.scalar(v, "", "version")
		case "touchpoints":
			list = v
		default:
			p.errorf(k, "unknown key %q (want version or touchpoints)", k.Value)
		}
	})
	switch {
	case list == nil:
		p.errorf(root, "no touchpoints")
	case list.Kind != yaml.SequenceNode:
		p.errorf(list, "touchpoints: want a list")
	case len(list.Content) == 0:
		p.errorf(list, "touchpoints: empty list")
	}
	if list != nil && list.Kind == yaml.SequenceNode {
		for i, n := range list.Content {
			if tp := p.touchpoint(n, i); tp != nil {
				f.touchpoints = append(f.touchpoints, tp)
			}
		}
	}
	p.checkTree(f)
	return f, p.errs
}

// fields calls fn for each key/value of a mapping and rejects repeated keys.
func (p *parser) fields(m *yaml.Node, where string, fn func(k, v *yaml.Node)) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		for j := 0; j < i; j += 2 {
			if m.Content[j].Value == k.Value {
				p.errorf(k, "%skey %q repeated (first on line %d)", where, k.Value, m.Content[j].Line)
			}
		}
		fn(k, m.Content[i+1])
	}
}

// scalar returns the text of a scalar node; null is "".
func (p *parser) scalar(n *yaml.Node, where, key string) string {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.ScalarNode {
		p.errorf(n, "%s%s: want a single value", where, key)
		return ""
	}
	if n.Tag == "!!null" {
		return ""
	}
	return strings.TrimSpace(n.Value)
}

func (p *parser) touchpoint(n *yaml.Node, i int) *rawTouchpoint {
	where := fmt.Sprintf("touchpoints[%d]: ", i)
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%swant a mapping with id, label and rules", where)
		return nil
	}
	tp := &rawTouchpoint{node: n}
	before := len(p.errs)
	// Read the id first so that every other error can name the touchpoint.
	for j := 0; j+1 < len(n.Content); j += 2 {
		if n.Content[j].Value == "id" {
			tp.idNode = n.Content[j+1]
			tp.def.ID = p.scalar(tp.idNode, where, "id")
		}
	}
	if tp.def.ID != "" {
		where = fmt.Sprintf("touchpoint %q: ", tp.def.ID)
	}
	tp.where = where
	p.fields(n, where, func(k, v *yaml.Node) {
		switch k.Value {
		case "id":
		case "label":
			tp.def.Label = p.scalar(v, where, "label")
		case "description":
			tp.def.Description = p.scalar(v, where, "description")
		case "audience":
			tp.def.Audience = p.scalar(v, where, "audience")
			switch tp.def.Audience {
			case AudienceCustomer, AudienceEmployee, AudienceBoth:
			default:
				p.errorf(v, "%saudience %q: want customer, employee or both", where, tp.def.Audience)
			}
		case "fallback":
			switch p.scalar(v, where, "fallback") {
			case "true":
				tp.def.Fallback = true
			case "false":
			default:
				p.errorf(v, "%sfallback %q: want true or false", where, v.Value)
			}
		case "match":
			tp.match = p.patterns(v, where, "match")
		case "exclude":
			tp.exclude = p.patterns(v, where, "exclude")
		case "near":
			tp.near = p.nears(v, where)
		case "meta":
			tp.meta = p.metas(v, where)
		default:
			p.errorf(k, "%sunknown key %q (want id, label, description, audience, fallback, match, near, exclude or meta)", where, k.Value)
		}
	})
	switch {
	case tp.idNode == nil:
		p.errorf(n, "%smissing id", where)
		return nil
	case tp.def.ID == "":
		p.errorf(tp.idNode, "%sempty id", where)
		return nil
	case !validID(tp.def.ID):
		p.errorf(tp.idNode, "%sbad id: want lower-case letters, digits and dashes, with / between levels (e.g. billing/refunds)", where)
	}
	if tp.def.Label == "" {
		tp.def.Label = tp.def.ID
	}
	if tp.def.Audience == "" {
		tp.def.Audience = AudienceBoth
	}
	tp.broken = len(p.errs) > before
	if len(tp.exclude) > 0 && len(tp.match) == 0 && len(tp.near) == 0 {
		p.errorf(n, "%sexclude without match or near: exclusions only drop text matches", where)
	}
	return tp
}

// patterns reads a list of pattern strings.
func (p *parser) patterns(n *yaml.Node, where, key string) []rawPattern {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s%s: want a list of patterns", where, key)
		return nil
	}
	var out []rawPattern
	for i, c := range n.Content {
		if c.Kind == yaml.MappingNode || c.Kind == yaml.SequenceNode {
			p.errorf(c, "%s%s[%d]: want a pattern (quote patterns that start with { or [)", where, key, i)
			continue
		}
		out = append(out, rawPattern{src: p.scalar(c, where, fmt.Sprintf("%s[%d]", key, i)), idx: i, node: c})
	}
	return out
}

// nears reads near rules: {a: PATTERN, b: PATTERN, within: N}.
func (p *parser) nears(n *yaml.Node, where string) []rawNear {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%snear: want a list of {a, b, within}", where)
		return nil
	}
	var out []rawNear
	for i, c := range n.Content {
		key := fmt.Sprintf("near[%d]", i)
		if c.Kind != yaml.MappingNode {
			p.errorf(c, "%s%s: want {a: PATTERN, b: PATTERN, within: N}", where, key)
			continue
		}
		r := rawNear{idx: i, node: c}
		var hasA, hasB, hasWithin bool
		p.fields(c, where+key+": ", func(k, v *yaml.Node) {
			switch k.Value {
			case "a":
				r.a, hasA = rawPattern{src: p.scalar(v, where, key+".a"), node: v}, true
			case "b":
				r.b, hasB = rawPattern{src: p.scalar(v, where, key+".b"), node: v}, true
			case "within":
				hasWithin = true
				w, err := strconv.Atoi(p.scalar(v, where, key+".within"))
				if err != nil || w < 1 || w > maxWithin {
					p.errorf(v, "%s%s: within %q: want a number of tokens from 1 to %d", where, key, v.Value, maxWithin)
				}
				r.within = w
			default:
				p.errorf(k, "%s%s: unknown key %q (want a, b and within)", where, key, k.Value)
			}
		})
		switch {
		case !hasA || !hasB:
			p.errorf(c, "%s%s: needs both a and b", where, key)
		case !hasWithin:
			p.errorf(c, "%s%s: needs within (1 to %d tokens)", where, key, maxWithin)
		default:
			out = append(out, r)
		}
	}
	return out
}

// metas reads metadata rules: field: [value, ...] or field: value.
func (p *parser) metas(n *yaml.Node, where string) []rawMeta {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%smeta: want a mapping of field: [values]", where)
		return nil
	}
	var out []rawMeta
	p.fields(n, where+"meta: ", func(k, v *yaml.Node) {
		m := rawMeta{field: strings.TrimSpace(k.Value), node: k}
		key := "meta " + m.field
		if m.field == "" {
			p.errorf(k, "%smeta: empty field name", where)
			return
		}
		switch v.Kind {
		case yaml.SequenceNode:
			for i, c := range v.Content {
				val := p.scalar(c, where, fmt.Sprintf("%s[%d]", key, i))
				if val == "" {
					p.errorf(c, "%s%s[%d]: empty value", where, key, i)
					continue
				}
				m.values = append(m.values, val)
			}
		default:
			if val := p.scalar(v, where, key); val != "" {
				m.values = append(m.values, val)
			}
		}
		if len(m.values) == 0 {
			p.errorf(v, "%s%s: no values", where, key)
			return
		}
		out = append(out, m)
	})
	return out
}

// yamlError rewrites "yaml: line 3: msg" as "name:3: msg" and points at
// the usual cause: an unquoted pattern starting with "{" ({num}, {0,3}),
// which YAML reads as a mapping.
func yamlError(name string, data []byte, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	for i, line := range strings.Split(string(data), "\n") {
		item := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "-"))
		for _, key := range []string{"a:", "b:"} {
			item = strings.TrimSpace(strings.TrimPrefix(item, key))
		}
		if strings.HasPrefix(item, "{num}") || strings.HasPrefix(item, "{any}") {
			msg += fmt.Sprintf(" (line %d: quote patterns that start with {, e.g. \"{num} hours\")", i+1)
			break
		}
	}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, tail, ok := strings.Cut(rest, ": "); ok {
			if _, err := strconv.Atoi(n); err == nil {
				return fmt.Errorf("%s:%s: %s", name, n, tail)
			}
		}
	}
	return fmt.Errorf("%s: %s", name, msg)
}
