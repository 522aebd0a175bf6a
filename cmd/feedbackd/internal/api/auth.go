package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
)

// Role is what a token may do.
type Role string

// Roles. viewer < analyst < admin; ingest only posts comments.
const (
	// RoleViewer may search, read comments and list and run saved searches.
	RoleViewer Role = "viewer"
	// RoleAnalyst may do what a viewer may, and save searches and export.
	RoleAnalyst Role = "analyst"
	// RoleAdmin may do everything: ingest, retag, configuration.
	RoleAdmin Role = "admin"
	// RoleIngest may only post comments to the webhook: widgets and survey
	// tools that push comments must not be able to read them back.
	RoleIngest Role = "ingest"
)

// ParseRole accepts a known role; "" means ingest, the issue-3 default.
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case "":
		return RoleIngest, nil
	case RoleViewer, RoleAnalyst, RoleAdmin, RoleIngest:
		return r, nil
	}
	return "", fmt.Errorf("%q: want viewer, analyst, admin or ingest", s)
}

// rank orders the reading roles; ingest reads nothing.
func (r Role) rank() int {
	switch r {
	case RoleViewer:
		return 1
	case RoleAnalyst:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// Allows reports whether a token of role r may act as want.
func (r Role) Allows(want Role) bool {
	switch {
	case r == RoleAdmin:
		return true
	case want == RoleIngest:
		return r == RoleIngest
	default:
		return want.rank() > 0 && r.rank() >= want.rank()
	}
}

// Token is one enabled API token.
type Token struct {
	Name   string
	Role   Role
	Secret string
}

// Tokens is the set of enabled tokens. Only the SHA-256 of each secret is
// kept, so it is never printed by accident, and comparing digests of equal
// length keeps the comparison constant-time whatever the input's length.
type Tokens struct {
	tokens []digestToken
}

type digestToken struct {
	name   string
	role   Role
	digest [sha256.Size]byte
}

// NewTokens returns the set of ts; tokens with an empty secret are left out.
func NewTokens(ts ...Token) *Tokens {
	s := &Tokens{}
	for _, t := range ts {
		if t.Secret == "" {
			continue
		}
		s.tokens = append(s.tokens, digestToken{name: t.Name, role: t.Role, digest: sha256.Sum256([]byte(t.Secret))})
	}
	return s
}

// Len returns the number of enabled tokens; 0 means the API is open (and
// the daemon must bind to loopback only).
func (s *Tokens) Len() int {
	if s == nil {
		return 0
	}
	return len(s.tokens)
}

// Match returns the name and role of the token whose secret is presented.
// It compares against every token whatever matches, so timing says
// nothing about which one did.
func (s *Tokens) Match(secret string) (name string, role Role, ok bool) {
	if s == nil {
		return "", "", false
	}
	d := sha256.Sum256([]byte(secret))
	found := 0
	for _, t := range s.tokens {
		if subtle.ConstantTimeCompare(d[:], t.digest[:]) == 1 {
			name, role, found = t.name, t.role, 1
		}
	}
	return name, role, found == 1
}

// Allow returns a secret check for the webhook: it approves the secrets of
// tokens whose role allows want, or that extra approves.
func (s *Tokens) Allow(want Role, extra func(string) bool) func(string) bool {
	return func(secret string) bool {
		if _, role, ok := s.Match(secret); ok && role.Allows(want) {
			return true
		}
		return extra != nil && extra(secret)
	}
}

// bearer returns the token of an "Authorization: Bearer" header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	const prefix = "bearer "
	if len(h) <= len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return "", false
	}
	return strings.TrimSpace(h[len(prefix):]), true
}

// caller is who made a request: the token's name and role, or the open
// API's anonymous caller when no token is enabled.
type caller struct {
	name string
	role Role
	key  string // rate-limit key
}

type callerKey struct{}

// callerOf returns the caller that authenticate stored in ctx.
func callerOf(ctx context.Context) caller {
	c, _ := ctx.Value(callerKey{}).(caller)
	return c
}

// authenticate checks the request's token against need and stores the
// caller in the request's context. With no token enabled every request is
// an admin (the daemon listens on loopback only); the rate limit then keys
// on the client's address.
func (s *Server) authenticate(need Role, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var c caller
		if s.tokens.Len() == 0 {
			c = caller{role: RoleAdmin, key: "ip:" + clientIP(r)}
		} else {
			secret, ok := bearer(r)
			if !ok {
				w.Header().Set("WWW-Authenticate", `Bearer realm="feedbackd"`)
				writeError(w, &Error{Status: http.StatusUnauthorized, Msg: "this endpoint needs a token: send Authorization: Bearer <token>"})
				return
			}
			name, role, ok := s.tokens.Match(secret)
			if !ok {
				w.Header().Set("WWW-Authenticate", `Bearer realm="feedbackd", error="invalid_token"`)
				writeError(w, &Error{Status: http.StatusUnauthorized, Msg: "unknown token"})
				return
			}
			c = caller{name: name, role: role, key: "token:" + name}
		}
		if !c.role.Allows(need) {
			writeError(w, &Error{Status: http.StatusForbidden, Msg: fmt.Sprintf("token %q has role %s; this needs %s or above", c.name, c.role, need)})
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), callerKey{}, c)))
	})
}

// clientIP is the host part of the request's remote address.
func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return host
}
