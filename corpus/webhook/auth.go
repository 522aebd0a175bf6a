package webhook

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"strings"
)

// Tokens returns an authorizer accepting exactly the given bearer tokens.
// Each candidate is compared with every token in constant time (both are
// hashed first, so not even the length leaks). Empty tokens are ignored.
func Tokens(tokens ...string) func(token string) bool {
	var sums [][sha256.Size]byte
	for _, t := range tokens {
		if t != "" {
			sums = append(sums, sha256.Sum256([]byte(t)))
		}
	}
	return func(token string) bool {
		if token == "" {
			return false
		}
		got := sha256.Sum256([]byte(token))
		ok := 0
		for i := range sums {
			ok |= subtle.ConstantTimeCompare(got[:], sums[i][:])
		}
		return ok == 1
	}
}

// EnvTokens reads the accepted bearer tokens from the named environment
// variables through getenv (os.Getenv in the daemon). A variable that is
// unset or empty is an error naming it; the values are never part of an
// error.
func EnvTokens(getenv func(string) string, names ...string) (func(token string) bool, error) {
	if len(names) == 0 {
		return nil, fmt.Errorf("token_env: no environment variables named; every request would be refused")
	}
	var tokens []string
	for i, n := range names {
		v := strings.TrimSpace(getenv(n))
		if v == "" {
			return nil, fmt.Errorf("token_env[%d]: environment variable %s is not set or empty", i, n)
		}
		tokens = append(tokens, v)
	}
	return Tokens(tokens...), nil
}

// bearer returns the token of an "Authorization: Bearer <token>" header;
// ok is false when the header is missing or uses another scheme.
func bearer(header string) (string, bool) {
	scheme, token, found := strings.Cut(strings.TrimSpace(header), " ")
	if !found || !strings.EqualFold(scheme, "bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}
