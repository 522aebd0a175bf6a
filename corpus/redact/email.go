package redact

import "strings"

// maxLocal is the longest local part (before '@') of an address, per RFC 5321.
const maxLocal = 64

// findEmails appends the spans of the e-mail addresses in s: a local part
// of letters, digits and ._%+- before an '@', and a dotted domain after it
// whose last label is at least two letters. "@handles" and "me@home" are
// not addresses.
func findEmails(s string, spans []span) []span {
	from := 0
	for {
		at := strings.IndexByte(s[from:], '@')
		if at < 0 {
			return spans
		}
		at += from
		from = at + 1
		start := at
		for start > 0 && at-start < maxLocal && isLocal(s[start-1]) {
			start--
		}
		for start < at && s[start] == '.' {
			start++
		}
		if start == at || (len(spans) > 0 && start < spans[len(spans)-1].end) {
			continue
		}
		end := at + 1
		for end < len(s) && isDomain(s[end]) {
			end++
		}
		for end > at+1 && (s[end-1] == '.' || s[end-1] == '-') {
			end--
		}
		if !validDomain(s[at+1 : end]) {
			continue
		}
		spans = append(spans, span{start, end, kindEmail})
		from = end
	}
}

// isLocal reports whether c may appear in the local part of an address.
func isLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '%' || c == '+' || c == '-'
}

// isDomain reports whether c may appear in a domain name.
func isDomain(c byte) bool { return isDigit(c) || isLetter(c) || c == '.' || c == '-' }

// validDomain reports whether d looks like a domain: labels separated by
// single dots, the first starting with a letter or digit, the last (the
// top-level domain) two or more letters.
func validDomain(d string) bool {
	dot := strings.LastIndexByte(d, '.')
	if dot <= 0 || !isDigit(d[0]) && !isLetter(d[0]) || strings.Contains(d, "..") {
		return false
	}
	tld := d[dot+1:]
	if len(tld) < 2 {
		return false
	}
	for i := 0; i < len(tld); i++ {
		if !isLetter(tld[i]) {
			return false
		}
	}
	return true
}
