package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
)

// Error is an API error: the JSON body {"error", "field", "position"} and
// its status. Handlers return it for what the caller got wrong; anything
// else is mapped by statusOf.
type Error struct {
	Status int    `json:"-"`
	Msg    string `json:"error"`
	// Field is the parameter or body field at fault, if any.
	Field string `json:"field,omitempty"`
	// Position is the byte offset in q where a malformed query goes wrong.
	Position *int `json:"position,omitempty"`
}

func (e *Error) Error() string { return e.Msg }

// badField returns a 400 naming field.
func badField(field, format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Field: field, Msg: field + ": " + fmt.Sprintf(format, args...)}
}

// errQueryTimeout is a search cut short by api.query_timeout.
var errQueryTimeout = errors.New("the search took longer than the query timeout; narrow it (fewer facets, filters, a shorter date range) or retry")

// toError maps err to the error the client sees. Only this layer decides
// status codes: a *Error as is, index.QueryError as 400 (naming q and the
// position when it is about the query string), rawstore.ErrNotFound as
// 404, a timeout as 503, anything else as 500.
func toError(err error) (*Error, bool) {
	var ae *Error
	if errors.As(err, &ae) {
		return ae, false
	}
	var qe *index.QueryError
	if errors.As(err, &qe) {
		e := &Error{Status: http.StatusBadRequest, Msg: qe.Error()}
		if qe.Pos >= 0 {
			pos := qe.Pos
			e.Field, e.Position = "q", &pos
		}
		return e, false
	}
	switch {
	case errors.Is(err, rawstore.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Msg: err.Error()}, false
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, errQueryTimeout):
		return &Error{Status: http.StatusServiceUnavailable, Msg: errQueryTimeout.Error()}, false
	case errors.Is(err, context.Canceled):
		return &Error{Status: http.StatusServiceUnavailable, Msg: "the request was cancelled"}, false
	}
	return &Error{Status: http.StatusInternalServerError, Msg: "internal error: " + err.Error()}, true
}

// writeJSON writes v as the JSON body of a reply. encoding/json escapes
// <, > and & in strings (as \u003c…), so no comment text can close a
// <script> block or start a tag even if a client inlines the JSON.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v) // the client went away
}

// writeError writes e as a JSON error reply.
func writeError(w http.ResponseWriter, e *Error) {
	writeJSON(w, e.Status, e)
}

// fail writes err's reply, logging it when it is the daemon's fault.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	e, internal := toError(err)
	if internal {
		s.logger.Error().Err(err).Str("method", r.Method).Str("path", r.URL.Path).
			Str("token", callerOf(r.Context()).name).Msg("api request failed")
	}
	writeError(w, e)
}
