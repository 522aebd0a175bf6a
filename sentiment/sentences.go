package sentiment

import "strings"

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
