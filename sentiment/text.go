package sentiment

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jdkato/prose/v3/tag"
	"github.com/jdkato/prose/v3/tokenize"
)

// Kind says what a token is, so rules can skip punctuation and find numbers.
type Kind uint8

// Token kinds.
const (
	Word Kind = iota
	Number
	Punct
	Emoji
	Emoticon
)

// Token is one token of a comment with its position in the original text.
//
// Text is verbatim: raw[Start:End] == Text always holds, so every explanation
// can point back at the bytes the customer wrote.
type Token struct {
	Text  string // verbatim source bytes
	Norm  string // lower case, straight apostrophes, contractions expanded ("n't" → "not")
	Start int    // byte offset of Text in the raw comment
	End   int    // byte offset just past Text
	Stem  string // Snowball stem of Norm for words ("charged" → "charg"), else Norm
	Kind  Kind
	Caps  bool // written in capitals and at least three letters long ("NEVER")

	Sentence int // index into Text.Sentences
	Clause   int // index into Text.Clauses
}

// Span is a half-open range [From, To) of token indices.
type Span struct {
	From int
	To   int
}

// Len returns the number of tokens in the span.
func (s Span) Len() int { return s.To - s.From }

// Text is a comment prepared for scoring and tagging: tokens with byte
// offsets, sentences and clauses. Preparing once and sharing the result is
// what lets the tagger and the scorer run over the same tokens.
type Text struct {
	Raw       string
	Tokens    []Token
	Sentences []Span
	// Clauses split sentences at contrast words ("but", "however"),
	// semicolons, colons, dashes and commas. Aspect sentiment is read from
	// the clause that mentions a touchpoint.
	Clauses []Span
	// CapsRatio is the share of word tokens written in capitals; ALL CAPS
	// emphasis counts only when some, not all, words are shouted.
	CapsRatio float64

	tagger *tag.Tagger // for lazy part-of-speech tags (pos.go)
	tags   []string    // Penn Treebank tag per token, "" until tagged
}

// Tokenizer turns raw comments into Texts. It wraps prose's tokenizer and is
// safe for concurrent use.
type Tokenizer struct {
	prose     *tokenize.Tokenizer
	stemmer   *Stemmer
	tagger    *tag.Tagger
	taggerErr error
}

// NewTokenizer returns a Tokenizer. Build one per process and share it.
func NewTokenizer() *Tokenizer {
	tagger, err := newTagger()
	return &Tokenizer{prose: tokenize.New(), stemmer: NewStemmer(), tagger: tagger, taggerErr: err}
}

// Stemmer returns the tokenizer's stemmer, so that rules are stemmed the
// same way as the tokens they match.
func (tz *Tokenizer) Stemmer() *Stemmer { return tz.stemmer }

// Prepare tokenizes raw and splits it into sentences and clauses.
//
// Plain words (ASCII letters only) are emitted directly: prose would return
// them unchanged, and skipping its prefix, suffix and special-case checks for
// them roughly halves tokenization time. Every other whitespace-delimited
// span goes through prose's tokenizer. TestTokensMatchProse checks that the
// result equals prose's on a large set of inputs.
func (tz *Tokenizer) Prepare(raw string) *Text {
	t := &Text{Raw: raw, Tokens: make([]Token, 0, len(raw)/5+2), tagger: tz.tagger}
	tz.tokenize(t)
	splitSentences(t)
	return t
}

func (tz *Tokenizer) tokenize(t *Text) {
	raw := t.Raw
	i := 0
	for i < len(raw) {
		// Skip whitespace.
		r, size := utf8.DecodeRuneInString(raw[i:])
		if unicode.IsSpace(r) {
			i += size
			continue
		}
		start := i
		plain := true
		for i < len(raw) {
			c := raw[i]
			if c < utf8.RuneSelf {
				if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f' {
					break
				}
				if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
					plain = false
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(raw[i:])
			if unicode.IsSpace(r) {
				break
			}
			plain = false
			i += size
		}
		span := raw[start:i]
		if plain {
			if !splitBareContraction(t, span, start) {
				t.Tokens = append(t.Tokens, newToken(span, start, Word))
			}
			continue
		}
		if word, ok := wordWithTrailingPunct(span); ok {
			t.Tokens = append(t.Tokens, newToken(word, start, Word))
			for k := len(word); k < len(span); k++ {
				t.Tokens = append(t.Tokens, newToken(span[k:k+1], start+k, Punct))
			}
			continue
		}
		for _, pt := range tz.prose.Tokenize(span) {
			tz.appendSplit(t, pt.Text, start+pt.Start)
		}
	}
	mergeEmoticons(t)
	expandContractions(t)
	var words, caps int
	for i := range t.Tokens {
		tok := &t.Tokens[i]
		tok.Stem = tok.Norm
		if tok.Kind != Word {
			continue
		}
		tok.Stem = tz.stemmer.Stem(tok.Norm)
		words++
		if tok.Caps {
			caps++
		}
	}
	if words > 0 {
		t.CapsRatio = float64(caps) / float64(words)
	}
}

// wordWithTrailingPunct recognises the second most common span in comments,
// a word followed by sentence punctuation ("late," "again!!"), for which
// prose peels each mark off as its own token. It declines what prose treats
// specially: abbreviations ("Mr.", "Inc."), one-letter words (emoticons such
// as "D:") and anything with other characters.
func wordWithTrailingPunct(span string) (string, bool) {
	n := 0
	for n < len(span) && (span[n] >= 'a' && span[n] <= 'z' || span[n] >= 'A' && span[n] <= 'Z') {
		n++
	}
	if n < 2 || n == len(span) {
		return "", false
	}
	for k := n; k < len(span); k++ {
		switch span[k] {
		case ',', '.', '!', '?', ';', ':':
		default:
			return "", false
		}
	}
	word := span[:n]
	if span[n:] == "." && n <= 3 && word[0] >= 'A' && word[0] <= 'Z' {
		return "", false // "Mr.", "Dr.", "Inc." stay whole in prose
	}
	return word, true
}

// appendSplit appends one prose token, splitting off emoji glued to words
// ("great😀" → "great", "😀"), which prose keeps together.
func (tz *Tokenizer) appendSplit(t *Text, s string, start int) {
	from := 0
	for i, r := range s {
		if i < from || !isEmojiRune(r) {
			continue
		}
		if from < i {
			t.Tokens = append(t.Tokens, newToken(s[from:i], start+from, classify(s[from:i])))
		}
		end := i + utf8.RuneLen(r)
		// Keep variation selectors, skin tones and joiners with their emoji.
		for end < len(s) {
			r2, n := utf8.DecodeRuneInString(s[end:])
			if r2 == 0xFE0F || r2 == 0x200D || (r2 >= 0x1F3FB && r2 <= 0x1F3FF) {
				end += n
				continue
			}
			break
		}
		t.Tokens = append(t.Tokens, newToken(s[i:end], start+i, Emoji))
		from = end
	}
	if from == 0 {
		t.Tokens = append(t.Tokens, newToken(s, start, classify(s)))
		return
	}
	if from < len(s) {
		t.Tokens = append(t.Tokens, newToken(s[from:], start+from, classify(s[from:])))
	}
}

func newToken(s string, start int, kind Kind) Token {
	tok := Token{Text: s, Start: start, End: start + len(s), Kind: kind}
	tok.Norm = normalize(s)
	if kind == Word {
		tok.Caps = isShouted(s)
	}
	return tok
}

// classify guesses a token's kind from its characters.
func classify(s string) Kind {
	if isEmoticonShape(s) {
		return Emoticon
	}
	letters, digits := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		}
	}
	switch {
	case digits > 0 && letters == 0:
		return Number
	case letters > 0 || digits > 0:
		return Word
	default:
		return Punct
	}
}

// isEmoticonShape reports whether s looks like a text emoticon (":)", ":-(",
// "<3", ":D"). Only shapes that start with eyes are accepted, so ordinary
// punctuation stays punctuation.
func isEmoticonShape(s string) bool {
	if len(s) < 2 || len(s) > 5 {
		return false
	}
	switch s {
	case "<3", "</3", "xD", "XD", "xd":
		return true
	}
	if !strings.ContainsAny(s[:1], ":;=8") {
		return false
	}
	rest := strings.TrimLeft(s[1:], "-'^o")
	if rest == "" {
		return false
	}
	for _, r := range rest {
		if !strings.ContainsRune(")(][DPpOo/\\|*$@3}{><sS", r) {
			return false
		}
	}
	return true
}

// mergeEmoticons glues adjacent punctuation tokens that together form an
// emoticon prose split apart (";" + ")" → ";)").
func mergeEmoticons(t *Text) {
	toks := t.Tokens
	out := toks[:0]
	for i := 0; i < len(toks); i++ {
		tok := toks[i]
		if tok.Kind == Punct || tok.Kind == Emoticon {
			j := i + 1
			end := tok.End
			for j < len(toks) && j-i < 4 && toks[j].Start == end && (toks[j].Kind == Punct || toks[j].Kind == Emoticon || toks[j].Text == "D" || toks[j].Text == "P") {
				end = toks[j].End
				j++
			}
			for k := j; k > i+1; k-- {
				cand := t.Raw[tok.Start:toks[k-1].End]
				if isEmoticonShape(cand) {
					tok = newToken(cand, tok.Start, Emoticon)
					i = k - 1
					break
				}
			}
		}
		out = append(out, tok)
	}
	t.Tokens = out
}

// bareContractions are contractions typed without an apostrophe ("dont",
// "cannot") with the length of the part before the negation.
var bareContractions = map[string]int{
	"dont": 2, "didnt": 3, "doesnt": 4, "cant": 2, "couldnt": 5, "wont": 2, "wouldnt": 5,
	"isnt": 2, "wasnt": 3, "arent": 3, "werent": 4, "hasnt": 3, "havent": 4, "hadnt": 3,
	"shouldnt": 6, "cannot": 3, "aint": 2, "mustnt": 4, "neednt": 4,
}

// splitBareContraction splits "dont" into "do" + "nt" and "cannot" into
// "can" + "not", as prose splits "don't", so that rules written with "not"
// match both spellings. It reports whether it split anything.
func splitBareContraction(t *Text, span string, start int) bool {
	if len(span) < 4 || len(span) > 8 {
		return false
	}
	last := span[len(span)-1] | 0x20
	if last != 't' {
		return false
	}
	cut, ok := bareContractions[strings.ToLower(span)]
	if !ok {
		return false
	}
	head := newToken(span[:cut], start, Word)
	switch head.Norm {
	case "ca":
		head.Norm = "can"
	case "wo":
		head.Norm = "will"
	case "ai":
		head.Norm = "is"
	}
	tail := newToken(span[cut:], start+cut, Word)
	tail.Norm = "not"
	tail.Caps = false
	t.Tokens = append(t.Tokens, head, tail)
	return true
}

// expandContractions rewrites the normal forms of split contractions:
// "ca" + "n't" → "can" + "not", "wo" + "n't" → "will" + "not".
func expandContractions(t *Text) {
	for i := range t.Tokens {
		tok := &t.Tokens[i]
		if tok.Norm != "not" || i == 0 || t.Tokens[i-1].End != tok.Start {
			continue
		}
		prev := &t.Tokens[i-1]
		switch prev.Norm {
		case "ca":
			prev.Norm = "can"
		case "wo":
			prev.Norm = "will"
		case "sha":
			prev.Norm = "shall"
		}
	}
}

// normalize lower-cases s, straightens apostrophes and maps the contraction
// suffix "n't" to "not".
func normalize(s string) string {
	ascii := true
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if c >= 'A' && c <= 'Z' {
			upper = true
		}
	}
	if ascii {
		if upper {
			s = strings.ToLower(s)
		}
	} else {
		s = strings.ToLower(strings.ReplaceAll(strings.ReplaceAll(s, "’", "'"), "‘", "'"))
	}
	switch s {
	case "n't":
		return "not"
	case "'s":
		return "'s"
	case "'m":
		return "am"
	case "'re":
		return "are"
	case "'ll":
		return "will"
	case "'ve":
		return "have"
	case "'d":
		return "would"
	}
	return s
}

// isShouted reports whether a word is written in capitals ("NEVER", "WORST"),
// ignoring one-letter words and acronyms of two letters ("I", "OK", "HR").
func isShouted(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters > 2
}

// isEmojiRune reports whether r is a pictographic emoji.
func isEmojiRune(r rune) bool {
	return (r >= 0x1F300 && r <= 0x1FAFF) || (r >= 0x2600 && r <= 0x27BF) || (r >= 0x1F000 && r <= 0x1F2FF) || r == 0x2B50 || r == 0x2764
}

// sentenceEnd reports whether a token ends a sentence.
func sentenceEnd(tok *Token) bool {
	if tok.Kind != Punct {
		return false
	}
	for _, r := range tok.Text {
		if r != '.' && r != '!' && r != '?' && r != '…' {
			return false
		}
	}
	return true
}

// splitSentences groups tokens into sentences and clauses.
//
// prose's tokenizer keeps abbreviations ("Mr.", "e.g.", "U.S.") and decimals
// ("3.5") whole, so a sentence ends at a standalone run of terminal
// punctuation or at a line break. This gives the same boundaries as prose's
// Punkt segmenter on feedback text at a fraction of its cost.
func splitSentences(t *Text) {
	toks := t.Tokens
	sentStart, clauseStart := 0, 0
	closeClause := func(end int) {
		if end > clauseStart {
			t.Clauses = append(t.Clauses, Span{clauseStart, end})
		}
		clauseStart = end
	}
	closeSentence := func(end int) {
		closeClause(end)
		if end > sentStart {
			t.Sentences = append(t.Sentences, Span{sentStart, end})
		}
		sentStart = end
	}
	for i := range toks {
		// A line break between tokens ends the sentence before this token.
		if i > sentStart && strings.ContainsRune(t.Raw[toks[i-1].End:toks[i].Start], '\n') {
			closeSentence(i)
		}
		tok := &toks[i]
		if i > clauseStart && startsClause(tok) {
			closeClause(i)
		}
		tok.Sentence = len(t.Sentences)
		tok.Clause = len(t.Clauses)
		switch {
		case sentenceEnd(tok) && !parenthetical(toks, i) && !ellipsisContinues(toks, i):
			// Keep a run of "!!!" or "?!" and closing brackets or quotes
			// with the sentence they close.
			end := i + 1
			for end < len(toks) && toks[end].Start == toks[end-1].End && (sentenceEnd(&toks[end]) || closer(&toks[end])) {
				end++
			}
			if end > i+1 {
				continue // the last token of the run closes the sentence
			}
			closeSentence(i + 1)
		case endsClause(tok):
			closeClause(i + 1)
		}
	}
	closeSentence(len(toks))
}

// parenthetical reports an exclamation or question mark written as an aside:
// "(!)" or "(?)".
func parenthetical(toks []Token, i int) bool {
	return i > 0 && toks[i-1].Text == "(" && toks[i-1].End == toks[i].Start
}

// ellipsisContinues reports "ok... not great": an ellipsis followed by a
// lower-case word does not end the sentence (prose's Punkt segmenter makes
// the same call).
func ellipsisContinues(toks []Token, i int) bool {
	if i+1 >= len(toks) {
		return false
	}
	dots := toks[i].Text == "…" || strings.HasPrefix(toks[i].Text, "..") ||
		(toks[i].Text == "." && i > 0 && toks[i-1].Text == "." && toks[i-1].End == toks[i].Start)
	if !dots {
		return false
	}
	next := toks[i+1].Text
	return next != "" && next[0] >= 'a' && next[0] <= 'z'
}

// closer reports closing brackets and quotes.
func closer(tok *Token) bool {
	switch tok.Text {
	case ")", "]", "\"", "'", "”", "’":
		return true
	}
	return false
}

// OpensContrast reports whether clause c starts with a contrast word ("but",
// "however", "although", "yet"...): sentiment on one side of it says
// nothing about the other side.
func (t *Text) OpensContrast(c int) bool {
	norm := t.Tokens[t.Clauses[c].From].Norm
	return contrastOpeners[norm] || concessives[norm] || norm == "yet"
}

// startsClause reports whether a token opens a new clause: contrast words.
func startsClause(tok *Token) bool {
	switch tok.Norm {
	case "but", "however", "although", "though", "whereas", "except", "nevertheless", "nonetheless", "otherwise":
		return true
	}
	return false
}

// endsClause reports whether punctuation closes a clause.
func endsClause(tok *Token) bool {
	if tok.Kind != Punct {
		return false
	}
	switch tok.Text {
	case ",", ";", ":", "-", "–", "—", "(", ")":
		return true
	}
	return false
}
