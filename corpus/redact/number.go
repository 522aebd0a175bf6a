package redact

import "strings"

// Limits of a number candidate.
const (
	maxDigits = 19 // the longest card number; E.164 phone numbers have at most 15
	maxGroups = 10
)

// numRun is a run of digit groups such as "+44 (0)20 7946 0958" or
// "4111-1111-1111-1111", as parsed by parseNumber.
type numRun struct {
	end    int
	plus   bool // starts with '+'
	paren  bool // has a group in parentheses
	mixed  bool // uses more than one kind of separator outside parentheses
	sep    byte // the separator between groups outside parentheses, 0 if none
	digits int
	d      [maxDigits]byte
	groups [maxGroups]int
	n      int
}

// startsNumber reports whether a number may start at s[i]: not inside a
// word or a larger number ("v2.3", "1,299", "10:30", "#123"), and not a
// price.
func startsNumber(s string, i int) bool {
	if i == 0 {
		return true
	}
	p := s[i-1]
	switch {
	case isAlnum(p), p == '#', p == '$', p == '+' && s[i] != '+':
		return false
	case (p == '.' || p == ',' || p == ':' || p == '-' || p == '/') && i >= 2 && isDigit(s[i-2]):
		return false
	}
	before := strings.TrimRight(s[:i], " ")
	return !strings.HasSuffix(before, "€") && !strings.HasSuffix(before, "£") && !strings.HasSuffix(before, "$")
}

// parseNumber reads digit groups from s[i]: an optional '+', then groups of
// digits, each optionally in parentheses, separated by single spaces,
// dashes, dots or slashes. It fails on a first group longer than maxDigits
// and otherwise stops before the group that would make the run too long.
func parseNumber(s string, i int) (numRun, bool) {
	var r numRun
	j := i
	if s[j] == '+' {
		r.plus = true
		j++
	}
	var pending byte // separator before the group being read
	for r.n < maxGroups {
		k := j
		open := k < len(s) && s[k] == '('
		if open {
			k++
		}
		st := k
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k == st {
			break
		}
		glen := k - st
		if open {
			if k >= len(s) || s[k] != ')' {
				break
			}
			k++
			r.paren = true
		}
		if r.digits+glen > maxDigits {
			if r.n == 0 {
				return r, false
			}
			break // the run ends before the group that would make it too long
		}
		r.digits += copy(r.d[r.digits:], s[st:st+glen])
		if pending != 0 {
			if r.sep == 0 {
				r.sep = pending
			} else if r.sep != pending {
				r.mixed = true
			}
		}
		r.groups[r.n] = glen
		r.n++
		j, r.end = k, k
		pending = 0
		next := j
		if next < len(s) {
			switch c := s[next]; {
			case open && (c == ' ' || c == '-'):
				next++ // "(555) 123" or "(0)20-…": not counted as a separator
			case !open && (c == ' ' || c == '-' || c == '.' || c == '/'):
				pending = c
				next++
			}
		}
		if next >= len(s) || !isDigit(s[next]) && s[next] != '(' {
			break
		}
		j = next
	}
	if r.digits == 0 {
		return r, false
	}
	// A number followed by letters, or by ".5", ",99", ":30", is part of
	// something else.
	if e := r.end; e < len(s) {
		c := s[e]
		if isAlnum(c) || (c == '.' || c == ',' || c == ':' || c == '-' || c == '/') && e+1 < len(s) && isDigit(s[e+1]) {
			return r, false
		}
	}
	return r, true
}

// number reports whether a card or phone number starts at s[i], and where
// the run of digit groups there ends, whether or not it is one (0 if there
// is no such run).
func (r *Redactor) number(s string, i int) (int, kind, bool) {
	n, ok := parseNumber(s, i)
	if !ok {
		return 0, 0, false
	}
	if r.card && n.isCard() {
		return n.end, kindCard, true
	}
	if r.phone && n.isPhone(s, i) {
		return n.end, kindPhone, true
	}
	return n.end, 0, false
}

// isCard reports whether the run is a payment card number: 13 to 19 digits
// starting with 2–6 (the card networks' ranges), ungrouped or grouped as
// cards print them (4-4-4-4, 4-6-5 …) with spaces or dashes, passing the
// Luhn check.
func (n *numRun) isCard() bool {
	if n.plus || n.paren || n.mixed || n.digits < 13 || n.d[0] < '2' || n.d[0] > '6' {
		return false
	}
	if n.n > 1 && n.sep != ' ' && n.sep != '-' {
		return false
	}
	if n.n > 1 && !cardGroups(n.groups[:n.n]) {
		return false
	}
	return luhn(n.d[:n.digits])
}

// cardGroups reports whether digit groups are laid out like a card number.
func cardGroups(g []int) bool {
	if len(g) == 3 && g[0] == 4 && g[1] == 6 && (g[2] == 5 || g[2] == 4) {
		return true // American Express, Diners
	}
	for i, l := range g {
		if l != 4 && !(i == len(g)-1 && l >= 1 && l < 4) {
			return false
		}
	}
	return true
}

// luhn reports whether digits pass the Luhn checksum.
func luhn(digits []byte) bool {
	sum, double := 0, false
	for i := len(digits) - 1; i >= 0; i-- {
		d := int(digits[i] - '0')
		if double {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return sum%10 == 0
}
