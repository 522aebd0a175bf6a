package main

import (
	"net/http"
	"strings"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/export"
)

// exportRoute is GET /api/v1/export: the export handler behind the API
// tokens, for callers whose role allows analyst (analyst or admin).
func (m *Main) exportRoute() http.Handler {
	x := &export.Exporter{Store: m.store, Index: m.index}
	h := export.Handler(x, component(m.Logger, "export"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		_, role, found := m.tokens.Match(strings.TrimSpace(secret))
		switch {
		case !ok || !found:
			w.Header().Set("WWW-Authenticate", `Bearer realm="feedbackd"`)
			httpError(w, http.StatusUnauthorized, "export needs an API token (Authorization: Bearer <token>) with role analyst or admin")
		case !role.Allows(api.RoleAnalyst):
			httpError(w, http.StatusForbidden, "export needs role analyst or admin; this token's role is "+string(role))
		default:
			h.ServeHTTP(w, r)
		}
	})
}
