package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/web"
)

// httpServer serves the search page at /, /healthz, /metrics and the
// webhooks of a Main.
type httpServer struct {
	m       *Main
	logger  zerolog.Logger
	ln      net.Listener
	srv     *http.Server
	done    chan error
	closing atomic.Bool
}

// newHTTPServer returns a server for m; Open starts it.
func newHTTPServer(m *Main, logger zerolog.Logger) *httpServer {
	s := &httpServer{m: m, logger: logger}
	mux := http.NewServeMux()
	page := web.Handler()
	mux.Handle("GET /{$}", page)
	mux.Handle("GET "+web.Prefix, page)
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /metrics", s.handleMetrics)
	for _, rt := range m.routes {
		mux.Handle(rt.path, rt.h)
	}
	a := newAPI(&m.Config, m.index, m.store, m.tagger, m.tokens, s.closing.Load, component(m.Logger, "api"))
	a.Register(mux)
	mux.Handle("GET /api/v1/export", a.Protect(api.RoleAnalyst, m.exportHandler()))
	s.srv = &http.Server{
		Handler:           m.foreground.middleware(mux),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	return s
}

// Open listens on addr and serves in the background.
func (s *httpServer) Open(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.ln = ln
	s.done = make(chan error, 1)
	go func() {
		err := s.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.done <- err
	}()
	return nil
}

// URL returns the server's base URL.
func (s *httpServer) URL() string {
	if s == nil || s.ln == nil {
		return ""
	}
	return "http://" + s.ln.Addr().String()
}

// Close stops accepting requests and waits up to timeout for those in
// flight (a webhook commit completes and is acknowledged).
func (s *httpServer) Close(timeout time.Duration) error {
	if s.ln == nil {
		return nil
	}
	s.closing.Store(true)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = errors.Join(fmt.Errorf("requests still running after %v", timeout), s.srv.Close())
	}
	return errors.Join(err, <-s.done)
}

// health is the JSON body of /healthz.
type health struct {
	Status        string      `json:"status"` // ok, degraded (the indexer is failing) or stopping
	Version       string      `json:"version"`
	UptimeSeconds float64     `json:"uptime_seconds"`
	Sources       []string    `json:"sources"`
	IndexErrors   uint64      `json:"index_errors,omitempty"`
	LastError     string      `json:"last_index_error,omitempty"`
	Stats         statsReport `json:"stats"`
}

// handleHealth reports status and counts: 200 while serving, 503 once the
// daemon is shutting down or the raw store cannot be read.
func (s *httpServer) handleHealth(w http.ResponseWriter, r *http.Request) {
	h := health{Status: "ok", Version: buildVersion(), UptimeSeconds: time.Since(s.m.started).Seconds()}
	for _, src := range s.m.sources {
		h.Sources = append(h.Sources, src.Name())
	}
	for _, rt := range s.m.routes {
		h.Sources = append(h.Sources, rt.source)
	}
	code := http.StatusOK
	st, err := s.m.Stats(r.Context())
	if err != nil {
		s.logger.Error().Err(err).Msg("healthz: read stats")
		h.Status, code = "error", http.StatusServiceUnavailable
	}
	h.Stats = st
	im := s.m.indexer.Metrics()
	if im.Errors > 0 && im.LastError != "" && im.Lag > 0 {
		h.Status, h.IndexErrors, h.LastError = "degraded", im.Errors, im.LastError
	}
	if s.closing.Load() {
		h.Status, code = "stopping", http.StatusServiceUnavailable
	}
	writeJSON(w, code, h)
}

// handleMetrics writes the Prometheus text exposition.
func (s *httpServer) handleMetrics(w http.ResponseWriter, r *http.Request) {
	st, err := s.m.Stats(r.Context())
	if err != nil {
		s.logger.Error().Err(err).Msg("metrics: read stats")
		httpError(w, http.StatusInternalServerError, "read stats: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	tv, lv := s.m.tagger.Versions()
	writeMetrics(w, metricsSnapshot{
		Pipeline: s.m.pipeline.Metrics(),
		Indexer:  s.m.indexer.Metrics(),
		Stats:    st,
		Taxonomy: tv,
		Lexicon:  lv,
		Version:  buildVersion(),
		Started:  s.m.started,
		Exports:  s.m.exports.Metrics(),
	})
}

// writeJSON writes v as the JSON body of a reply.
func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the client went away
}

// httpError writes a JSON error reply.
func httpError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}
