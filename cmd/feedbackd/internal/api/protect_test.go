package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestProtect checks that a handler served outside the package, such as the
// export stream, gets the same token and role checks as the API's own
// endpoints, and is open like them when no token is configured.
func TestProtect(t *testing.T) {
	stream := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("rows")) })
	tokens := NewTokens(
		Token{Name: "lead", Role: RoleViewer, Secret: "viewer-secret"},
		Token{Name: "insights", Role: RoleAnalyst, Secret: "analyst-secret"},
	)
	cases := []struct {
		name   string
		tokens *Tokens
		token  string
		want   int
	}{
		{"no token", tokens, "", http.StatusUnauthorized},
		{"viewer", tokens, "viewer-secret", http.StatusForbidden},
		{"analyst", tokens, "analyst-secret", http.StatusOK},
		{"no tokens configured: open on loopback", NewTokens(), "", http.StatusOK},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := New(testConfig(), Deps{Tokens: tc.tokens})
			req := httptest.NewRequest("GET", "/api/v1/export", nil)
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			rec := httptest.NewRecorder()
			s.Protect(RoleAnalyst, stream).ServeHTTP(rec, req)
			if rec.Code != tc.want {
				t.Errorf("status %d, want %d (%s)", rec.Code, tc.want, rec.Body.String())
			}
		})
	}
}
