package sentiment

import (
	"fmt"
	"strconv"
	"strings"
)

// Pattern is a compiled token pattern: the small rule language shared by the
// sentiment lexicon's phrases and the touchpoint taxonomy. A pattern is a
// sequence of elements separated by spaces:
//
//	refund           the word by its stem: refund, refunds, refunded
//	=cheap           exactly this word form (after lower-casing)
//	deliver*         any word starting with "deliver"
//	hour|day|week    any one of the alternatives (each alternative may use = or *)
//	{num}            a number: 3, 40, 3.5, or a number word (two, forty, several)
//	{any}            any one token that is not punctuation
//	{0,3}            skip between 0 and 3 tokens
//
// All elements of a match must lie in one sentence. Contractions are split as
// in comments, so "did not" matches "didn't".
type Pattern struct {
	src   string
	elems []element
}

type elemKind uint8

const (
	elemAlts elemKind = iota
	elemNum
	elemAny
	elemGap
)

type altMode uint8

const (
	altStem altMode = iota
	altExact
	altPrefix
)

type alt struct {
	mode  altMode
	value string
}

type element struct {
	kind     elemKind
	alts     []alt
	min, max int // gap bounds
}

// maxGap bounds gap elements so matching stays linear in the comment length.
const maxGap = 12

// CompilePattern parses a pattern. Errors say which element is wrong.
func (tz *Tokenizer) CompilePattern(src string) (*Pattern, error) {
	p := &Pattern{src: src}
	fields := strings.Fields(src)
	if len(fields) == 0 {
		return nil, fmt.Errorf("empty pattern")
	}
	for _, f := range fields {
		elems, err := tz.compileElement(f)
		if err != nil {
			return nil, fmt.Errorf("pattern %q: element %q: %w", src, f, err)
		}
		p.elems = append(p.elems, elems...)
	}
	if p.elems[0].kind == elemGap || p.elems[len(p.elems)-1].kind == elemGap {
		return nil, fmt.Errorf("pattern %q: a gap {m,n} must sit between two words", src)
	}
	return p, nil
}

func (tz *Tokenizer) compileElement(f string) ([]element, error) {
	switch {
	case f == "{num}":
		return []element{{kind: elemNum}}, nil
	case f == "{any}":
		return []element{{kind: elemAny}}, nil
	case strings.HasPrefix(f, "{"):
		return compileGap(f)
	}
	f = strings.TrimSuffix(strings.TrimPrefix(f, "("), ")")
	if !strings.Contains(f, "|") && !strings.HasPrefix(f, "=") && !strings.HasSuffix(f, "*") {
		// A plain word may tokenize into several tokens ("didn't" → did not).
		// Punctuation inside a word element is dropped ("e-mail!"), but an
		// element that is only punctuation ("$", "#") matches it exactly.
		toks := tz.Prepare(f).Tokens
		var out []element
		for _, tok := range toks {
			if tok.Kind != Punct {
				out = append(out, element{kind: elemAlts, alts: []alt{tz.plainAlt(tok.Norm)}})
			}
		}
		if len(out) == 0 {
			for _, tok := range toks {
				out = append(out, element{kind: elemAlts, alts: []alt{{mode: altExact, value: tok.Norm}}})
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("no word in it")
		}
		return out, nil
	}
	var e element
	for _, a := range strings.Split(f, "|") {
		a = strings.ToLower(strings.TrimSpace(a))
		switch {
		case a == "" || a == "=" || a == "*":
			return nil, fmt.Errorf("empty alternative")
		case strings.HasPrefix(a, "="):
			e.alts = append(e.alts, alt{mode: altExact, value: normalize(a[1:])})
		case strings.HasSuffix(a, "*"):
			e.alts = append(e.alts, alt{mode: altPrefix, value: normalize(strings.TrimSuffix(a, "*"))})
		default:
			toks := tz.Prepare(a).Tokens
			if len(toks) != 1 {
				return nil, fmt.Errorf("alternative %q is more than one word; alternatives are single words, so write a separate pattern for each phrase", a)
			}
			e.alts = append(e.alts, tz.plainAlt(toks[0].Norm))
		}
	}
	return []element{e}, nil
}

// plainAlt matches a word by stem, or exactly when it is not a word.
func (tz *Tokenizer) plainAlt(norm string) alt {
	if classify(norm) != Word {
		return alt{mode: altExact, value: norm}
	}
	return alt{mode: altStem, value: tz.stemmer.Stem(norm)}
}

func compileGap(f string) ([]element, error) {
	inner := strings.TrimSuffix(strings.TrimPrefix(f, "{"), "}")
	lo, hi, ok := strings.Cut(inner, ",")
	if !ok || !strings.HasSuffix(f, "}") {
		return nil, fmt.Errorf("want {num}, {any} or a gap {min,max}")
	}
	min, err1 := strconv.Atoi(strings.TrimSpace(lo))
	max, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if err1 != nil || err2 != nil || min < 0 || max < min || max > maxGap {
		return nil, fmt.Errorf("a gap needs 0 <= min <= max <= %d", maxGap)
	}
	return []element{{kind: elemGap, min: min, max: max}}, nil
}

// String returns the pattern's source.
func (p *Pattern) String() string { return p.src }

// MatchAt reports whether the pattern matches starting at token i, and
// returns the end of the shortest match.
func (p *Pattern) MatchAt(t *Text, i int) (end int, ok bool) {
	if i >= len(t.Tokens) {
		return 0, false
	}
	return p.match(t, 0, i, t.Tokens[i].Sentence)
}

func (p *Pattern) match(t *Text, e, i, sentence int) (int, bool) {
	if e == len(p.elems) {
		return i, true
	}
	el := &p.elems[e]
	if el.kind == elemGap {
		for skip := el.min; skip <= el.max; skip++ {
			j := i + skip
			if j >= len(t.Tokens) || t.Tokens[j].Sentence != sentence {
				return 0, false
			}
			if end, ok := p.match(t, e+1, j, sentence); ok {
				return end, true
			}
		}
		return 0, false
	}
	if i >= len(t.Tokens) || t.Tokens[i].Sentence != sentence || !el.matches(&t.Tokens[i]) {
		return 0, false
	}
	return p.match(t, e+1, i+1, sentence)
}

func (el *element) matches(tok *Token) bool {
	switch el.kind {
	case elemNum:
		return tok.Kind == Number || numberWords[tok.Norm]
	case elemAny:
		return tok.Kind != Punct
	}
	for _, a := range el.alts {
		switch a.mode {
		case altStem:
			if tok.Stem == a.value {
				return true
			}
		case altExact:
			if tok.Norm == a.value {
				return true
			}
		case altPrefix:
			if strings.HasPrefix(tok.Norm, a.value) {
				return true
			}
		}
	}
	return false
}

// numberWords are words that stand for a count in "waited two hours" or
// "called several times".
var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true,
	"seven": true, "eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true,
	"fifteen": true, "twenty": true, "thirty": true, "forty": true, "fifty": true, "sixty": true,
	"ninety": true, "hundred": true, "several": true, "multiple": true, "many": true, "countless": true,
	"numerous": true, "few": true, "couple": true, "dozen": true, "dozens": true, "hundreds": true,
}

// Match is one pattern found in a text.
type Match struct {
	Pattern int // index of the pattern in the Matcher
	Span        // tokens covered
}

// Matcher finds many patterns in a text at once. Patterns are indexed by
// their first element, so the cost per token is a map look-up, not a scan
// of every pattern. Safe for concurrent use once built.
type Matcher struct {
	patterns []*Pattern
	byStem   map[string][]int
	byNorm   map[string][]int
	byPrefix map[string][]int // prefix alternatives, by their first prefixKey bytes
	scan     []int            // patterns whose first element cannot be indexed
}

// prefixKey is how many leading bytes index a prefix alternative ("deliver*"
// is found under "del"); shorter prefixes are scanned at every token.
const prefixKey = 3

// NewMatcher indexes patterns for FindAll.
func NewMatcher(patterns []*Pattern) *Matcher {
	m := &Matcher{patterns: patterns, byStem: map[string][]int{}, byNorm: map[string][]int{}, byPrefix: map[string][]int{}}
	for i, p := range patterns {
		first := p.elems[0]
		indexable := first.kind == elemAlts
		if indexable {
			for _, a := range first.alts {
				if a.mode == altPrefix && len(a.value) < prefixKey {
					indexable = false
				}
			}
		}
		if !indexable {
			m.scan = append(m.scan, i)
			continue
		}
		for _, a := range first.alts {
			index, key := m.byNorm, a.value
			switch a.mode {
			case altStem:
				index = m.byStem
			case altPrefix:
				index, key = m.byPrefix, a.value[:prefixKey]
			}
			if list := index[key]; len(list) == 0 || list[len(list)-1] != i {
				index[key] = append(list, i)
			}
		}
	}
	return m
}

// Pattern returns pattern i.
func (m *Matcher) Pattern(i int) *Pattern { return m.patterns[i] }

// FindAll appends every match of every pattern to dst, ordered by start
// token. A pattern may match at several places.
func (m *Matcher) FindAll(t *Text, dst []Match) []Match {
	for i := range t.Tokens {
		tok := &t.Tokens[i]
		first := len(dst)
		try := func(pi int) {
			for _, prev := range dst[first:] {
				if prev.Pattern == pi {
					return // indexed under both its stem and its form
				}
			}
			if end, ok := m.patterns[pi].MatchAt(t, i); ok {
				dst = append(dst, Match{Pattern: pi, Span: Span{i, end}})
			}
		}
		if tok.Kind == Punct {
			// Only a pattern that names the punctuation ("$ {num}") may
			// start on it.
			for _, pi := range m.byNorm[tok.Norm] {
				try(pi)
			}
			continue
		}
		for _, pi := range m.byStem[tok.Stem] {
			try(pi)
		}
		for _, pi := range m.byNorm[tok.Norm] {
			try(pi)
		}
		if len(tok.Norm) >= prefixKey {
			for _, pi := range m.byPrefix[tok.Norm[:prefixKey]] {
				try(pi)
			}
		}
		for _, pi := range m.scan {
			try(pi)
		}
	}
	return dst
}
