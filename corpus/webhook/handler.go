// Package webhook is the webhook source: an http.Handler for
// POST /api/v1/comments that takes a JSON object, a JSON array of objects
// or NDJSON, maps each item to a comment, commits the request to the
// ingest sink and replies, only once the sink has stored it durably, with
// the outcome of every item: accepted, duplicate or rejected with its
// reason. Items that cannot become comments are passed on as rejects,
// never dropped. The field mapping (Fields, Mapper) is package
// fieldmap's, shared with the http pull source.
package webhook

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
)

// RetryAfter is the delay suggested to clients when the sink fails.
const RetryAfter = 5 * time.Second

// Handler serves the webhook. Create it with New; it is safe for
// concurrent use.
type Handler struct {
	cfg  Config
	m    *Mapper
	sink corpus.Sink
	auth func(token string) bool
	log  zerolog.Logger
	now  func() time.Time
}

// New validates cfg and returns a handler that commits to sink and
// accepts the requests whose bearer token auth approves (see Tokens and
// EnvTokens; the cmd layer may plug in its own token or role model).
func New(cfg Config, sink corpus.Sink, auth func(token string) bool, log zerolog.Logger) (*Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("webhook source %q: %w", cfg.Name, err)
	}
	if auth == nil {
		return nil, fmt.Errorf("webhook source %q: no token check; every request would be refused", cfg.Name)
	}
	m, err := NewMapper(cfg.Name, cfg.Audience, cfg.Fields, cfg.MaxTextBytes)
	if err != nil {
		return nil, fmt.Errorf("webhook source %q: %w", cfg.Name, err)
	}
	return &Handler{
		cfg:  cfg,
		m:    m,
		sink: sink,
		auth: auth,
		log:  log.With().Str("source", cfg.Name).Logger(),
		now:  time.Now,
	}, nil
}

// Name returns the source's name.
func (h *Handler) Name() string { return h.cfg.Name }

// Path returns the path the handler expects to be mounted on.
func (h *Handler) Path() string { return h.cfg.Path }

// Reply is the body of a successful response.
type Reply struct {
	RequestID  string       `json:"request_id"`
	Accepted   int          `json:"accepted"`
	Duplicates int          `json:"duplicates"`
	Rejected   int          `json:"rejected"`
	Items      []ItemStatus `json:"items"`
}

// ItemStatus is the outcome of one item, by its 0-based index in the
// request (array element or non-blank NDJSON line).
type ItemStatus struct {
	Index  int            `json:"index"`
	ID     string         `json:"id,omitempty"`
	Status corpus.Outcome `json:"status"`
	Reason string         `json:"reason,omitempty"`
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("method %s not allowed: POST comments to %s", r.Method, h.cfg.Path))
		return
	}
	token, ok := bearer(r.Header.Get("Authorization"))
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="feedbackd"`)
		writeError(w, http.StatusUnauthorized, "missing bearer token: send the header \"Authorization: Bearer <token>\"")
		return
	}
	if !h.auth(token) {
		h.log.Info().Str("remote", r.RemoteAddr).Msg("webhook request with an invalid token refused")
		w.Header().Set("WWW-Authenticate", `Bearer realm="feedbackd", error="invalid_token"`)
		writeError(w, http.StatusUnauthorized, "invalid bearer token")
		return
	}
	format, err := formatOf(r.Header.Get("Content-Type"))
	if err != nil {
		writeError(w, http.StatusUnsupportedMediaType, err.Error())
		return
	}
	body, status, err := h.readBody(w, r)
	if err != nil {
		writeError(w, status, err.Error())
		return
	}
	items, err := splitBody(body, format)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	reqID := requestID(r)
	w.Header().Set("X-Request-Id", reqID)
	recs, ids := h.records(items, reqID)
	res, err := h.commit(r, recs)
	if err != nil {
		h.log.Error().Err(err).Str("request_id", reqID).Int("items", len(recs)).Msg("webhook request not stored")
		w.Header().Set("Retry-After", strconv.Itoa(int(RetryAfter/time.Second)))
		writeError(w, http.StatusServiceUnavailable, fmt.Sprintf(
			"the comment store is unavailable, so none of the %d items is acknowledged; retry the whole request in %d seconds (items stored already will come back as duplicates)",
			len(recs), int(RetryAfter/time.Second)))
		return
	}
	reply := h.reply(reqID, ids, res)
	h.log.Debug().Str("request_id", reqID).Int("accepted", reply.Accepted).Int("duplicates", reply.Duplicates).
		Int("rejected", reply.Rejected).Msg("webhook request stored")
	writeJSON(w, http.StatusOK, reply)
}

// readBody reads the whole body within the size limit. The error is the
// message for the client; status is its HTTP status.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, int, error) {
	limit := h.cfg.MaxBodyBytes
	tooLarge := fmt.Errorf("request body is larger than the limit of %s; split it into smaller requests", bytesText(limit))
	if r.ContentLength > limit {
		return nil, http.StatusRequestEntityTooLarge, tooLarge
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return nil, http.StatusRequestEntityTooLarge, tooLarge
		}
		return nil, http.StatusBadRequest, fmt.Errorf("read request body: %v", err)
	}
	return body, 0, nil
}

// records maps items to records; what cannot be mapped becomes a reject.
// ids holds each item's id where one could be read, for the reply.
func (h *Handler) records(items []item, reqID string) (recs []corpus.Record, ids []string) {
	now := h.now().UTC()
	file := "request " + reqID
	recs = make([]corpus.Record, len(items))
	ids = make([]string, len(items))
	for i, it := range items {
		recs[i] = corpus.Record{File: file, Line: it.line}
		reason := it.reason
		if reason == "" {
			obj, err := Decode(it.raw)
			if err == nil {
				ids[i] = h.m.ItemID(obj)
				var c *corpus.Comment
				if c, err = h.m.Comment(obj, now); err == nil {
					recs[i].Comment, ids[i] = c, c.ID
					continue
				}
			}
			reason = err.Error()
		}
		recs[i].Reject = &corpus.Reject{
			Source: h.cfg.Name, File: file, Line: it.line, Raw: it.raw, Reason: reason, At: now,
		}
	}
	return recs, ids
}

// commit stores the records in batches of at most BatchSize and returns
// one result per record. It stops at the first sink error.
func (h *Handler) commit(r *http.Request, recs []corpus.Record) ([]corpus.ItemResult, error) {
	res := make([]corpus.ItemResult, 0, len(recs))
	for start := 0; start < len(recs); start += h.cfg.BatchSize {
		batch := recs[start:min(start+h.cfg.BatchSize, len(recs))]
		got, err := h.sink.Commit(r.Context(), corpus.Batch{Source: h.cfg.Name, Records: batch})
		if err != nil {
			return nil, err
		}
		if len(got) != len(batch) {
			return nil, fmt.Errorf("sink returned %d results for %d records", len(got), len(batch))
		}
		res = append(res, got...)
	}
	return res, nil
}

// reply builds the response from the records and their results.
func (h *Handler) reply(reqID string, ids []string, res []corpus.ItemResult) Reply {
	rep := Reply{RequestID: reqID, Items: make([]ItemStatus, len(res))}
	for i, r := range res {
		st := ItemStatus{Index: i, ID: r.ID, Status: r.Outcome, Reason: r.Reason}
		if st.ID == "" {
			st.ID = ids[i]
		}
		switch r.Outcome {
		case corpus.Accepted:
			rep.Accepted++
		case corpus.Duplicate:
			rep.Duplicates++
		default:
			rep.Rejected++
		}
		rep.Items[i] = st
	}
	return rep
}

// requestID returns the client's X-Request-Id when it is short and
// printable, else a random one.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); id != "" && len(id) <= 64 && printable(id) {
		return id
	}
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// printable reports whether s is visible ASCII.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// bytesText formats a byte count for people ("10 MiB").
func bytesText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// writeError replies {"error": msg}.
func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// writeJSON replies with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
