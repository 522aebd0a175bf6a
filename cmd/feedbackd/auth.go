package main

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
)

// Role is what a token may do. Issue 4 adds finer roles; for now ingest
// may post comments and admin may do everything.
type Role string

// Roles.
const (
	RoleIngest Role = "ingest"
	RoleAdmin  Role = "admin"
)

// parseRole accepts a known role; "" means ingest.
func parseRole(s string) (Role, error) {
	switch Role(s) {
	case "", RoleIngest:
		return RoleIngest, nil
	case RoleAdmin:
		return RoleAdmin, nil
	}
	return "", fmt.Errorf("%q: want ingest or admin", s)
}

// allows reports whether a token of role r may act as want.
func (r Role) allows(want Role) bool { return r == RoleAdmin || r == want }

// apiToken is one enabled token. Only the SHA-256 of the secret is kept,
// so it is never printed by accident, and comparing digests of equal
// length makes the comparison constant-time whatever the input's length.
type apiToken struct {
	name   string
	role   Role
	digest [sha256.Size]byte
}

// tokenSet is the enabled tokens.
type tokenSet struct {
	tokens []apiToken
}

// loadTokens reads each configured token from its environment variable.
// Tokens whose variable is unset or empty are left out and named in
// disabled, so the caller can warn.
func loadTokens(cfg AuthConfig, getenv func(string) string) (set *tokenSet, disabled []string) {
	set = &tokenSet{}
	for _, t := range cfg.Tokens {
		secret := strings.TrimSpace(getenv(t.TokenEnv))
		if secret == "" {
			disabled = append(disabled, fmt.Sprintf("%s (%s is empty)", t.Name, t.TokenEnv))
			continue
		}
		role, _ := parseRole(string(t.Role)) // validated with the config
		set.tokens = append(set.tokens, apiToken{name: t.Name, role: role, digest: sha256.Sum256([]byte(secret))})
	}
	return set, disabled
}

// Len returns the number of enabled tokens.
func (s *tokenSet) Len() int { return len(s.tokens) }

// match returns the token whose secret is presented. It looks at every
// token whatever matches, so timing says nothing about which one did.
func (s *tokenSet) match(presented string) (apiToken, bool) {
	d := sha256.Sum256([]byte(presented))
	var found apiToken
	ok := 0
	for _, t := range s.tokens {
		if subtle.ConstantTimeCompare(d[:], t.digest[:]) == 1 {
			found, ok = t, 1
		}
	}
	return found, ok == 1
}

// allow returns a token check for webhook.New: it approves the secrets
// of enabled tokens whose role allows want, or that extra approves.
func (s *tokenSet) allow(want Role, extra func(string) bool) func(string) bool {
	return func(secret string) bool {
		t, ok := s.match(secret)
		if ok && t.role.allows(want) {
			return true
		}
		return extra != nil && extra(secret)
	}
}

// noTokens answers every request when no token is enabled, saying how to
// enable one, instead of refusing valid-looking requests without a reason.
func noTokens() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="feedbackd"`)
		httpError(w, http.StatusUnauthorized, "no API token is enabled: set the environment variable named in auth.tokens (default FEEDBACKD_TOKEN) and restart feedbackd")
	})
}
