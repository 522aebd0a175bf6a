package redact

import "sort"

// kind is a built-in kind of personal data.
type kind uint8

const (
	kindEmail kind = iota
	kindPhone
	kindCard
	kindIBAN
)

// String returns the kind's name as Redact reports it.
func (k kind) String() string {
	switch k {
	case kindEmail:
		return Email
	case kindPhone:
		return Phone
	case kindCard:
		return Card
	default:
		return IBAN
	}
}

// span is a found piece of personal data: s[start:end].
type span struct {
	start, end int
	kind       kind
}

// scan finds the built-in kinds in s, in text order. E-mail addresses are
// found first (from each '@'), then one pass looks at every byte that can
// start a number or an IBAN.
func (r *Redactor) scan(s string) []span {
	var spans []span
	if r.email {
		spans = findEmails(s, spans)
	}
	emails := len(spans)
	if !r.phone && !r.card && !r.iban {
		return spans
	}
	next := 0 // next e-mail span
	for i := 0; i < len(s); {
		if next < emails && i >= spans[next].start {
			i = spans[next].end
			next++
			continue
		}
		limit := len(s) // a match must not run into the next e-mail
		if next < emails {
			limit = spans[next].start
		}
		c := s[i]
		switch {
		case isDigit(c) || c == '+' || c == '(':
			if (r.phone || r.card) && startsNumber(s, i) {
				end, k, ok := r.number(s, i)
				if ok && end <= limit {
					spans = append(spans, span{i, end, k})
					i = end
					continue
				}
				if end > i && end <= limit {
					i = end // no part of a rejected run starts a number
					continue
				}
			}
			i++
			for i < len(s) && isDigit(s[i]) { // the rest of a digit run cannot start a number
				i++
			}
		case c >= 'A' && c <= 'Z':
			if r.iban && (i == 0 || !isAlnum(s[i-1])) {
				end, ok := findIBAN(s, i)
				if ok && end <= limit {
					spans = append(spans, span{i, end, kindIBAN})
				}
				if end > i && end <= limit {
					i = end // an IBAN with a bad checksum is no card either
					continue
				}
			}
			i++
		default:
			i++
		}
	}
	if emails > 0 && len(spans) > emails {
		sort.Slice(spans, func(a, b int) bool { return spans[a].start < spans[b].start })
	}
	return spans
}

// Byte classes (ASCII only: personal data patterns are ASCII).
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
func isAlnum(c byte) bool { return isDigit(c) || isLetter(c) || c == '_' }
