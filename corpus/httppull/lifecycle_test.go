package httppull

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/rs/zerolog"
)

// TestHeadersFromEnv checks that header values come from the environment,
// reach the API, and never reach the logs or errors.
func TestHeadersFromEnv(t *testing.T) {
	const secret = "tok-9f8e7d"
	t.Setenv("FEEDBACK_API_TOKEN", secret)
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Get("Authorization") + "|" + r.Header.Get("X-Tenant"))
		http.Error(w, "try later", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	cfg := testConfig(srv.URL)
	cfg.Retry.Attempts = 2
	cfg.Headers = map[string]Header{
		"Authorization": {Env: "FEEDBACK_API_TOKEN", Prefix: "Bearer "},
		"X-Tenant":      {Value: "acme"},
	}
	var logs bytes.Buffer
	_, err := newTestSource(t, cfg, newFakeSink(), &logs).RunOnce(context.Background())
	if got.Load() != "Bearer "+secret+"|acme" {
		t.Errorf("API saw %q", got.Load())
	}
	if err == nil || strings.Contains(err.Error(), secret) || strings.Contains(logs.String(), secret) || !strings.Contains(logs.String(), "retrying") {
		t.Errorf("error %v\nlogs %s", err, logs.String())
	}

	cfg.Headers["X-Other"] = Header{Env: "FEEDBACKD_TEST_UNSET_VAR"}
	_, err = New(cfg, newFakeSink(), nil, zerolog.Nop())
	if err == nil || err.Error() != `http source "api": headers.X-Other: environment variable FEEDBACKD_TEST_UNSET_VAR is not set` {
		t.Errorf("missing env var: %v", err)
	}
}

// TestSchedules checks cron spec validation, including the specs that
// make robfig/cron panic.
func TestSchedules(t *testing.T) {
	cases := []struct {
		spec, err string // err "" means valid
	}{
		{"*/5 * * * *", ""},
		{"0 */10 * * * *", ""},
		{"@hourly", ""},
		{"@every 15m", ""},
		{"CRON_TZ=Europe/Paris 0 6 * * *", ""},
		{"TZ=UTC @daily", ""},
		{"", "is required"},
		{"CRON_TZ=UTC", `"CRON_TZ=UTC" has a time zone but no schedule after it`},
		{"CRON_TZ=UTC   ", `"CRON_TZ=UTC" has a time zone but no schedule after it`},
		{"TZ=Europe/Paris", "has a time zone but no schedule after it"},
		{"CRON_TZ=Mars/Base 0 6 * * *", `unknown time zone "Mars/Base"`},
		{"* * *", "expected 5 to 6 fields, found 3"},
		{"61 * * * *", "end of range (61) above maximum (59)"},
		{"@fortnightly", "unrecognized descriptor"},
	}
	for _, tc := range cases {
		t.Run(tc.spec, func(t *testing.T) {
			_, err := ParseSchedule(tc.spec)
			if tc.err == "" && err != nil {
				t.Fatalf("ParseSchedule: %v", err)
			}
			if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("error %v, want %q", err, tc.err)
			}
		})
	}
}

// roundTripper serves requests with a handler, without a network, so the
// source can run inside a synctest bubble.
type roundTripper struct{ h http.Handler }

func (rt roundTripper) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	rt.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// TestScheduledRuns checks, on a fake clock, that Open runs at start and
// on the schedule, that a panicking run is recovered and the next run
// still happens, and that Close stops the runs.
func TestScheduledRuns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var requests atomic.Int32
		api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			requests.Add(1)
			w.Write([]byte(`{"data":{"results":[{"id":"a","text":"hello"}]}}`))
		})
		cfg := testConfig("http://api.invalid/items")
		cfg.Schedule = "*/10 * * * * *" // every 10 seconds
		sink := newFakeSink()
		sink.panicAt = 1 // the run at start panics
		var logs syncBuffer
		s, err := New(cfg, sink, sink, zerolog.New(&logs))
		if err != nil {
			t.Fatal(err)
		}
		s.client = &http.Client{Transport: roundTripper{api}}
		if err := s.Open(context.Background()); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if requests.Load() != 1 || !strings.Contains(logs.String(), "boom in commit") {
			t.Fatalf("after the run at start: %d requests, logs %s", requests.Load(), logs.String())
		}
		time.Sleep(25 * time.Second)
		synctest.Wait()
		if n := requests.Load(); n < 3 || len(sink.ids()) != 1 {
			t.Errorf("after 25s: %d requests, stored %v", n, sink.ids())
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		n := requests.Load()
		time.Sleep(time.Minute)
		if requests.Load() != n {
			t.Errorf("runs after Close")
		}
	})
}

// TestBadResponses checks responses that do not match the config: the
// run fails with a clear error and nothing is committed; items that are
// not comments are rejected with the page and item number.
func TestBadResponses(t *testing.T) {
	cases := []struct {
		name, body, err string
		rejects         int
	}{
		{"not json", `<html>`, "response is not JSON", 0},
		{"no items path", `{"results":[]}`, `items: path "data.results" not found in the response`, 0},
		{"items not array", `{"data":{"results":{"id":1}}}`, `is a JSON map[string]interface {} in the response, not an array`, 0},
		{"bad items", `{"data":{"results":[{"id":"a","text":""},"x",{"id":"b","text":"ok","scores":{"nps":"high"}}]}}`, "", 3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(tc.body)) }))
			defer srv.Close()
			sink := newFakeSink()
			_, err := newTestSource(t, testConfig(srv.URL+"/v1/feedback"), sink, nil).RunOnce(context.Background())
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || sink.commits != 0 {
					t.Errorf("error %v (%d commits), want %q", err, sink.commits, tc.err)
				}
				return
			}
			if err != nil || len(sink.rejects) != tc.rejects {
				t.Fatalf("%v, %d rejects", err, len(sink.rejects))
			}
			r := sink.rejects[2]
			if r.File != "GET "+srv.URL+"/v1/feedback page 1" || r.Line != 3 || !strings.Contains(r.Reason, `fields.scores.nps ("scores.nps"): "high" is not a whole-number score`) ||
				!strings.Contains(string(r.Raw), `"high"`) || sink.rejects[1].Reason != "item is a JSON string; want an object" {
				t.Errorf("reject %+v", r)
			}
		})
	}
}
