package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/feedbackd/feedbackd/index/facts"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/index"
)

const testToken = "s3cret-token"

// logBuffer collects a daemon's log lines for assertions.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// writeTestConfig writes a daemon config for data dir dir: fast polling,
// short index delay, a copy of the default taxonomy that tests may edit,
// the folder source "inbox" and the webhook. It returns the config path.
func writeTestConfig(t *testing.T, dir string, extraSources ...string) string {
	t.Helper()
	tax := filepath.Join(dir, "taxonomy.yaml")
	if err := os.WriteFile(tax, configs.Taxonomy(), 0o644); err != nil {
		t.Fatal(err)
	}
	conf := fmt.Sprintf(`
data: %s
http: {addr: "127.0.0.1:0", shutdown_timeout: 5s}
engine: {taxonomy: %s}
index: {max_delay: 20ms, lock_timeout: 300ms}
sources:
  - kind: folder
    folder:
      name: inbox
      poll_interval: 20ms
      stable_for: 0s
      columns:
        text: text
        id: id
        created_at: created_at
        scores: {nps: nps}
        meta: {channel: ""}
  - kind: webhook
    webhook: {name: webhook}
`, filepath.Join(dir, "data"), tax) + strings.Join(extraSources, "")
	path := filepath.Join(dir, "feedbackd.yml")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// startMain runs a daemon on the config at path and closes it at the end
// of the test unless the test did.
func startMain(t *testing.T, path string, demo bool) (*Main, *logBuffer) {
	t.Helper()
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	logs := &logBuffer{}
	m := NewMain(cfg, zerolog.New(logs))
	m.Demo = demo
	m.Getenv = func(k string) string {
		if k == "FEEDBACKD_TOKEN" {
			return testToken
		}
		return ""
	}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatalf("run: %v\nlogs:\n%s", err, logs)
	}
	t.Cleanup(func() { m.Close() })
	return m, logs
}

// waitStats polls the daemon's stats until ok accepts them.
func waitStats(t *testing.T, m *Main, what string, ok func(statsReport) bool) statsReport {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := m.Stats(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if ok(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; stats: %+v", what, st)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// get fetches url and returns the status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// post sends an NDJSON body to the webhook.
func post(t *testing.T, m *Main, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, m.Addr()+"/api/v1/comments", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-ndjson")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// dropFile writes a file into the inbox the safe way: a .part name, then
// a rename.
func dropFile(t *testing.T, inbox, name, content string) {
	t.Helper()
	tmp := filepath.Join(inbox, name+".part")
	if err := os.WriteFile(tmp, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(inbox, name)); err != nil {
		t.Fatal(err)
	}
}

const testCSV = `id,text,created_at,nps,channel
c1,The courier left my parcel in the rain and it arrived late,2026-10-01T09:00:00Z,2,web
c2,"Checkout was quick, great app",2026-10-02T09:00:00Z,9,app
c3,Refund still not processed after three weeks,2026-10-03T09:00:00Z,11,email
`

func TestServeEndToEnd(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `[{"id":"h1","text":"The agent on the phone solved it quickly"}]`)
	}))
	defer api.Close()
	dir := t.TempDir()
	path := writeTestConfig(t, dir, fmt.Sprintf(`
  - kind: http
    http: {name: helpdesk, url: %q, schedule: "@every 1h", run_at_start: true}
`, api.URL))
	m, logs := startMain(t, path, false)
	ctx := context.Background()

	dropFile(t, filepath.Join(dir, "data", "inbox"), "survey.csv", testCSV)

	if code, body := post(t, m, "", `{"id":"w1","text":"hi"}`); code != http.StatusUnauthorized {
		t.Errorf("no token: %d %s, want 401", code, body)
	}
	if code, body := post(t, m, "wrong", `{"id":"w1","text":"hi"}`); code != http.StatusUnauthorized {
		t.Errorf("wrong token: %d %s, want 401", code, body)
	}
	code, body := post(t, m, testToken, `{"id":"w1","text":"Support answered within minutes, very helpful","scores":{"nps":10}}
{"id":"w2","text":"The app crashes every time I open my orders"}
{"id":"w3","text":""}
`)
	if code != http.StatusOK {
		t.Fatalf("webhook: %d %s", code, body)
	}
	var reply struct{ Accepted, Rejected int }
	if err := json.Unmarshal([]byte(body), &reply); err != nil || reply.Accepted != 2 || reply.Rejected != 1 {
		t.Fatalf("webhook reply %s (%v): want 2 accepted, 1 rejected", body, err)
	}

	// 2 CSV rows + 2 webhook items + 1 pulled item stored; 1 row (nps 11)
	// and 1 item quarantined.
	st := waitStats(t, m, "5 comments indexed", func(s statsReport) bool {
		return s.Comments == 5 && s.Indexed == 5 && s.IndexLag == 0 && s.Quarantined == 2
	})
	if st.PerSource["inbox"] != 2 || st.PerSource["webhook"] != 2 || st.PerSource["helpdesk"] != 1 {
		t.Errorf("per source %v", st.PerSource)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "inbox", "processed", "survey.csv")); err != nil {
		t.Errorf("survey.csv not moved to processed/: %v", err)
	}
	res, err := m.index.Search(ctx, index.Query{Q: "courier", Size: 10})
	if err != nil || res.Total != 1 || res.Hits[0].ID != "c1" {
		t.Errorf("search courier: %+v, %v", res, err)
	}

	code, body = get(t, m.Addr()+"/healthz")
	var h health
	if err := json.Unmarshal([]byte(body), &h); code != http.StatusOK || err != nil || h.Status != "ok" || h.Stats.Comments != 5 || len(h.Sources) != 3 {
		t.Errorf("healthz: %d %s", code, body)
	}
	code, body = get(t, m.Addr()+"/metrics")
	for _, want := range []string{
		"# TYPE feedbackd_comments_ingested_total counter\nfeedbackd_comments_ingested_total 5\n",
		"feedbackd_comments_rejected_total 2\n",
		"# TYPE feedbackd_index_lag gauge\nfeedbackd_index_lag 0\n",
		"feedbackd_comments_indexed_total 5\n",
		"# TYPE feedbackd_tag_seconds summary\n",
		"feedbackd_tag_seconds_count 5\n",
		"feedbackd_index_batch_seconds_count ",
		`feedbackd_comments_stored_by_source{source="webhook"} 2`,
		"feedbackd_quarantined 2\n",
	} {
		if code != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}

	// SIGHUP: a changed taxonomy becomes the engine of new comments; a
	// broken one is refused and the engine in use stays.
	tax := m.Config.Engine.Taxonomy
	changed := bytes.Replace(configs.Taxonomy(), []byte(`version: "2026.11"`), []byte(`version: "2026.12-test"`), 1)
	if err := os.WriteFile(tax, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := m.Reload(); err != nil {
		t.Fatal(err)
	}
	tv, _ := m.tagger.Versions()
	if !strings.HasPrefix(tv, "2026.12-test+") {
		t.Fatalf("taxonomy after reload %q", tv)
	}
	if !strings.Contains(logs.String(), `"taxonomy":"2026.12-test+`) {
		t.Errorf("no reload log line with the new version:\n%s", logs)
	}
	if err := os.WriteFile(tax, []byte("touchpoints: [unclosed"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := m.Reload(); err == nil {
		t.Error("reload of a broken taxonomy succeeded")
	}
	if now, _ := m.tagger.Versions(); now != tv {
		t.Errorf("engine changed to %q after a failed reload", now)
	}
	if code, body := post(t, m, testToken, `{"id":"w4","text":"Delivery was on time"}`); code != http.StatusOK {
		t.Fatalf("webhook: %d %s", code, body)
	}
	c, err := m.store.Get(ctx, "w4")
	if err != nil || c.Tags == nil || c.Tags.TaxonomyVersion != tv {
		t.Errorf("w4 tagged with %+v (%v), want taxonomy %s", c, err, tv)
	}
	waitStats(t, m, "w4 indexed", func(s statsReport) bool { return s.Indexed == 6 && s.IndexLag == 0 })

	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if !strings.Contains(logs.String(), "feedbackd stopped cleanly") {
		t.Errorf("no clean stop logged:\n%s", logs)
	}
}

func TestServeDemo(t *testing.T) {
	dir := t.TempDir()
	path := writeTestConfig(t, dir)
	m, _ := startMain(t, path, true)
	st := waitStats(t, m, "the demo corpus indexed", func(s statsReport) bool {
		return s.Comments > 0 && s.Indexed == s.Comments && s.IndexLag == 0
	})
	if st.Comments < 2500 || st.PerSource[demoSource] != st.Comments || st.Quarantined != 0 {
		t.Fatalf("demo stats %+v: want ~3,000 demo comments, none quarantined", st)
	}
	res, err := m.index.Search(context.Background(), index.Query{Size: 3, Filter: facts.Filter{Touchpoints: []string{"delivery"}}})
	if err != nil || res.Total < 100 {
		t.Errorf("demo search for touchpoint delivery: %d hits, %v", res.Total, err)
	}
	all, err := m.index.Search(context.Background(), index.Query{})
	if err != nil || all.Total != st.Comments {
		t.Errorf("search all: %d, %v; want %d", all.Total, err, st.Comments)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}

	// Again: nothing new, nothing quarantined.
	m2, _ := startMain(t, path, true)
	st2, err := m2.Stats(context.Background())
	if err != nil || st2.Comments != st.Comments || st2.Quarantined != 0 {
		t.Errorf("second --demo: %+v, %v; want %d comments, none quarantined", st2, err, st.Comments)
	}
}

func TestServeSecondDaemonFailsFast(t *testing.T) {
	dir := t.TempDir()
	path := writeTestConfig(t, dir)
	startMain(t, path, false)

	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	second := NewMain(cfg, zerolog.Nop())
	start := time.Now()
	err = second.Run(context.Background())
	second.Close()
	if !errors.Is(err, errDataDirLocked) || !strings.Contains(err.Error(), "is in use by another feedbackd") {
		t.Fatalf("second Run = %v, want the lock message", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("second Run took %v to fail", d)
	}
}

func TestServeRebuildsCorruptIndex(t *testing.T) {
	dir := t.TempDir()
	path := writeTestConfig(t, dir)
	m, _ := startMain(t, path, false)
	var cs []corpus.Comment
	for i := range 50 {
		cs = append(cs, corpus.Comment{ID: fmt.Sprintf("k%d", i), Fields: []corpus.TextField{{Name: "text", Text: fmt.Sprintf("parcel %d arrived late", i)}}, CreatedAt: time.Now()})
	}
	if _, err := ingestComments(context.Background(), m.pipeline, "test", cs); err != nil {
		t.Fatal(err)
	}
	waitStats(t, m, "50 indexed", func(s statsReport) bool { return s.Indexed == 50 })
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	meta := filepath.Join(dir, "data", "index", "index_meta.json")
	if err := os.WriteFile(meta, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}

	m2, logs := startMain(t, path, false)
	waitStats(t, m2, "the rebuilt index", func(s statsReport) bool { return s.Indexed == 50 && s.IndexLag == 0 })
	if !strings.Contains(logs.String(), "rebuilding it from the raw store") {
		t.Errorf("no rebuild warning logged:\n%s", logs)
	}
}
