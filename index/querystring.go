package index

import (
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/feedbackd/feedbackd/index/facts"
)

// parsedQuery is a parsed query string: the bleve query, and the binding
// its facts clauses read (nil when it has none).
type parsedQuery struct {
	bleve query.Query
	facts *factsBinding
}

// bind points the facts clauses at a view and the index's row maps; the
// view must stay open while bleve runs the query.
func (p *parsedQuery) bind(v *facts.View, maps *rowMaps) {
	if p.facts != nil {
		p.facts.view, p.facts.maps = v, maps
	}
}

// parseQueryString parses bleve query-string syntax. bleve's parser says
// only "syntax error"; to say where, the query is split into its clauses
// (space-separated, quotes and backslash escapes respected) and the
// shortest failing prefix of whole clauses names the culprit.
func parseQueryString(s string) (*parsedQuery, error) {
	parsed, err := query.NewQueryStringQuery(s).Parse()
	if err == nil {
		bound := &factsBinding{}
		r := clauseRewriter{bound: bound}
		q := r.rewrite(parsed)
		if r.err != nil {
			return nil, &QueryError{Query: s, Pos: fieldClause(s, r.errField), Msg: r.err.Error()}
		}
		if !r.usedFacts {
			bound = nil
		}
		return &parsedQuery{bleve: q, facts: bound}, nil
	}
	msg := strings.TrimSpace(strings.TrimPrefix(err.Error(), "parse error:"))
	clauses, open := splitClauses(s)
	if open >= 0 {
		return nil, &QueryError{Query: s, Pos: open, Msg: "unclosed quote"}
	}
	for _, c := range clauses {
		if _, err := query.NewQueryStringQuery(s[:c.End]).Parse(); err != nil {
			return nil, &QueryError{Query: s, Pos: c.Start, Msg: clauseHint(s[c.Start:c.End], msg)}
		}
	}
	return nil, &QueryError{Query: s, Pos: 0, Msg: msg}
}

// clauseHint explains the commonest mistakes in a failing clause.
func clauseHint(clause, msg string) string {
	switch {
	case strings.HasSuffix(clause, ":"):
		return "in " + quoteClause(clause) + ": a field needs a value after the colon"
	case clause == "+" || clause == "-":
		return "in " + quoteClause(clause) + ": + and - go right before a term, without a space"
	case strings.HasPrefix(clause, ":"):
		return "in " + quoteClause(clause) + ": a value needs a field name before the colon"
	case strings.ContainsAny(clause, "()"):
		return "in " + quoteClause(clause) + ": parentheses are not supported; quote or escape them with \\"
	}
	return "in " + quoteClause(clause) + ": " + msg
}

func quoteClause(c string) string { return "`" + c + "`" }

// splitClauses returns the byte ranges of the space-separated clauses of
// s and, when a quote is left open, the offset of that quote (else -1).
func splitClauses(s string) ([]Span, int) {
	var out []Span
	start, quote := -1, -1
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			if start < 0 {
				start = i
			}
			i++
		case c == '"':
			if start < 0 {
				start = i
			}
			if quote < 0 {
				quote = i
			} else {
				quote = -1
			}
		case (c == ' ' || c == '\t' || c == '\n' || c == '\r') && quote < 0:
			if start >= 0 {
				out = append(out, Span{start, i})
				start = -1
			}
		default:
			if start < 0 {
				start = i
			}
		}
	}
	if start >= 0 {
		out = append(out, Span{start, len(s)})
	}
	return out, quote
}

// fieldClause returns the offset of the first clause on field in s, or
// -1 when there is none.
func fieldClause(s, field string) int {
	clauses, _ := splitClauses(s)
	for _, c := range clauses {
		if strings.HasPrefix(strings.TrimLeft(s[c.Start:c.End], "+-"), field+":") {
			return c.Start
		}
	}
	return -1
}

// clauseRewriter adapts a parsed query string to the index:
//   - quoted values of keyword fields become exact terms
//     (`touchpoint:"billing/refunds"` is a phrase query to bleve, and
//     phrases need term positions, which keyword fields do not keep);
//   - `untagged:true` becomes a boolean query;
//   - range clauses on the facts fields (nps, csat, ces, sentiment_score,
//     created_at, received_at) become factsRange queries, and any other
//     clause on them is an error, since bleve does not index them.
type clauseRewriter struct {
	bound     *factsBinding
	usedFacts bool
	err       error
	errField  string
}

func (r *clauseRewriter) rewrite(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		q.Must = r.rewrite(q.Must)
		q.Should = r.rewrite(q.Should)
		q.MustNot = r.rewrite(q.MustNot)
	case *query.ConjunctionQuery:
		for i := range q.Conjuncts {
			q.Conjuncts[i] = r.rewrite(q.Conjuncts[i])
		}
	case *query.DisjunctionQuery:
		// bleve reads `nps:7` as "the text 7 or the number 7"; only the
		// number means anything on a facts field.
		if len(q.Disjuncts) == 2 {
			m, isMatch := q.Disjuncts[0].(*query.MatchQuery)
			n, isRange := q.Disjuncts[1].(*query.NumericRangeQuery)
			if isMatch && isRange && m.FieldVal == n.FieldVal {
				if _, ok := factsColumns[n.FieldVal]; ok {
					return r.rewrite(n)
				}
			}
		}
		for i := range q.Disjuncts {
			q.Disjuncts[i] = r.rewrite(q.Disjuncts[i])
		}
	case query.FieldableQuery:
		if c, ok := factsColumns[q.Field()]; ok {
			return r.factsClause(q.Field(), c, q)
		}
		return keywordClause(q)
	}
	return q
}

func (r *clauseRewriter) factsClause(field string, c facts.Column, q query.Query) query.Query {
	fr, err := newFactsRange(field, c, q, r.bound)
	if err != nil {
		if r.err == nil {
			r.err, r.errField = err, field
		}
		return q
	}
	r.usedFacts = true
	return fr
}

// keywordClause rewrites clauses on keyword and boolean fields.
func keywordClause(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.MatchQuery:
		// bleve indexes booleans as T/F; `untagged:true` must say so.
		if q.FieldVal == fieldUntagged {
			if b, err := strconv.ParseBool(q.Match); err == nil {
				bq := query.NewBoolFieldQuery(b)
				bq.SetField(fieldUntagged)
				return bq
			}
		}
	case *query.MatchPhraseQuery:
		switch q.FieldVal {
		case fieldTouchpoint, fieldSentiment, fieldAudience, fieldSource, fieldMeta,
			fieldTaxonomyVersion, fieldLexiconVersion:
			tq := query.NewTermQuery(q.MatchPhrase)
			tq.SetField(q.FieldVal)
			tq.BoostVal = q.BoostVal
			return tq
		}
	}
	return q
}
