package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fillContext is what placeholders in fragment text are replaced with.
type fillContext struct {
	agent string // the agent's first name
	store string
}

// fill replaces {order}, {amount}, {agent} and {store} in text.
func fill(r *rand.Rand, text string, c fillContext) string {
	if !strings.Contains(text, "{") {
		return text
	}
	agent := c.agent
	if agent == "" {
		agent = "the agent"
	}
	return strings.NewReplacer(
		"{order}", fmt.Sprintf("NW-%06d", 100000+r.IntN(900000)),
		"{amount}", amounts[r.IntN(len(amounts))],
		"{agent}", agent,
		"{store}", c.store,
	).Replace(text)
}

// amounts are order totals customers quote.
var amounts = []string{"£24.99", "£49.00", "£89.50", "£129.99", "£249.00", "£349.00", "£599.00", "£899.00", "£1,249.00"}

// vary makes a fragment look typed by a person, not pasted: sometimes the
// first letter is lower case, the final full stop of the last part is
// dropped, or two letters of a word are swapped.
func vary(r *rand.Rand, text string, last bool) string {
	if r.Float64() < 0.08 {
		first, n := utf8.DecodeRuneInString(text)
		text = string(unicode.ToLower(first)) + text[n:]
	}
	if r.Float64() < 0.12 && last && strings.HasSuffix(text, ".") && !strings.HasSuffix(text, "..") {
		text = strings.TrimSuffix(text, ".")
	}
	if r.Float64() < 0.04 {
		text = typo(r, text)
	}
	return text
}

// typo swaps two adjacent letters inside one word of six or more ASCII
// letters, as a hurried thumb does.
func typo(r *rand.Rand, text string) string {
	words := strings.Fields(text)
	var long []int
	for i, w := range words {
		if len(w) >= 6 && isLetters(w) {
			long = append(long, i)
		}
	}
	if len(long) == 0 {
		return text
	}
	i := long[r.IntN(len(long))]
	w := []byte(words[i])
	j := 1 + r.IntN(len(w)-3) // keep the first and last letters
	w[j], w[j+1] = w[j+1], w[j]
	return strings.Replace(text, words[i], string(w), 1)
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}
