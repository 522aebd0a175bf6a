package main

import (
	"bufio"
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/configs"
)

// TestConfigFiles loads every testdata/conf.*.yml and checks the whole
// error text, one file per case (as alertmanager's config tests do).
func TestConfigFiles(t *testing.T) {
	tests := map[string]string{
		"conf.good.yml":         "",
		"conf.good-exports.yml": "",
		"conf.bad-exports.yml": `exports[0] (nightly): schedule: "0 25 * * *": end of range (25) above maximum (23): 25
exports[0] (nightly): format: format "xlsx": want csv, ndjson or parquet
exports[1] (nightly): name: "nightly" is already used by exports[0]
exports[1] (nightly): filters: unknown filter "colour"; want one of q, touchpoint, sentiment, audience, source, from, to, nps_min, nps_max, csat_min, csat_max, ces_min, ces_max, sentiment_score_min, sentiment_score_max, since or meta.KEY
exports[1] (nightly): shape: shape "tall": want wide or long
exports[2]: name: is required
exports[2]: schedule: "CRON_TZ=Mars/Olympus 0 2 * * *": unknown time zone "Mars/Olympus"
exports[2]: folder: is required (a relative path is inside the data dir)
exports[3] (../up): name: "../up": use letters, digits, '.', '_' and '-' only
exports[3] (../up): filters: meta.region: want a value or a list of values
exports[3] (../up): filters: nps_min: "high" is not a number`,
		"conf.bad-unknown-key.yml": `config testdata/conf.bad-unknown-key.yml: yaml: unmarshal errors:
  line 2: field colour not found in type main.Config`,
		"conf.bad-folder-no-text.yml": `sources[0] (folder "inbox"): columns.text: at least one text column is required
sources[1] (folder "exports"): columns.text: at least one text column is required`,
		"conf.bad-folder-unknown-key.yml": `sources[0] (folder "exports"): field colums not found in type folder.Config`,
		"conf.bad-kind.yml": `sources[0] (ftp): kind: "ftp": want folder, webhook or http
sources[1]: kind: is required (folder, webhook or http)
sources[2] (folder): webhook: section does not belong to a source of kind folder
sources[3] (http "tickets"): url: is required
sources[3] (http "tickets"): schedule: is required (a cron spec such as "*/15 * * * *" or "@hourly")`,
		"conf.bad-duplicate-names.yml": `sources[1] (webhook "inbox"): name: "inbox" is already used by sources[0]
sources[2] (webhook "other"): path: "/api/v1/comments" is already used by sources[1]`,
		"conf.bad-tokens.yml": `auth.tokens[0].token_env: "MY TOKEN" is not an environment variable name
auth.tokens[1].name: "a" is already used by auth.tokens[0]
auth.tokens[1].role: "root": want viewer, analyst, admin or ingest
auth.tokens[2].name: is required`,
		"conf.bad-values.yml": `http.addr: "8080": want host:port, e.g. 127.0.0.1:8080
timezone: "Mars/Olympus": unknown time zone
log.level: "loud": want debug, info, warn or error
log.format: "xml": want auto, json or console
redaction: redact.rules[0] (bad): pattern: error parsing regexp: missing closing ): ` + "`(`" + `
ingest.workers: -1: must not be negative (0 means one per core)
ingest.batch_size: 0: must be at least 1
index.batch_size: 0: must be at least 1
index.max_delay: 0s: must be positive
index.lock_timeout: 0s: must be positive
sources[0] (folder "inbox"): batch_size: 0: must be at least 1`,
		"conf.bad-api.yml": `api.max_body_bytes: 0: must be positive
api.query_timeout: 0s: must be positive
api.max_page_size: 5000: want 1 to 1000
api.rate_limit.burst: 0: must be at least 1`,
		"conf.bad-webhook.yml": `sources[0] (webhook "hook"): path: "api": must start with /
sources[0] (webhook "hook"): audience: audience "robots": want customer or employee`,
	}
	files, err := filepath.Glob("testdata/conf.*.yml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(tests) {
		t.Errorf("%d testdata/conf.*.yml files, %d cases: every file needs a case", len(files), len(tests))
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := LoadConfig(filepath.Join("testdata", name))
			if err == nil {
				err = c.Validate()
			}
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != want {
				t.Errorf("error:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestConfigGood checks that values reach their fields: over the
// defaults, into the sources' own configs.
func TestConfigGood(t *testing.T) {
	c, err := LoadConfig("testdata/conf.good.yml")
	if err != nil {
		t.Fatal(err)
	}
	if c.Index.MaxDelay != 200*time.Millisecond || c.HTTP.ShutdownTimeout != 10*time.Second || !c.Redaction.Enabled {
		t.Errorf("index.max_delay %v, http.shutdown_timeout %v (default), redaction.enabled %v (default)", c.Index.MaxDelay, c.HTTP.ShutdownTimeout, c.Redaction.Enabled)
	}
	specs, err := c.SourceSpecs()
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) != 4 {
		t.Fatalf("%d sources, want 4", len(specs))
	}
	if h := specs[3].HTTP; h == nil || h.Name != "helpdesk" || h.Items != "data.results" {
		t.Errorf("http: %+v", specs[3].HTTP)
	}
	ex, hr := specs[0].Folder, specs[1].Folder
	if ex.Path != "/srv/exports" || ex.BatchSize != 500 || len(ex.Columns.Text) != 2 || ex.Columns.CreatedAt.Format != "2006-01-02 15:04" {
		t.Errorf("exports: %+v", ex)
	}
	if hr.Path != filepath.Join("/var/lib/feedbackd", "inbox") || hr.Audience != "employee" {
		t.Errorf("hr: path %q (want the data dir's inbox), audience %q", hr.Path, hr.Audience)
	}
	if w := specs[2].Webhook; w == nil || w.Name != "widget" || w.Path != "/api/v1/comments" {
		t.Errorf("webhook: %+v", specs[2].Webhook)
	}
}

// TestConfigFlagsOverride checks the order: defaults, file, flags.
func TestConfigFlagsOverride(t *testing.T) {
	f := configFlags{config: "testdata/conf.good.yml", data: t.TempDir(), addr: "127.0.0.1:0"}
	c, err := f.load()
	if err != nil {
		t.Fatal(err)
	}
	if c.Data != f.data || c.HTTP.Addr != f.addr {
		t.Errorf("data %q addr %q: flags must win", c.Data, c.HTTP.Addr)
	}
	hr, err := c.FolderSource("hr")
	if err != nil {
		t.Fatal(err)
	}
	if hr.Path != filepath.Join(f.data, "inbox") {
		t.Errorf("hr path %q: relative paths follow --data", hr.Path)
	}
}

// TestDefaultConfig checks the embedded default: valid, the documented
// values, and every key commented.
func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	if err := c.Validate(); err != nil {
		t.Fatalf("embedded default: %v", err)
	}
	if c.Data != "./data" || c.HTTP.Addr != "127.0.0.1:8080" || !c.Redaction.Enabled {
		t.Errorf("defaults: data %q addr %q redaction %v", c.Data, c.HTTP.Addr, c.Redaction.Enabled)
	}
	specs, _ := c.SourceSpecs()
	if len(specs) != 2 || specs[0].Folder == nil || specs[0].Folder.Path != filepath.Join("data", "inbox") || specs[1].Webhook == nil {
		t.Errorf("default sources: %+v", specs)
	}
	// Every key line has a comment on it or above it in its paragraph
	// (a comment may document a few sibling keys, like the score columns).
	sc := bufio.NewScanner(bytes.NewReader(configs.Daemon()))
	commented := false
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#"):
			commented = true
			continue
		case line == "":
			commented = false
			continue
		}
		key, _, isKey := strings.Cut(strings.TrimPrefix(line, "- "), ":")
		if isKey && !strings.ContainsAny(key, " {[\"'") && !commented && !strings.Contains(line, "#") {
			t.Errorf("%s line %d: key %q has no comment", configs.DaemonName, n, key)
		}
	}
}

// TestConfigExports checks that a scheduled export's keys reach the
// export request and that a relative folder is inside the data dir.
func TestConfigExports(t *testing.T) {
	c, err := LoadConfig("testdata/conf.good-exports.yml")
	if err != nil {
		t.Fatal(err)
	}
	c.Data = "/var/lib/feedbackd"
	xs, err := c.ExportSchedules()
	if err != nil {
		t.Fatal(err)
	}
	if len(xs) != 2 {
		t.Fatalf("%d exports, want 2", len(xs))
	}
	n := xs[0]
	q := n.Request.Query
	if n.Name != "nightly" || !n.Incremental || n.Request.Format != "parquet" || n.Request.Shape != "long" ||
		n.Folder != "/var/lib/feedbackd/exports" ||
		strings.Join(q.Touchpoints, ",") != "billing,delivery" || strings.Join(q.Sentiments, ",") != "negative" ||
		strings.Join(q.Meta["region"], ",") != "EU" || q.NPS.Max == nil || *q.NPS.Max != 6 ||
		!n.Request.Since.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("nightly: %+v", n)
	}
	if w := xs[1]; w.Folder != "/srv/bi" || w.Incremental || w.Request.Format != "csv" || w.Request.Shape != "wide" {
		t.Errorf("weekly-all: %+v", w)
	}
}
