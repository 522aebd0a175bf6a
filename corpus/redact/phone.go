package redact

// isPhone reports whether the run at s[i] is a phone number:
//   - international: '+' or "00" and a country code, 8 to 15 digits;
//   - North American: 3-3-4 digits ("(555) 123-4567", "555.123.4567"),
//     optionally after a 1;
//   - national with a trunk prefix: starts with one 0, 9 to 12 digits in
//     groups of 2 or more with one kind of separator, or 10 to 11 digits
//     ungrouped ("020 7946 0958", "06 12 34 56 78", "07911123456");
//   - anything else of 7 to 12 digits right after a word such as "call",
//     "phone" or "mobile".
//
// National forms right after "order", "invoice", "ticket" and the like are
// never phone numbers, nor is anything that reads as a date.
func (n *numRun) isPhone(s string, i int) bool {
	d := n.d[:n.digits]
	if n.plus {
		return n.digits >= 8 && n.digits <= 15 && d[0] != '0'
	}
	if n.digits < 7 || n.digits > 15 || looksLikeDate(n) {
		return false
	}
	ctx := numberContext(s, i)
	if ctx < 0 {
		return false
	}
	g := n.groups[:n.n]
	switch {
	case d[0] == '0' && d[1] == '0':
		return n.n >= 2 && d[2] != '0' && n.digits >= 10
	case isNANP(n, g):
		return true
	case d[0] == '0':
		if n.n == 1 {
			return n.digits >= 10 && n.digits <= 11
		}
		if n.mixed || n.digits < 9 || n.digits > 12 {
			return false
		}
		for _, l := range g {
			if l < 2 {
				return false
			}
		}
		return true
	}
	return ctx > 0 && !n.mixed && n.digits <= 12
}

// isNANP reports whether the groups are a North American number: 3-3-4
// with an area code starting 2–9, optionally after a 1. (The exchange is
// not checked: "555-123-4567" is how people write a number.)
func isNANP(n *numRun, g []int) bool {
	d := n.d[:n.digits]
	switch {
	case len(g) == 3 && g[0] == 3 && g[1] == 3 && g[2] == 4:
	case len(g) == 4 && g[0] == 1 && d[0] == '1' && g[1] == 3 && g[2] == 3 && g[3] == 4:
		d = d[1:]
	default:
		return false
	}
	if n.mixed && !n.paren || n.sep == '/' {
		return false
	}
	return d[0] >= '2'
}

// looksLikeDate reports whether the first groups read as a date, year
// first or last ("2024-01-15 10", "15.01.2024 1030").
func looksLikeDate(n *numRun) bool {
	if n.n < 3 {
		return false
	}
	g, d := n.groups, n.d
	year := func(at int) bool { return (d[at] == '1' && d[at+1] == '9') || (d[at] == '2' && d[at+1] == '0') }
	switch {
	case g[0] == 4 && g[1] <= 2 && g[2] <= 2:
		return year(0)
	case g[0] <= 2 && g[1] <= 2 && g[2] == 4:
		return year(g[0] + g[1])
	}
	return false
}

// Words that say what a number is, looked for in the few bytes before it.
var (
	phoneWords = [...]string{"call", "phone", "tel", "mobile", "cell", "whatsapp", "sms", "text me", "reach me", "ring", "fax", "contact"}
	otherWords = [...]string{"order", "invoice", "ticket", "case", "ref", "tracking", "account", "acct", "booking",
		"reservation", "confirmation", "serial", "sku", "id", "no.", "nr", "item", "transaction", "policy", "claim", "member"}
)

// contextWindow is how far before a number numberContext looks.
const contextWindow = 32

// numberContext returns 1 if the nearest keyword before s[i] says a phone
// number follows, -1 if it names another kind of number, 0 if there is
// none. Keywords match case-insensitively at the start of a word.
func numberContext(s string, i int) int {
	w := s[max(0, i-contextWindow):i]
	best, kind := -1, 0
	for _, word := range phoneWords {
		if at := lastWordIndex(w, word); at > best {
			best, kind = at, 1
		}
	}
	for _, word := range otherWords {
		if at := lastWordIndex(w, word); at > best {
			best, kind = at, -1
		}
	}
	return kind
}

// lastWordIndex returns the last index of word in w, ignoring ASCII case,
// where it starts a word; -1 if none. "[phone]", a redacted number, does
// not count, so redacting twice changes nothing more.
func lastWordIndex(w, word string) int {
	for at := len(w) - len(word); at >= 0; at-- {
		if (at == 0 || !isLetter(w[at-1]) && w[at-1] != '[') && equalFoldASCII(w[at:at+len(word)], word) {
			return at
		}
	}
	return -1
}

// equalFoldASCII compares a with the lower-case word b, ignoring ASCII case.
func equalFoldASCII(a, b string) bool {
	for i := 0; i < len(b); i++ {
		c := a[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != b[i] {
			return false
		}
	}
	return true
}
