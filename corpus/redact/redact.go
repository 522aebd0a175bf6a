// Package redact removes personal data from free text before feedbackd
// stores or indexes it: e-mail addresses, phone numbers, payment card
// numbers (Luhn-checked), IBANs (checksum-validated) and whatever custom
// patterns the configuration adds. Support leads search what customers
// said, not their card numbers.
//
// The built-in kinds are found by one hand-written pass over the text, not
// by regular expressions, and are tuned against false positives: order
// numbers, dates, prices, times and version strings stay as they are. The
// package does no I/O and keeps no global state.
package redact

import (
	"fmt"
	"regexp"
	"strings"
)

// Built-in kinds, as reported by Redact and written in place of the text
// as "[kind]".
const (
	Email = "email"
	Phone = "phone"
	Card  = "card"
	IBAN  = "iban"
)

// Rule is a custom pattern from the configuration: every match of Pattern
// (Go regexp syntax) is replaced with "[Name]".
type Rule struct {
	Name    string `yaml:"name"`
	Pattern string `yaml:"pattern"`
}

// Config chooses what to redact. The zero Config redacts every built-in
// kind and nothing else.
type Config struct {
	// Disable lists built-in kinds to leave alone ("email", "phone",
	// "card", "iban").
	Disable []string `yaml:"disable"`
	// Rules are custom patterns, applied after the built-in kinds.
	Rules []Rule `yaml:"rules"`
}

// Redactor redacts text. It is safe for concurrent use.
type Redactor struct {
	email, phone, card, iban bool
	rules                    []rule
}

// rule is a compiled custom rule.
type rule struct {
	name        string
	re          *regexp.Regexp
	replacement string
}

// Default returns a Redactor for every built-in kind and no custom rules:
// what New(Config{}) returns.
func Default() *Redactor { return &Redactor{email: true, phone: true, card: true, iban: true} }

// New compiles cfg. Errors name the offending rule.
func New(cfg Config) (*Redactor, error) {
	r := Default()
	for _, k := range cfg.Disable {
		switch k {
		case Email:
			r.email = false
		case Phone:
			r.phone = false
		case Card:
			r.card = false
		case IBAN:
			r.iban = false
		default:
			return nil, fmt.Errorf("redact.disable: unknown kind %q (want email, phone, card or iban)", k)
		}
	}
	seen := map[string]bool{Email: true, Phone: true, Card: true, IBAN: true}
	for i, ru := range cfg.Rules {
		if !validName(ru.Name) {
			return nil, fmt.Errorf("redact.rules[%d].name %q: want lower-case letters, digits, '_' or '-'", i, ru.Name)
		}
		if seen[ru.Name] {
			return nil, fmt.Errorf("redact.rules[%d].name %q: already used", i, ru.Name)
		}
		seen[ru.Name] = true
		if ru.Pattern == "" {
			return nil, fmt.Errorf("redact.rules[%d] (%s): pattern is empty", i, ru.Name)
		}
		re, err := regexp.Compile(ru.Pattern)
		if err != nil {
			return nil, fmt.Errorf("redact.rules[%d] (%s): pattern: %w", i, ru.Name, err)
		}
		if re.MatchString("") {
			return nil, fmt.Errorf("redact.rules[%d] (%s): pattern matches the empty string", i, ru.Name)
		}
		r.rules = append(r.rules, rule{name: ru.Name, re: re, replacement: "[" + ru.Name + "]"})
	}
	return r, nil
}

// validName reports whether s can name a custom rule.
func validName(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// Redact returns s with personal data replaced by "[kind]" and the kinds it
// found, built-in kinds first in the order email, phone, card, iban, then
// custom rules in configuration order. When nothing is found it returns s
// itself and nil, without allocating.
func (r *Redactor) Redact(s string) (string, []string) {
	spans := r.scan(s)
	var kinds []string
	out := s
	if len(spans) > 0 {
		var b strings.Builder
		b.Grow(len(s))
		prev := 0
		var found [4]bool
		for _, sp := range spans {
			b.WriteString(s[prev:sp.start])
			b.WriteString("[")
			b.WriteString(sp.kind.String())
			b.WriteString("]")
			prev = sp.end
			found[sp.kind] = true
		}
		b.WriteString(s[prev:])
		out = b.String()
		for k, ok := range found {
			if ok {
				kinds = append(kinds, kind(k).String())
			}
		}
	}
	for _, ru := range r.rules {
		if ru.re.MatchString(out) {
			out = ru.re.ReplaceAllLiteralString(out, ru.replacement)
			kinds = append(kinds, ru.name)
		}
	}
	return out, kinds
}
