package main

import (
	"net/http"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/export"
)

// exportHandler is GET /api/v1/export, the export stream. The HTTP server
// mounts it behind the API's token, role (analyst), rate and stop checks.
func (m *Main) exportHandler() http.Handler {
	x := &export.Exporter{Store: m.store, Index: m.index}
	return export.Handler(x, component(m.Logger, "export"))
}
