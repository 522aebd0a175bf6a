package facts

import (
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// maxTermsPerComment bounds the terms kept for one comment.
const maxTermsPerComment = 64

// stopWordSet returns the English function words left out of terms: they
// carry no topic. Negations stay ("no refund", "not working" are topics).
var stopWordSet = sync.OnceValue(newStopwords)

// stopwordList is the source of stopWordSet.
const stopwordList = `a about above after again all am an and any are as at be because been
before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how
i i'm i've if in into is it it's its itself just let's me more most my myself of off on
once only or other our ours ourselves out over own same she should so some such than
that that's the their theirs them themselves then there these they they're this those
through to too under until up very was we we're were what when where which while who
whom why will with would you you're your yours yourself yourselves also get got im ive
its dont didnt one would really even still us don't didn't doesn't i'd i'll
you'll it'll there's here's what's`

// newStopwords builds the stopword set.
func newStopwords() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(stopwordList) {
		m[w] = true
	}
	return m
}

// Terms returns the terms of text that emerging-topic reports count: the
// lower-cased words of two or more characters that are not stopwords, and
// each pair of such words that are next to each other in the text.
func Terms(text string) []string {
	var out []string
	words := words(text)
	for i, w := range words {
		if w == "" {
			continue
		}
		out = append(out, w)
		if i+1 < len(words) && words[i+1] != "" {
			out = append(out, w+" "+words[i+1])
		}
	}
	return out
}

// TermHash is the 32-bit hash a Table stores for a term.
func TermHash(term string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(term))
	return h.Sum32()
}

// AppendTerms appends the distinct hashes of text's terms to buf.
func AppendTerms(buf []uint32, text string) []uint32 {
	start := len(buf)
	for _, t := range Terms(text) {
		buf = append(buf, TermHash(t))
	}
	added := buf[start:]
	slices.Sort(added)
	added = slices.Compact(added)
	if len(added) > maxTermsPerComment {
		added = added[:maxTermsPerComment]
	}
	return buf[:start+len(added)]
}

// words splits text into lower-cased words, with "" in place of each
// stopword, one-character word and run of punctuation that ends a
// phrase, so pairs never span them.
func words(text string) []string {
	stop := stopWordSet()
	var out []string
	var b strings.Builder
	flush := func() {
		if b.Len() == 0 {
			return
		}
		w := strings.Trim(b.String(), "'")
		b.Reset()
		if utf8.RuneCountInString(w) < 2 || stop[w] {
			out = append(out, "")
			return
		}
		out = append(out, w)
	}
	for _, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case r == '\'' || r == '’':
			if b.Len() > 0 {
				b.WriteByte('\'')
			}
		case unicode.IsSpace(r):
			flush()
		default:
			flush()
			out = append(out, "") // punctuation breaks a phrase
		}
	}
	flush()
	return out
}
