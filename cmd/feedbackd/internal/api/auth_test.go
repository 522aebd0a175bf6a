package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/index"
)

func TestRoles(t *testing.T) {
	tokens := NewTokens(
		Token{Name: "lead", Role: RoleViewer, Secret: "viewer-secret"},
		Token{Name: "insights", Role: RoleAnalyst, Secret: "analyst-secret"},
		Token{Name: "ops", Role: RoleAdmin, Secret: "admin-secret"},
		Token{Name: "widget", Role: RoleIngest, Secret: "ingest-secret"},
		Token{Name: "disabled", Role: RoleAdmin, Secret: ""},
	)
	f := newFixture(t, testConfig(), tokens)
	save := `{"name": "n-%s"}`
	tests := []struct {
		name, method, path, token string
		body                      string
		want                      int
	}{
		{"no token", "GET", "/api/v1/search", "", "", 401},
		{"unknown token", "GET", "/api/v1/search", "nope", "", 401},
		{"viewer searches", "GET", "/api/v1/search?q=refund", "viewer-secret", "", 200},
		{"viewer reads a comment", "GET", "/api/v1/comments/c01", "viewer-secret", "", 200},
		{"viewer lists saved searches", "GET", "/api/v1/searches", "viewer-secret", "", 200},
		{"viewer cannot save", "POST", "/api/v1/searches", "viewer-secret", strings.Replace(save, "%s", "v", 1), 403},
		{"analyst saves", "POST", "/api/v1/searches", "analyst-secret", strings.Replace(save, "%s", "a", 1), 201},
		{"analyst searches", "GET", "/api/v1/search", "analyst-secret", "", 200},
		{"admin saves", "POST", "/api/v1/searches", "admin-secret", strings.Replace(save, "%s", "b", 1), 201},
		{"ingest cannot search", "GET", "/api/v1/search", "ingest-secret", "", 403},
		{"ingest cannot read", "GET", "/api/v1/comments/c01", "ingest-secret", "", 403},
		{"ingest cannot save", "POST", "/api/v1/searches", "ingest-secret", strings.Replace(save, "%s", "i", 1), 403},
		{"empty secret is no token", "GET", "/api/v1/search", "", "", 401},
		{"unknown path needs no role to 404", "GET", "/api/v1/nothing", "", "", 404},
		{"wrong method", "POST", "/api/v1/search", "", "", 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body any
			if tt.body != "" {
				body = tt.body
			}
			code, hdr, data := f.do(t, tt.method, tt.path, tt.token, body)
			if code != tt.want {
				t.Fatalf("status %d, want %d: %s", code, tt.want, data)
			}
			if code >= 400 {
				decodeError(t, data)
			}
			if code == 401 && !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without WWW-Authenticate")
			}
			if code == 405 && hdr.Get("Allow") != "GET" {
				t.Errorf("Allow %q", hdr.Get("Allow"))
			}
		})
	}
	// The creator is the token's name.
	_, _, data := f.do(t, "GET", "/api/v1/searches", "viewer-secret", nil)
	if !strings.Contains(string(data), `"created_by":"insights"`) {
		t.Errorf("created_by missing: %s", data)
	}
}

func TestRoleAllows(t *testing.T) {
	for _, tt := range []struct {
		r, want Role
		ok      bool
	}{
		{RoleViewer, RoleViewer, true}, {RoleViewer, RoleAnalyst, false}, {RoleViewer, RoleIngest, false},
		{RoleAnalyst, RoleViewer, true}, {RoleAnalyst, RoleAnalyst, true}, {RoleAnalyst, RoleAdmin, false}, {RoleAnalyst, RoleIngest, false},
		{RoleAdmin, RoleIngest, true}, {RoleAdmin, RoleAnalyst, true},
		{RoleIngest, RoleIngest, true}, {RoleIngest, RoleViewer, false},
	} {
		if got := tt.r.Allows(tt.want); got != tt.ok {
			t.Errorf("%s allows %s: %v, want %v", tt.r, tt.want, got, tt.ok)
		}
	}
	if _, err := ParseRole("root"); err == nil {
		t.Error("ParseRole accepted root")
	}
	if r, _ := ParseRole(""); r != RoleIngest {
		t.Errorf("ParseRole(\"\") = %s, want ingest", r)
	}
}

func TestRateLimit(t *testing.T) {
	cfg := testConfig()
	cfg.RateLimit = RateLimit{PerSecond: 0.5, Burst: 2}
	tokens := NewTokens(Token{Name: "a", Role: RoleViewer, Secret: "a"}, Token{Name: "b", Role: RoleViewer, Secret: "b"})
	f := newFixture(t, cfg, tokens)
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	f.serve(t, cfg, Deps{Tokens: tokens, Now: func() time.Time { return now }})
	for i := range 2 {
		if code, _, data := f.do(t, "GET", "/api/v1/search?size=0", "a", nil); code != 200 {
			t.Fatalf("request %d: %d %s", i, code, data)
		}
	}
	code, hdr, data := f.do(t, "GET", "/api/v1/search?size=0", "a", nil)
	if code != http.StatusTooManyRequests || hdr.Get("Retry-After") != "2" {
		t.Fatalf("third request: %d Retry-After %q %s", code, hdr.Get("Retry-After"), data)
	}
	decodeError(t, data)
	// Another token has its own bucket.
	if code, _, _ := f.do(t, "GET", "/api/v1/search?size=0", "b", nil); code != 200 {
		t.Errorf("token b: %d", code)
	}
	now = now.Add(2 * time.Second) // one token back
	if code, _, _ := f.do(t, "GET", "/api/v1/search?size=0", "a", nil); code != 200 {
		t.Errorf("after refill: %d", code)
	}
}

// slowIndex blocks until the search's context ends.
type slowIndex struct{}

func (slowIndex) Search(ctx context.Context, q index.Query) (*index.Results, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestLimits(t *testing.T) {
	f := newFixture(t, testConfig(), nil)

	t.Run("query timeout", func(t *testing.T) {
		cfg := testConfig()
		cfg.QueryTimeout = 20 * time.Millisecond
		f.serve(t, cfg, Deps{Index: slowIndex{}})
		code, _, data := f.do(t, "GET", "/api/v1/search?q=refund", "", nil)
		if e := decodeError(t, data); code != http.StatusServiceUnavailable || !strings.Contains(e.Msg, "query timeout") {
			t.Errorf("%d %s", code, data)
		}
	})
	t.Run("stopping", func(t *testing.T) {
		f.serve(t, testConfig(), Deps{Stopping: func() bool { return true }})
		code, hdr, data := f.do(t, "GET", "/api/v1/search", "", nil)
		if code != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" {
			t.Errorf("%d %s", code, data)
		}
		decodeError(t, data)
	})
}

func TestConfigValidate(t *testing.T) {
	good := testConfig()
	if err := good.Validate("api"); err != nil {
		t.Errorf("good config: %v", err)
	}
	bad := Config{MaxBodyBytes: 0, QueryTimeout: -1, MaxPageSize: 0, DefaultPageSize: -1, RateLimit: RateLimit{PerSecond: -1}}
	want := `api.max_body_bytes: 0: must be positive
api.query_timeout: -1ns: must be positive
api.max_page_size: 0: want 1 to 1000
api.default_page_size: -1: want 0 to max_page_size (0)
api.rate_limit.per_second: -1: must not be negative (0 turns the limit off)`
	if err := bad.Validate("api"); err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
