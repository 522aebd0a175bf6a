package httppull

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestTimestampCursor pages through an API by created_at and resumes
// from the newest one seen minus the overlap.
func TestTimestampCursor(t *testing.T) {
	api, srv := newAPI(t, 5, 2)
	cfg := testConfig(srv.URL + "/items")
	cfg.Query = map[string]string{"order": "asc"}
	cfg.Cursor = Cursor{Kind: CursorTimestamp, Param: "since", Overlap: time.Hour, Start: "2025-12-31T00:00:00Z"}
	sink := newFakeSink()
	s := newTestSource(t, cfg, sink, nil)
	st, err := s.RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"c1", "c2", "c3", "c4", "c5"}; !slices.Equal(sink.ids(), want) {
		t.Errorf("stored %v, want %v", sink.ids(), want)
	}
	wantQ := []string{
		"order=asc&since=2025-12-30T23%3A00%3A00Z", // start minus the overlap
		"order=asc&since=2026-01-01T01%3A00%3A00Z", // c2 at 01:00: later pages have no overlap
		"order=asc&since=2026-01-01T02%3A00%3A00Z",
		"order=asc&since=2026-01-01T03%3A00%3A00Z",
		"order=asc&since=2026-01-01T04%3A00%3A00Z", // c5 again: no progress, done
	}
	if !slices.Equal(api.queries, wantQ) {
		t.Errorf("queries\n%q\nwant\n%q", api.queries, wantQ)
	}
	if st.Accepted != 5 || st.Duplicates != 4 || st.Pages != 5 || st.Cursor != "timestamp:2026-01-01T04:00:00Z" {
		t.Errorf("stats %+v", st)
	}
	// A late item appears; the next run starts from the stored cursor
	// minus the overlap, which holds a full page of items seen before.
	api.add("c6", time.Date(2026, 1, 1, 4, 30, 0, 0, time.UTC))
	api.queries = nil
	if _, err := newTestSource(t, cfg, sink, nil).RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(sink.ids()) != 6 || !slices.Equal(api.queries, []string{
		"order=asc&since=2026-01-01T03%3A00%3A00Z",
		"order=asc&since=2026-01-01T04%3A00%3A00Z",
		"order=asc&since=2026-01-01T04%3A30%3A00Z",
	}) {
		t.Errorf("second run: stored %v, queries %q", sink.ids(), api.queries)
	}
}

// TestPageToken follows next-page tokens and stores the token after each
// page with the page.
func TestPageToken(t *testing.T) {
	api, srv := newAPI(t, 5, 2)
	cfg := testConfig(srv.URL + "/pages")
	cfg.Cursor = Cursor{Kind: CursorPageToken, Param: "page_token", Next: "next"}
	sink := newFakeSink()
	st, err := newTestSource(t, cfg, sink, nil).RunOnce(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(sink.ids()) != 5 || st.Pages != 3 || !slices.Equal(api.queries, []string{"", "page_token=1", "page_token=2"}) {
		t.Errorf("stored %v, stats %+v, queries %q", sink.ids(), st, api.queries)
	}
	if got := sink.cps["api/cursor"]; got != "page_token:2" {
		t.Errorf("cursor %q, want the last page's token", got)
	}
	// The next run re-reads the last page, where new items appear.
	api.add("c6", time.Now())
	api.queries = nil
	st, err = newTestSource(t, cfg, sink, nil).RunOnce(context.Background())
	if err != nil || st.Accepted != 1 || st.Duplicates != 1 || !slices.Equal(api.queries, []string{"page_token=2"}) {
		t.Errorf("second run: %+v %v %q", st, err, api.queries)
	}
}

// TestCursorAfterCommit checks that a failed commit does not advance the
// cursor: the next run starts again at the page that was not stored.
func TestCursorAfterCommit(t *testing.T) {
	api, srv := newAPI(t, 6, 2)
	cfg := testConfig(srv.URL + "/pages")
	cfg.Cursor = Cursor{Kind: CursorPageToken, Param: "page_token", Next: "next"}
	sink := newFakeSink()
	sink.failAt = 2
	_, err := newTestSource(t, cfg, sink, nil).RunOnce(context.Background())
	if !errors.Is(err, errStore) || !strings.Contains(err.Error(), "page 2") {
		t.Fatalf("run with a failing sink: %v", err)
	}
	if got := sink.cps["api/cursor"]; got != "page_token:1" || len(sink.ids()) != 2 {
		t.Fatalf("after the failure: cursor %q, stored %v", got, sink.ids())
	}
	api.queries = nil
	if _, err := newTestSource(t, cfg, sink, nil).RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if want := []string{"c1", "c2", "c3", "c4", "c5", "c6"}; !slices.Equal(sink.ids(), want) || api.queries[0] != "page_token=1" {
		t.Errorf("stored %v, queries %q", sink.ids(), api.queries)
	}
}

// TestRetry checks which failures are retried, with what delays.
func TestRetry(t *testing.T) {
	cases := []struct {
		name      string
		responses []string // per request: "200", "500", "429:3" (Retry-After: 3), "drop" (close the connection)
		wantErr   string
		requests  int
		delays    []time.Duration
	}{
		{"500 then ok", []string{"500", "503", "200"}, "", 3, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond}},
		{"429 with retry-after", []string{"429:3", "200"}, "", 2, []time.Duration{3 * time.Second}},
		{"429 without retry-after", []string{"429", "200"}, "", 2, []time.Duration{100 * time.Millisecond}},
		{"network error", []string{"drop", "200"}, "", 2, []time.Duration{100 * time.Millisecond}},
		{"400 not retried", []string{"400"}, "400 Bad Request: bad since (not retried: check the url", 1, nil},
		{"404 not retried", []string{"404"}, "404 Not Found", 1, nil},
		{"give up", []string{"500", "500", "500", "500", "500"}, "gave up after 5 attempts: 500 Internal Server Error",
			5, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond}},
		{"retry-after too long", []string{"429:3600"}, "longer than retry.max_retry_after (5m0s)", 1, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				code, after, _ := strings.Cut(tc.responses[min(i, len(tc.responses)-1)], ":")
				switch code {
				case "drop":
					conn, _, _ := w.(http.Hijacker).Hijack()
					conn.Close()
				case "200":
					fmt.Fprint(w, `{"data":{"results":[{"id":"a","text":"ok"}]}}`)
				default:
					if after != "" {
						w.Header().Set("Retry-After", after)
					}
					var c int
					fmt.Sscan(code, &c)
					http.Error(w, "bad since", c)
				}
			}))
			defer srv.Close()
			sink := newFakeSink()
			s := newTestSource(t, testConfig(srv.URL+"/x?key=secret"), sink, nil)
			_, err := s.RunOnce(context.Background())
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("RunOnce: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			case err != nil && strings.Contains(err.Error(), "secret"):
				t.Errorf("error shows the query: %v", err)
			}
			if int(n.Load()) != tc.requests || !slices.Equal(s.delays, tc.delays) {
				t.Errorf("%d requests with delays %v, want %d with %v", n.Load(), s.delays, tc.requests, tc.delays)
			}
			if tc.wantErr == "" && len(sink.ids()) != 1 {
				t.Errorf("stored %v", sink.ids())
			}
		})
	}
}

// TestBackoffJitter checks the real jitter stays within the exponential
// ceiling.
func TestBackoffJitter(t *testing.T) {
	s := &Source{cfg: DefaultConfig(), jitter: fullJitter}
	for attempt := 1; attempt <= 40; attempt++ {
		ceil := min(DefaultRetryBase<<min(attempt-1, 29), DefaultRetryMax)
		for range 20 {
			if d := s.backoff(attempt); d < 0 || d > ceil {
				t.Fatalf("attempt %d: %v outside [0, %v]", attempt, d, ceil)
			}
		}
	}
	if d := parseRetryAfter("Wed, 21 Oct 2026 07:28:10 GMT", time.Date(2026, 10, 21, 7, 28, 0, 0, time.UTC)); d != 10*time.Second {
		t.Errorf("HTTP-date Retry-After: %v", d)
	}
}
