package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
)

// searchCSV holds comments for the search command, one a formula and one
// markup.
const searchCSV = `id,text,created_at,nps,channel
s1,"I asked for a refund twice and nobody answered, terrible",2026-03-01T09:00:00Z,1,email
s2,"The refund came quickly, thank you!",2026-03-02T09:00:00Z,10,chat
s3,"=HYPERLINK(""http://evil"") refund <script>alert(1)</script>",2026-03-03T09:00:00Z,3,web
s4,"Delivery was late again",2026-03-04T09:00:00Z,2,web
`

// ingestSearchData ingests searchCSV into a fresh data dir and returns the
// dir and config path.
func ingestSearchData(t *testing.T, extra ...string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	conf := writeTestConfig(t, dir, extra...)
	if err := os.WriteFile(filepath.Join(dir, "in.csv"), []byte(searchCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runIn(t, dir, "ingest", "--config", conf, "in.csv"); r.code != exitOK {
		t.Fatalf("ingest: %d %s %s", r.code, r.stdout, r.stderr)
	}
	return dir, conf
}

func TestSearchCommand(t *testing.T) {
	dir, conf := ingestSearchData(t)

	// JSON (not a terminal): the API's reply.
	var resp api.SearchResponse
	decodeJSON(t, runIn(t, dir, "search", "--config", conf, "refund", "--sort", "oldest"), &resp)
	if resp.Total != 3 || len(resp.Hits) != 3 || resp.Hits[0].ID != "s1" || len(resp.Facets["touchpoint"]) == 0 {
		t.Fatalf("json: %+v", resp)
	}

	// Filters.
	decodeJSON(t, runIn(t, dir, "search", "--config", conf, "refund", "--sentiment", "negative", "--touchpoint", "billing", "--since", "2026-03-01", "--limit", "1"), &resp)
	if resp.Total != 1 || resp.Hits[0].ID != "s1" {
		t.Errorf("filtered: total %d %v", resp.Total, resp.Hits)
	}

	// Table.
	r := runIn(t, dir, "search", "--config", conf, "--format", "table", "refund", "--sort", "oldest")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != exitOK || len(lines) != 5 || !strings.HasPrefix(lines[0], "ID") || !strings.HasPrefix(lines[1], "s1 ") ||
		!strings.Contains(lines[1], "2026-03-01") || !strings.Contains(lines[1], "negative") || !strings.Contains(lines[1], "billing/refunds") ||
		!strings.HasPrefix(lines[4], "3 of 3 comments") {
		t.Errorf("table: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// CSV: parsed back, formula neutralised, markup kept as text.
	r = runIn(t, dir, "search", "--config", conf, "--format", "csv", "refund", "--sort", "oldest")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) != 4 || rows[0][0] != "id" {
		t.Fatalf("csv: %v\n%s", err, r.stdout)
	}
	if got := rows[3][len(rows[3])-1]; got != `'=HYPERLINK("http://evil") refund <script>alert(1)</script>` {
		t.Errorf("csv text %q", got)
	}

	// A malformed query says where.
	r = runIn(t, dir, "search", "--config", conf, `refund "late`)
	if r.code != exitFail || !strings.Contains(r.stderr, "unclosed quote") || !strings.Contains(r.stderr, "       ^") {
		t.Errorf("bad query: exit %d %q", r.code, r.stderr)
	}
	if r = runIn(t, dir, "search", "--config", conf, "--format", "xml", "x"); r.code != exitUsage {
		t.Errorf("bad format: exit %d", r.code)
	}
	if r = runIn(t, dir, "search", "--config", conf, "--since", "soon", "x"); r.code != exitUsage || !strings.Contains(r.stderr, "--since") {
		t.Errorf("bad since: exit %d %s", r.code, r.stderr)
	}
}

func TestParseSince(t *testing.T) {
	now := time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"30d": "2026-03-01T12:00:00Z", "2w": "2026-03-17T12:00:00Z", "12h": "2026-03-31T00:00:00Z",
		"2026-03-01": "2026-03-01", "2026-03-01T10:00:00Z": "2026-03-01T10:00:00Z",
	} {
		if got, err := parseSince(in, now); err != nil || got != want {
			t.Errorf("parseSince(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "d", "-3d", "tomorrow"} {
		if _, err := parseSince(bad, now); err == nil {
			t.Errorf("parseSince(%q) accepted", bad)
		}
	}
}

// TestSearchCommandWhileServing: with a daemon holding the data dir,
// search asks it: at --server with a token, or at http.addr on its own.
func TestSearchCommandWhileServing(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir, conf := ingestSearchData(t, `
auth:
  tokens:
    - {name: lead, token_env: TEST_VIEWER_TOKEN, role: viewer}
    - {name: widget, token_env: FEEDBACKD_TOKEN, role: ingest}
`)
	t.Setenv("TEST_VIEWER_TOKEN", "viewer-secret")
	t.Setenv("TEST_INGEST_TOKEN", testToken)
	cfg, err := LoadConfig(conf)
	if err != nil {
		t.Fatal(err)
	}
	cfg.HTTP.Addr = addr
	m := NewMain(cfg, zerolog.New(&logBuffer{}))
	m.Getenv = func(k string) string {
		return map[string]string{"TEST_VIEWER_TOKEN": "viewer-secret", "FEEDBACKD_TOKEN": testToken}[k]
	}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatal(err)
	}
	defer m.Close()

	var resp api.SearchResponse
	decodeJSON(t, runIn(t, dir, "search", "--server", m.Addr(), "--token-env", "TEST_VIEWER_TOKEN", "refund"), &resp)
	if resp.Total != 3 {
		t.Errorf("--server: total %d", resp.Total)
	}
	r := runIn(t, dir, "search", "--server", m.Addr(), "--token-env", "TEST_INGEST_TOKEN", "refund")
	if r.code != exitFail || !strings.Contains(r.stderr, "has role ingest") {
		t.Errorf("ingest token: exit %d %s", r.code, r.stderr)
	}
	// The data dir is locked: the command asks the daemon at http.addr.
	os.WriteFile(conf, []byte(strings.Replace(mustRead(t, conf), `addr: "127.0.0.1:0"`, `addr: "`+addr+`"`, 1)), 0o644)
	r = runIn(t, dir, "search", "--config", conf, "--token-env", "TEST_VIEWER_TOKEN", "delivery")
	if err := json.Unmarshal([]byte(r.stdout), &resp); err != nil || resp.Total != 1 {
		t.Errorf("fallback: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestLoopbackOnlyWithoutTokens: with no token enabled the daemon refuses
// a non-loopback address; with one it starts.
func TestLoopbackOnlyWithoutTokens(t *testing.T) {
	for _, tt := range []struct {
		addr  string
		token string
		ok    bool
	}{
		{"0.0.0.0:0", "", false},
		{"[::]:0", "", false},
		{":0", "", false},
		{"127.0.0.1:0", "", true},
		{"localhost:0", "", true},
		{"0.0.0.0:0", "secret", true},
	} {
		t.Run(tt.addr+"/"+tt.token, func(t *testing.T) {
			dir := t.TempDir()
			cfg, err := LoadConfig(writeTestConfig(t, dir))
			if err != nil {
				t.Fatal(err)
			}
			cfg.HTTP.Addr = tt.addr
			m := NewMain(cfg, zerolog.Nop())
			m.Getenv = func(string) string { return tt.token }
			err = m.Run(context.Background())
			m.Close()
			if tt.ok && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tt.ok && (err == nil || !strings.Contains(err.Error(), "not a loopback address and no API token is enabled")) {
				t.Errorf("got %v, want a loopback refusal", err)
			}
		})
	}
}
