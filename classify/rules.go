package classify

import (
	"fmt"
	"strings"

	"github.com/feedbackd/feedbackd/sentiment"
)

// hitKind says what role a pattern plays for a touchpoint.
type hitKind uint8

const (
	hitMatch hitKind = iota
	hitNearA
	hitNearB
	hitExclude
	hitMeta
)

// audience is a touchpoint's or comment's audience as a bit set.
type audience uint8

const (
	forCustomer audience = 1 << iota
	forEmployee
	forAll = forCustomer | forEmployee
)

// audienceOf maps a definition's or comment's audience to its bit set;
// anything but customer or employee means everyone.
func audienceOf(s string) audience {
	switch s {
	case AudienceCustomer:
		return forCustomer
	case AudienceEmployee:
		return forEmployee
	}
	return forAll
}

// ruleSet is a taxonomy compiled for matching. Every pattern of every
// touchpoint (match, exclude and both sides of near) sits in one Matcher;
// uses says, for each matcher pattern, which touchpoints' rules it serves.
type ruleSet struct {
	matcher  *sentiment.Matcher
	uses     []patternUse // grouped by pattern
	useStart []int32      // uses of pattern i: uses[useStart[i]:useStart[i+1]]
	tps      []tpRules    // by touchpoint, in file order
	meta     []metaRule
	// hasFallback is set when some touchpoint is a fallback.
	hasFallback bool
}

// patternUse is one role of a matcher pattern: a rule of a touchpoint.
type patternUse struct {
	tp   int32
	rule int32 // index into tpRules.match or tpRules.near
	kind hitKind
}

// tpRules holds what the classifier needs about one touchpoint.
type tpRules struct {
	id        string
	label     string
	audience  audience
	match     []string   // evidence names of match rules: `match "refund"`
	near      []nearRule // by rule index
	ancestors []int32    // touchpoints above this one, nearest first
	fallback  bool       // tagged when nothing else applies (Definition.Fallback)
}

type nearRule struct {
	name   string // `near "late|delay*" "deliver*" 4`
	within int
}

// metaRule tags tp when the comment's metadata field equals one of values.
type metaRule struct {
	tp     int32
	field  string
	values []string
	names  []string // evidence names by value: `meta channel=phone`
}

type pendingUse struct {
	pattern int
	use     patternUse
}

// compileRules compiles every pattern of f once and indexes them in one
// Matcher. A pattern used by several rules is compiled and matched once.
func compileRules(tz *sentiment.Tokenizer, f *taxonomyFile, name string) (*ruleSet, []error) {
	rs := &ruleSet{tps: make([]tpRules, len(f.touchpoints))}
	var (
		errs     []error
		patterns []*sentiment.Pattern
		bySrc    = map[string]int{}   // pattern source → index in patterns
		failed   = map[string]error{} // pattern source → compile error
		pending  []pendingUse
		seen     = map[pendingUse]bool{}
	)
	// add compiles src (once) and records a use of it; it returns false
	// when the pattern is invalid.
	add := func(tp *rawTouchpoint, what string, p rawPattern, use patternUse) bool {
		src := strings.Join(strings.Fields(p.src), " ")
		if src == "" {
			errs = append(errs, &lineError{name, p.node.Line, fmt.Sprintf("%s%s: empty pattern", tp.where, what)})
			return false
		}
		i, ok := bySrc[src]
		if !ok {
			err, bad := failed[src]
			if !bad {
				var pat *sentiment.Pattern
				pat, err = tz.CompilePattern(src)
				if err == nil {
					i = len(patterns)
					patterns = append(patterns, pat)
					bySrc[src] = i
				} else {
					failed[src] = err
				}
			}
			if err != nil {
				errs = append(errs, &lineError{name, p.node.Line, fmt.Sprintf("%s%s %q: %s", tp.where, what, p.src, patternError(src, err))})
				return false
			}
		}
		q := pendingUse{i, use}
		if !seen[q] { // the same pattern twice in one rule list counts once
			seen[q] = true
			pending = append(pending, q)
		}
		return true
	}
	index := make(map[string]int32, len(f.touchpoints))
	for ti, tp := range f.touchpoints {
		index[tp.def.ID] = int32(ti)
	}
	for ti, tp := range f.touchpoints {
		r := &rs.tps[ti]
		r.id, r.label, r.audience, r.fallback = tp.def.ID, tp.def.Label, audienceOf(tp.def.Audience), tp.def.Fallback
		rs.hasFallback = rs.hasFallback || r.fallback
		for id := tp.def.ID; ; {
			i := strings.LastIndexByte(id, '/')
			if i < 0 {
				break
			}
			id = id[:i]
			if a, ok := index[id]; ok {
				r.ancestors = append(r.ancestors, a)
			}
		}
		for i, p := range tp.match {
			// Rules keep their index even when invalid, so messages and
			// evidence names stay aligned with the file.
			r.match = append(r.match, fmt.Sprintf("match %q", strings.Join(strings.Fields(p.src), " ")))
			add(tp, fmt.Sprintf("match[%d]", p.idx), p, patternUse{tp: int32(ti), rule: int32(i), kind: hitMatch})
		}
		for _, p := range tp.exclude {
			add(tp, fmt.Sprintf("exclude[%d]", p.idx), p, patternUse{tp: int32(ti), kind: hitExclude})
		}
		for i, n := range tp.near {
			r.near = append(r.near, nearRule{
				name:   fmt.Sprintf("near %q %q %d", strings.Join(strings.Fields(n.a.src), " "), strings.Join(strings.Fields(n.b.src), " "), n.within),
				within: n.within,
			})
			add(tp, fmt.Sprintf("near[%d].a", n.idx), n.a, patternUse{tp: int32(ti), rule: int32(i), kind: hitNearA})
			add(tp, fmt.Sprintf("near[%d].b", n.idx), n.b, patternUse{tp: int32(ti), rule: int32(i), kind: hitNearB})
		}
		for _, m := range tp.meta {
			mr := metaRule{tp: int32(ti), field: m.field}
			for _, v := range m.values {
				mr.values = append(mr.values, v)
				mr.names = append(mr.names, "meta "+m.field+"="+v)
			}
			rs.meta = append(rs.meta, mr)
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	// Group uses by pattern (a counting sort keeps file order within each).
	rs.useStart = make([]int32, len(patterns)+1)
	for _, q := range pending {
		rs.useStart[q.pattern+1]++
	}
	for i := 1; i < len(rs.useStart); i++ {
		rs.useStart[i] += rs.useStart[i-1]
	}
	rs.uses = make([]patternUse, len(pending))
	next := append([]int32(nil), rs.useStart[:len(patterns)]...)
	for _, q := range pending {
		rs.uses[next[q.pattern]] = q.use
		next[q.pattern]++
	}
	rs.matcher = sentiment.NewMatcher(patterns)
	return rs, nil
}

// patternError drops the parts of a pattern error that repeat the pattern:
// `pattern "refund|": element "refund|": empty alternative` becomes
// `empty alternative`, and a multi-word pattern keeps its element.
func patternError(src string, err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, fmt.Sprintf("pattern %q: ", src))
	msg = strings.TrimPrefix(msg, fmt.Sprintf("element %q: ", src))
	return msg
}
