package classify

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/feedbackd/feedbackd/sentiment"
)

// maxEvidence bounds the evidence listed per touchpoint, so that a huge
// comment gives a readable explanation; Touchpoint.Mentions counts them all.
const maxEvidence = 20

// Classifier tags comments with the touchpoints of a taxonomy and scores the
// sentiment toward each. Build one per process with New; it is safe for
// concurrent use.
type Classifier struct {
	tax        *Taxonomy
	an         *sentiment.Analyzer
	lexVersion string
	pool       sync.Pool // *scratch, reused between comments
}

// New returns a Classifier. The taxonomy must have been loaded with the
// analyzer's tokenizer so that rules and comments are stemmed alike.
func New(tax *Taxonomy, an *sentiment.Analyzer) *Classifier {
	c := &Classifier{tax: tax, an: an}
	if lex := an.Lexicon(); lex != nil {
		c.lexVersion = lex.Version()
	}
	c.pool.New = func() any { return new(scratch) }
	return c
}

// Taxonomy returns the classifier's taxonomy.
func (c *Classifier) Taxonomy() *Taxonomy { return c.tax }

// Analyzer returns the classifier's sentiment analyzer.
func (c *Classifier) Analyzer() *sentiment.Analyzer { return c.an }

// Classify prepares, scores and tags one comment.
func (c *Classifier) Classify(cm Comment) Result {
	return c.ClassifyText(c.an.Tokenizer().Prepare(cm.Text), cm)
}

// ClassifyText scores and tags a comment whose text the caller has already
// prepared with the analyzer's tokenizer. cm.Text is ignored; evidence
// offsets refer to t.Raw.
func (c *Classifier) ClassifyText(t *sentiment.Text, cm Comment) Result {
	res := Result{
		Sentiment:       c.an.Score(t),
		Touchpoints:     []Touchpoint{},
		TaxonomyVersion: c.tax.version,
		LexiconVersion:  c.lexVersion,
	}
	s := c.pool.Get().(*scratch)
	c.tag(t, cm, s, &res)
	s.release()
	c.pool.Put(s)
	c.fallBack(cm, &res)
	res.Untagged = len(res.Touchpoints) == 0
	return res
}

// fallbackRule is the evidence of a touchpoint tagged as a fallback.
const fallbackRule = "fallback: no other touchpoint matched"

// fallBack tags the taxonomy's fallback touchpoints when no other
// touchpoint that applies to the comment was tagged. They take the comment's
// overall sentiment.
func (c *Classifier) fallBack(cm Comment, res *Result) {
	if !c.tax.rules.hasFallback {
		return
	}
	for _, tp := range res.Touchpoints {
		if !c.tax.rules.tps[c.tax.byID[tp.ID]].fallback {
			return
		}
	}
	aud := audienceOf(cm.Audience)
	tagged := res.Touchpoints
	res.Touchpoints = make([]Touchpoint, 0, len(tagged)+1)
	for i := range c.tax.rules.tps {
		r := &c.tax.rules.tps[i]
		if already := slices.IndexFunc(tagged, func(tp Touchpoint) bool { return tp.ID == r.id }); already >= 0 {
			res.Touchpoints = append(res.Touchpoints, tagged[already])
			continue
		}
		if r.fallback && r.audience&aud != 0 {
			res.Touchpoints = append(res.Touchpoints, Touchpoint{
				ID: r.id, Label: r.label, Sentiment: res.Sentiment.Score, SentimentFrom: fromComment,
				Evidence: []Evidence{{Rule: fallbackRule}}, Mentions: 1,
			})
		}
	}
}

// hit is one pattern match (or metadata rule) in the role it plays for one
// touchpoint.
type hit struct {
	span sentiment.Span // tokens; for meta hits, From is the value index
	tp   int32
	rule int32
	kind hitKind
}

// found is a touchpoint with at least one rule that fired.
type found struct {
	tp       int32
	ev       [2]int // its evidence: scratch.ev[ev[0]:ev[1]]
	spans    [2]int // its text mentions: scratch.spans[spans[0]:spans[1]]
	mentions int
	dropped  bool // a more specific touchpoint was tagged too
}

// scratch holds the per-comment working slices, reused through a pool so
// that classifying allocates only the result.
type scratch struct {
	matches []sentiment.Match
	hits    []hit
	ev      []Evidence
	spans   []sentiment.Span
	found   []found
	units   []int
	regions []sentiment.Span
}

// release forgets slices grown by an unusually long comment.
func (s *scratch) release() {
	const keep = 1 << 12
	if cap(s.matches) > keep || cap(s.hits) > keep || cap(s.ev) > keep || cap(s.spans) > keep || cap(s.units) > keep || cap(s.regions) > keep {
		*s = scratch{}
	}
}

// tag finds the touchpoints of t and appends them to res.
func (c *Classifier) tag(t *sentiment.Text, cm Comment, s *scratch, res *Result) {
	rs := c.tax.rules
	aud := audienceOf(cm.Audience)
	s.matches = rs.matcher.FindAll(t, s.matches[:0])
	hits := s.hits[:0]
	maxLen := 0
	for _, m := range s.matches {
		for _, u := range rs.uses[rs.useStart[m.Pattern]:rs.useStart[m.Pattern+1]] {
			if rs.tps[u.tp].audience&aud == 0 {
				continue
			}
			hits = append(hits, hit{span: m.Span, tp: u.tp, rule: u.rule, kind: u.kind})
		}
		maxLen = max(maxLen, m.Len())
	}
	if len(cm.Meta) > 0 {
		for mi := range rs.meta {
			mr := &rs.meta[mi]
			if rs.tps[mr.tp].audience&aud == 0 {
				continue
			}
			v, ok := metaValue(cm.Meta, mr.field)
			if !ok {
				continue
			}
			for vi, want := range mr.values {
				if strings.EqualFold(v, want) {
					hits = append(hits, hit{span: sentiment.Span{From: vi}, tp: mr.tp, rule: int32(mi), kind: hitMeta})
					break
				}
			}
		}
	}
	s.hits = hits
	if len(hits) == 0 {
		return
	}
	slices.SortFunc(hits, compareHits)
	s.ev, s.spans, s.found = s.ev[:0], s.spans[:0], s.found[:0]
	for i := 0; i < len(hits); {
		j := i + 1
		for j < len(hits) && hits[j].tp == hits[i].tp {
			j++
		}
		c.touchpoint(t, hits[i:j], maxLen, s)
		i = j
	}
	c.emit(t, s, res)
}

// compareHits orders hits by touchpoint, role, near rule and position.
func compareHits(a, b hit) int {
	if c := cmp.Compare(a.tp, b.tp); c != 0 {
		return c
	}
	if c := cmp.Compare(a.kind, b.kind); c != 0 {
		return c
	}
	if a.kind == hitNearA || a.kind == hitNearB {
		if c := cmp.Compare(a.rule, b.rule); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(a.span.From, b.span.From); c != 0 {
		return c
	}
	if c := cmp.Compare(a.span.To, b.span.To); c != 0 {
		return c
	}
	return cmp.Compare(a.rule, b.rule)
}

// touchpoint turns the hits of one touchpoint into evidence, after
// exclusions and proximity, and records it in s.found if any rule fired.
func (c *Classifier) touchpoint(t *sentiment.Text, hits []hit, maxLen int, s *scratch) {
	tp := &c.tax.rules.tps[hits[0].tp]
	f := found{tp: hits[0].tp, ev: [2]int{len(s.ev), len(s.ev)}, spans: [2]int{len(s.spans), len(s.spans)}}
	byKind := func(k hitKind) []hit {
		i, _ := slices.BinarySearchFunc(hits, k, func(h hit, k hitKind) int { return cmp.Compare(h.kind, k) })
		j := i
		for j < len(hits) && hits[j].kind == k {
			j++
		}
		return hits[i:j]
	}
	excl := byKind(hitExclude)
	record := func(sp sentiment.Span, rule string) {
		f.mentions++
		s.spans = append(s.spans, sp)
		if f.mentions <= maxEvidence {
			start, end := t.Tokens[sp.From].Start, t.Tokens[sp.To-1].End
			s.ev = append(s.ev, Evidence{Rule: rule, Term: t.Raw[start:end], Start: start, End: end})
		}
	}
	for _, h := range byKind(hitMatch) {
		if !excluded(excl, h.span, maxLen) {
			record(h.span, tp.match[h.rule])
		}
	}
	as, bs := byKind(hitNearA), byKind(hitNearB)
	for len(as) > 0 {
		rule := as[0].rule
		n := 1
		for n < len(as) && as[n].rule == rule {
			n++
		}
		a := as[:n]
		as = as[n:]
		for len(bs) > 0 && bs[0].rule < rule {
			bs = bs[1:]
		}
		n = 0
		for n < len(bs) && bs[n].rule == rule {
			n++
		}
		c.near(t, a, bs[:n], excl, maxLen, tp.near[rule], record)
	}
	for _, h := range byKind(hitMeta) {
		mr := &c.tax.rules.meta[h.rule]
		f.mentions++
		if f.mentions <= maxEvidence {
			s.ev = append(s.ev, Evidence{Rule: mr.names[h.span.From]})
		}
	}
	if f.mentions == 0 {
		return
	}
	f.ev[1], f.spans[1] = len(s.ev), len(s.spans)
	slices.SortStableFunc(s.ev[f.ev[0]:f.ev[1]], func(a, b Evidence) int {
		if (a.Term == "") != (b.Term == "") {
			if a.Term == "" {
				return 1
			}
			return -1
		}
		return cmp.Compare(a.Start, b.Start)
	})
	s.found = append(s.found, f)
}

// near pairs each a match with the nearest b match of the same sentence at
// most r.within tokens away (in either order) and records the pair. Both
// lists are sorted by position, so the search is linear in the text.
func (c *Classifier) near(t *sentiment.Text, as, bs, excl []hit, maxLen int, r nearRule, record func(sentiment.Span, string)) {
	if len(bs) == 0 {
		return
	}
	for _, a := range as {
		if excluded(excl, a.span, maxLen) {
			continue
		}
		sent := t.Tokens[a.span.From].Sentence
		lo := a.span.From - r.within - maxLen
		k, _ := slices.BinarySearchFunc(bs, lo, func(h hit, from int) int { return cmp.Compare(h.span.From, from) })
		best, bestGap := -1, 0
		for ; k < len(bs) && bs[k].span.From <= a.span.To+r.within; k++ {
			b := bs[k].span
			gap := b.From - a.span.To // b after a
			if b.From < a.span.From {
				gap = a.span.From - b.To // b before a
			}
			if gap > r.within || t.Tokens[b.From].Sentence != sent || excluded(excl, b, maxLen) {
				continue
			}
			if best < 0 || gap < bestGap {
				best, bestGap = k, gap
			}
		}
		if best >= 0 {
			b := bs[best].span
			record(sentiment.Span{From: min(a.span.From, b.From), To: max(a.span.To, b.To)}, r.name)
		}
	}
}

// excluded reports whether an exclusion (sorted by position, none longer
// than maxLen tokens) overlaps sp.
func excluded(excl []hit, sp sentiment.Span, maxLen int) bool {
	if len(excl) == 0 {
		return false
	}
	k, _ := slices.BinarySearchFunc(excl, sp.From-maxLen, func(h hit, from int) int { return cmp.Compare(h.span.From, from) })
	for ; k < len(excl) && excl[k].span.From < sp.To; k++ {
		if excl[k].span.To > sp.From {
			return true
		}
	}
	return false
}

// emit keeps the most specific touchpoints found and writes them, with
// their aspect sentiment, to res in taxonomy order.
func (c *Classifier) emit(t *sentiment.Text, s *scratch, res *Result) {
	tps := c.tax.rules.tps
	kept, nev := 0, 0
	for i := range s.found {
		f := &s.found[i]
		for j := range s.found {
			if j != i && slices.Contains(tps[s.found[j].tp].ancestors, f.tp) {
				f.dropped = true
				break
			}
		}
		if !f.dropped {
			kept++
			nev += f.ev[1] - f.ev[0]
		}
	}
	out := make([]Touchpoint, 0, kept)
	evs := make([]Evidence, 0, nev)
	for i := range s.found {
		f := &s.found[i]
		if f.dropped {
			continue
		}
		start := len(evs)
		evs = append(evs, s.ev[f.ev[0]:f.ev[1]]...)
		score, from := aspect(t, &res.Sentiment, s.spans[f.spans[0]:f.spans[1]], s)
		out = append(out, Touchpoint{
			ID:            tps[f.tp].id,
			Label:         tps[f.tp].label,
			Sentiment:     score,
			SentimentFrom: from,
			Evidence:      evs[start:len(evs):len(evs)],
			Mentions:      f.mentions,
		})
	}
	res.Touchpoints = out
}

// metaValue looks a field up in comment metadata, ignoring the case of the
// field name.
func metaValue(meta map[string]string, field string) (string, bool) {
	if v, ok := meta[field]; ok {
		return strings.TrimSpace(v), true
	}
	for k, v := range meta {
		if strings.EqualFold(k, field) {
			return strings.TrimSpace(v), true
		}
	}
	return "", false
}
