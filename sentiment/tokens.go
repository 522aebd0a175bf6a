package sentiment

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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
