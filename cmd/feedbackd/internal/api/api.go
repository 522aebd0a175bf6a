// Package api is feedbackd's HTTP JSON API under /api/v1: search with
// filters, facets and highlighting, comments with their explanation,
// saved searches, and trend, driver and anomaly reports, behind token
// roles, a per-token rate limit and request limits. docs/api.md is its
// contract. It is the only layer that maps errors to HTTP status codes.
package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
)

// Config holds the API's limits; configs/feedbackd.yaml documents each.
type Config struct {
	// MaxBodyBytes caps a request body; larger ones get 413.
	MaxBodyBytes int64 `yaml:"max_body_bytes"`
	// QueryTimeout cancels a search that runs longer (503).
	QueryTimeout time.Duration `yaml:"query_timeout"`
	// DefaultPageSize is size when a search gives none; MaxPageSize the
	// largest size accepted.
	DefaultPageSize int `yaml:"default_page_size"`
	MaxPageSize     int `yaml:"max_page_size"`
	// RateLimit is the per-token token bucket.
	RateLimit RateLimit `yaml:"rate_limit"`
	// MaxConcurrent is how many searches and reports run at once; more
	// wait their turn, so background ingest keeps a core. 0 means one less
	// than the number of cores (at least 1).
	MaxConcurrent int `yaml:"max_concurrent"`
}

// Validate checks the limits and returns every problem, each naming its
// field under prefix (e.g. "api").
func (c Config) Validate(prefix string) error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, badField(prefix+"."+field, format, args...))
	}
	if c.MaxBodyBytes < 1 {
		bad("max_body_bytes", "%d: must be positive", c.MaxBodyBytes)
	}
	if c.QueryTimeout <= 0 {
		bad("query_timeout", "%v: must be positive", c.QueryTimeout)
	}
	if c.MaxPageSize < 1 || c.MaxPageSize > index.MaxSize {
		bad("max_page_size", "%d: want 1 to %d", c.MaxPageSize, index.MaxSize)
	}
	if c.DefaultPageSize < 0 || c.DefaultPageSize > c.MaxPageSize {
		bad("default_page_size", "%d: want 0 to max_page_size (%d)", c.DefaultPageSize, c.MaxPageSize)
	}
	if c.MaxConcurrent < 0 {
		bad("max_concurrent", "%d: must not be negative (0 means one less than the cores)", c.MaxConcurrent)
	}
	if c.RateLimit.PerSecond < 0 {
		bad("rate_limit.per_second", "%g: must not be negative (0 turns the limit off)", c.RateLimit.PerSecond)
	}
	if c.RateLimit.PerSecond > 0 && c.RateLimit.Burst < 1 {
		bad("rate_limit.burst", "%d: must be at least 1", c.RateLimit.Burst)
	}
	return errors.Join(errs...)
}

// Searcher runs index searches (*index.Index).
type Searcher interface {
	Search(ctx context.Context, q index.Query) (*index.Results, error)
}

// Store is what the API reads and writes in the raw store
// (*rawstore.Store).
type Store interface {
	Get(ctx context.Context, id string) (*corpus.Comment, error)
	CreateSearch(ctx context.Context, ss *rawstore.SavedSearch) error
	UpdateSearch(ctx context.Context, ss *rawstore.SavedSearch) error
	GetSearch(ctx context.Context, id string) (rawstore.SavedSearch, error)
	ListSearches(ctx context.Context) ([]rawstore.SavedSearch, error)
	DeleteSearch(ctx context.Context, id string) error
}

// Engine is the text engine in use: it re-explains stored comments and
// names touchpoints.
type Engine interface {
	Classify(c classify.Comment) classify.Result
	Versions() (taxonomy, lexicon string)
	// Label returns a touchpoint's label in the current taxonomy.
	Label(id string) (string, bool)
}

// Deps are what the API serves from.
type Deps struct {
	Index  Searcher
	Store  Store
	Engine Engine
	// Tokens are the enabled tokens; none means the API is open.
	Tokens *Tokens
	// Location is the time zone of bare dates in from and to.
	Location *time.Location
	// Stopping reports whether the daemon is shutting down (503).
	Stopping func() bool
	Logger   zerolog.Logger
	// Now is the clock of the rate limiter (time.Now by default).
	Now func() time.Time
	// Facts selects comments for the report endpoints (trends, drivers,
	// anomalies); nil turns them off. Reports are their settings.
	Facts   Selector
	Reports Reports
}

// Server serves the API.
type Server struct {
	cfg      Config
	ix       Searcher
	store    Store
	eng      Engine
	tokens   *Tokens
	loc      *time.Location
	stopping func() bool
	logger   zerolog.Logger
	limiter  *limiter
	facts    Selector
	reports  Reports
}

// New returns the API for cfg (validated) and d.
func New(cfg Config, d Deps) *Server {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Location == nil {
		d.Location = time.UTC
	}
	if d.Stopping == nil {
		d.Stopping = func() bool { return false }
	}
	return &Server{cfg: cfg, ix: d.Index, store: d.Store, eng: d.Engine, tokens: d.Tokens,
		loc: d.Location, stopping: d.Stopping, logger: d.Logger, limiter: newLimiter(cfg.RateLimit, d.Now),
		facts: d.Facts, reports: d.Reports}
}

// Register mounts the endpoints on mux. Paths under /api/v1/ that no
// endpoint serves get a JSON 404.
func (s *Server) Register(mux *http.ServeMux) {
	routes := []struct {
		pattern string
		need    Role
		h       http.HandlerFunc
	}{
		{"GET /api/v1/search", RoleViewer, s.handleSearch},
		{"GET /api/v1/comments/{id}", RoleViewer, s.handleComment},
		{"GET /api/v1/searches", RoleViewer, s.handleListSearches},
		{"GET /api/v1/searches/{id}", RoleViewer, s.handleGetSearch},
		{"POST /api/v1/searches", RoleAnalyst, s.handleCreateSearch},
		{"PUT /api/v1/searches/{id}", RoleAnalyst, s.handleUpdateSearch},
		{"DELETE /api/v1/searches/{id}", RoleAnalyst, s.handleDeleteSearch},
		{"GET /api/v1/trends", RoleViewer, s.handleTrends},
		{"GET /api/v1/drivers", RoleViewer, s.handleDrivers},
		{"GET /api/v1/anomalies", RoleViewer, s.handleAnomalies},
	}
	for _, rt := range routes {
		mux.Handle(rt.pattern, s.wrap(rt.need, rt.h))
	}
	mux.Handle("/api/v1/", s.guard(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if allow := allowed(mux, r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			writeError(w, &Error{Status: http.StatusMethodNotAllowed, Msg: r.Method + " " + r.URL.Path + ": want " + strings.Join(allow, " or ")})
			return
		}
		writeError(w, &Error{Status: http.StatusNotFound, Msg: "no endpoint " + r.Method + " " + r.URL.Path + "; see docs/api.md"})
	})))
}

// Protect puts a handler served outside this package (the export stream)
// behind the same stop check, token and role check, rate limit and body
// limit as the API's own endpoints.
func (s *Server) Protect(need Role, h http.Handler) http.Handler {
	return s.wrap(need, h.ServeHTTP)
}

// allowed returns the methods another handler of mux serves r's path with.
func allowed(mux *http.ServeMux, r *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/v1/" {
			out = append(out, m)
		}
	}
	return out
}

// wrap puts an endpoint behind the stop check, the token check, the rate
// limit and the body limit.
func (s *Server) wrap(need Role, h http.HandlerFunc) http.Handler {
	return s.guard(s.authenticate(need, s.limit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		}
		h(w, r)
	}))))
}

// guard answers 503 while the daemon stops.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.stopping() {
			w.Header().Set("Retry-After", "5")
			writeError(w, &Error{Status: http.StatusServiceUnavailable, Msg: "feedbackd is stopping"})
			return
		}
		next.ServeHTTP(w, r)
	})
}
