package main

import (
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
)

// Role is what a token may do; api defines the roles (viewer, analyst,
// admin, and ingest for the webhook only).
type Role = api.Role

// parseRole accepts a known role; "" means ingest.
func parseRole(s string) (Role, error) { return api.ParseRole(s) }

// loadTokens reads each configured token from its environment variable.
// Tokens whose variable is unset or empty are left out and named in
// disabled, so the caller can warn.
func loadTokens(cfg AuthConfig, getenv func(string) string) (set *api.Tokens, disabled []string) {
	var ts []api.Token
	for _, t := range cfg.Tokens {
		secret := strings.TrimSpace(getenv(t.TokenEnv))
		if secret == "" {
			disabled = append(disabled, fmt.Sprintf("%s (%s is empty)", t.Name, t.TokenEnv))
			continue
		}
		role, _ := parseRole(string(t.Role)) // validated with the config
		ts = append(ts, api.Token{Name: t.Name, Role: role, Secret: secret})
	}
	return api.NewTokens(ts...), disabled
}

// checkLoopback refuses a non-loopback listen address when no token is
// enabled: an open API must not be reachable from other machines.
func checkLoopback(addr string, tokens *api.Tokens) error {
	if tokens.Len() > 0 {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("http.addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(strings.Trim(host, "[]")); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("http.addr %q is not a loopback address and no API token is enabled: "+
		"anyone who can reach it could read every comment. Listen on 127.0.0.1 or enable a token "+
		"(auth.tokens, e.g. set FEEDBACKD_TOKEN and add a viewer token)", addr)
}

// noTokens answers every request when no token is enabled, saying how to
// enable one, instead of refusing valid-looking requests without a reason.
func noTokens() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="feedbackd"`)
		httpError(w, http.StatusUnauthorized, "no API token is enabled: set the environment variable named in auth.tokens (default FEEDBACKD_TOKEN) and restart feedbackd")
	})
}
