package httppull

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/fieldmap"
)

// errStore is what a failing fakeSink returns.
var errStore = errors.New("disk full")

// fakeSink stores batches in memory the way the raw store does: records
// and checkpoint together or not at all, duplicates by id.
type fakeSink struct {
	mu       sync.Mutex
	comments map[string]*corpus.Comment
	order    []string
	rejects  []*corpus.Reject
	cps      map[string]string
	commits  int
	failAt   int // fail the failAt-th commit only; 0 never
	panicAt  int // panic in the panicAt-th commit only; 0 never
}

func newFakeSink() *fakeSink {
	return &fakeSink{comments: map[string]*corpus.Comment{}, cps: map[string]string{}}
}

func (f *fakeSink) Commit(ctx context.Context, b corpus.Batch) ([]corpus.ItemResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.commits++
	if f.commits == f.panicAt {
		panic("boom in commit")
	}
	if f.commits == f.failAt {
		return nil, errStore
	}
	res := make([]corpus.ItemResult, len(b.Records))
	for i, r := range b.Records {
		switch {
		case r.Reject != nil:
			f.rejects = append(f.rejects, r.Reject)
			res[i] = corpus.ItemResult{Outcome: corpus.Rejected, Reason: r.Reject.Reason}
		case f.comments[r.Comment.ID] != nil:
			res[i] = corpus.ItemResult{ID: r.Comment.ID, Outcome: corpus.Duplicate}
		default:
			f.comments[r.Comment.ID] = r.Comment
			f.order = append(f.order, r.Comment.ID)
			res[i] = corpus.ItemResult{ID: r.Comment.ID, Outcome: corpus.Accepted}
		}
	}
	if b.Checkpoint != nil {
		f.cps[b.Checkpoint.Source+"/"+b.Checkpoint.Key] = b.Checkpoint.Value
	}
	return res, nil
}

func (f *fakeSink) Checkpoint(ctx context.Context, source, key string) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.cps[source+"/"+key]
	return v, ok, nil
}

// ids returns the stored comment ids in commit order.
func (f *fakeSink) ids() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.order...)
}

// fakeAPI serves feedback items: GET /items?since=<rfc3339> returns up to
// limit items created at or after since, oldest first, as
// {"data":{"results":[...]}}; GET /pages?page_token=<n> returns page n
// (from 0) of limit items with {"next": "<n+1>"} until the last page.
type fakeAPI struct {
	mu      sync.Mutex
	items   []map[string]any
	limit   int
	queries []string // the raw query of every request
}

// add appends an item created at t.
func (a *fakeAPI) add(id string, t time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.items = append(a.items, map[string]any{"id": id, "text": "comment " + id, "created_at": t.UTC().Format(time.RFC3339)})
}

func (a *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.queries = append(a.queries, r.URL.RawQuery)
	var out []map[string]any
	resp := map[string]any{}
	switch r.URL.Path {
	case "/items":
		since, _ := time.Parse(time.RFC3339, r.URL.Query().Get("since"))
		for _, it := range a.items {
			t, _ := time.Parse(time.RFC3339, it["created_at"].(string))
			if !t.Before(since) && len(out) < a.limit {
				out = append(out, it)
			}
		}
		resp["data"] = map[string]any{"results": out}
	case "/pages":
		n, _ := strconv.Atoi(r.URL.Query().Get("page_token"))
		lo, hi := min(n*a.limit, len(a.items)), min((n+1)*a.limit, len(a.items))
		resp["data"] = map[string]any{"results": a.items[lo:hi]}
		if hi < len(a.items) {
			resp["next"] = fmt.Sprint(n + 1)
		}
	default:
		http.NotFound(w, r)
		return
	}
	json.NewEncoder(w).Encode(resp)
}

// testConfig is a source over url with the default field mapping.
func testConfig(url string) Config {
	cfg := DefaultConfig()
	cfg.Name = "api"
	cfg.URL = url
	cfg.Schedule = "*/5 * * * *"
	cfg.Items = "data.results"
	cfg.Retry.Base = 100 * time.Millisecond
	cfg.Retry.Max = time.Second
	return cfg
}

// testSource is a source with no real sleeps: delays are recorded, and
// jitter returns its ceiling so they are predictable.
type testSource struct {
	*Source
	mu     sync.Mutex
	delays []time.Duration
}

// newTestSource returns a source over cfg committing to sink, logging to
// logs (the test log when nil).
func newTestSource(t *testing.T, cfg Config, sink *fakeSink, logs *bytes.Buffer) *testSource {
	t.Helper()
	log := zerolog.New(zerolog.NewTestWriter(t))
	if logs != nil {
		log = zerolog.New(logs)
	}
	s, err := New(cfg, sink, sink, log)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testSource{Source: s}
	s.now = func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) }
	s.jitter = func(ceil time.Duration) time.Duration { return ceil }
	s.sleep = func(ctx context.Context, d time.Duration) error {
		ts.mu.Lock()
		defer ts.mu.Unlock()
		ts.delays = append(ts.delays, d)
		return ctx.Err()
	}
	return ts
}

// newAPI starts a fake API with n items an hour apart from 2026-01-01.
func newAPI(t *testing.T, n, limit int) (*fakeAPI, *httptest.Server) {
	api := &fakeAPI{limit: limit}
	for i := range n {
		api.add(fmt.Sprintf("c%d", i+1), time.Date(2026, 1, 1, i, 0, 0, 0, time.UTC))
	}
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	return api, srv
}

// mapping is the default field mapping, for tests that change it.
func mapping() fieldmap.Fields { return fieldmap.DefaultFields() }

// syncBuffer is a log buffer safe for the goroutines cron starts.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
