package index

import (
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
)

// parseQueryString parses bleve query-string syntax. bleve's parser says
// only "syntax error"; to say where, the query is split into its clauses
// (space-separated, quotes and backslash escapes respected) and the
// shortest failing prefix of whole clauses names the culprit.
func parseQueryString(s string) (query.Query, error) {
	parsed, err := query.NewQueryStringQuery(s).Parse()
	if err == nil {
		return keywordPhrases(parsed), nil
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

// keywordPhrases turns quoted values of keyword fields into exact terms
// (`touchpoint:"billing/refunds"` is a phrase query to bleve, and phrases
// need term positions, which keyword fields do not keep) and
// `untagged:true` into a boolean query.
func keywordPhrases(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		q.Must = keywordPhrases(q.Must)
		q.Should = keywordPhrases(q.Should)
		q.MustNot = keywordPhrases(q.MustNot)
	case *query.ConjunctionQuery:
		for i := range q.Conjuncts {
			q.Conjuncts[i] = keywordPhrases(q.Conjuncts[i])
		}
	case *query.DisjunctionQuery:
		for i := range q.Disjuncts {
			q.Disjuncts[i] = keywordPhrases(q.Disjuncts[i])
		}
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
