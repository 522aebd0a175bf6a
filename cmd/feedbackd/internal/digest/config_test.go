package digest

import (
	"bytes"
	"errors"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// load decodes a testdata file strictly, as the daemon's config does,
// and parses its digests.
func load(t *testing.T, name string) ([]*Spec, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Digests []Config `yaml:"digests"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return Parse(c.Digests, Defaults{DataDir: "/var/lib/feedbackd", BaseURL: "http://127.0.0.1:8080"})
}

// TestConfigFiles checks the whole error text of every testdata/conf.*.yml.
func TestConfigFiles(t *testing.T) {
	tests := map[string]string{
		"conf.good.yml": "",
		"conf.bad-values.yml": `digests[0].name: "weekly pain": use letters, digits, '.', '_' and '-' only
digests[0].schedule: "0 25 * * 1": end of range (25) above maximum (23): 25
digests[0].period: "7x": want a number and d, w or m, e.g. 7d, 1w, 1m
digests[0].scope: saved_search and filters (q, audience, touchpoints, sources, segment) exclude each other; add the filters to the saved search
digests[0].top: 50: want 1 to 20
digests[0].min_comments: -1: must not be negative
digests[0].on_little_data: "shout": want note or skip
digests[0].base_url: "ftp://example.com": want an http or https URL such as https://feedback.example.com
digests[0].retry: attempts: 99: want 1 to 20
digests[0].channels: at least one channel (file, email or webhook) is required
digests[1].timezone: "Mars/Olympus": unknown time zone
digests[1].schedule: "CRON_TZ=UTC" has a time zone but no schedule after it; want e.g. "CRON_TZ=Europe/Paris 0 6 * * *"
digests[1].channels[0].kind: want exactly one of file, email or webhook
digests[1].channels[1].kind: want exactly one of file, email or webhook
digests[2].name: "weekly" is already used by digests[1]
digests[2].schedule: is required (a cron spec such as "*/15 * * * *" or "@hourly")
digests[2].channels[0].email.host: is required
digests[2].channels[0].email.tls: "ssl": want starttls, tls or none
digests[2].channels[0].email.from: "nobody": mail: missing '@' or angle-addr
digests[2].channels[0].email.to[0]: "not an address": mail: no angle-addr
digests[2].channels[0].email.password_env: username_env and password_env go together
digests[2].channels[0].email.username_env: "SMTP USER" is not an environment variable name
digests[2].channels[1].email.tls: none would send the password in clear to mail.example.com; use starttls or tls
digests[2].channels[1].name: "email" is already used by channels[0]; give each channel of a kind its own name
digests[2].channels[2].webhook.url: want url or url_env (one of them)
digests[2].channels[2].webhook.format: "teams": want json or slack
digests[2].channels[2].webhook.header: needs header_env, the variable holding its value
digests[2].channels[3].webhook.url: want an http or https URL
digests[2].channels[3].name: "webhook" is already used by channels[2]; give each channel of a kind its own name`,
		"conf.bad-unknown-key.yml": `yaml: unmarshal errors:
  line 7: field password not found in type digest.EmailConfig`,
		"conf.bad-scope.yml": `digests[0].scope: segment: "region=" is not a metadata field name
digests[0].channels[1].name: "file" is already used by channels[0]; give each channel of a kind its own name`,
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
			_, err := load(t, name)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != want {
				t.Errorf("got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestConfigDefaults checks what a minimal digest and the good file
// turn into.
func TestConfigDefaults(t *testing.T) {
	specs, err := load(t, "conf.good.yml")
	if err != nil {
		t.Fatal(err)
	}
	w, m := specs[0], specs[1]
	if w.Location != time.UTC || w.Length.String() != "7d" || w.Top != 5 || w.MinComments != 30 || w.BaseURL != "http://127.0.0.1:8080" {
		t.Errorf("weekly: %+v", w)
	}
	wantScope := url.Values{"audience": {"customer"}, "touchpoint": {"billing", "delivery"}, "meta.region": {"EU", "UK"}, "meta.channel": {"phone"}}
	if w.Scope.Params.Encode() != wantScope.Encode() {
		t.Errorf("scope %v, want %v", w.Scope.Params, wantScope)
	}
	if got := w.Scope.Describe(); got != "Customer comments on billing, delivery with channel phone, region EU or UK" {
		t.Errorf("describe: %q", got)
	}
	f, e, s := w.Channels[0], w.Channels[1], w.Channels[2]
	if f.Name != "file" || f.File.Folder != "/var/lib/feedbackd/digests" {
		t.Errorf("file channel %+v", f.File)
	}
	if e.Name != "email" || e.Email.Port != 587 || e.Email.TLS != "starttls" || e.Email.Timeout != 30*time.Second {
		t.Errorf("email channel %+v", e.Email)
	}
	if s.Name != "slack" || s.Webhook.Header != "Authorization" || s.Webhook.Timeout != 10*time.Second {
		t.Errorf("webhook channel %+v", s.Webhook)
	}
	if w.Retry != (RetryConfig{Attempts: 4, Initial: 30 * time.Second, Max: 10 * time.Minute}) {
		t.Errorf("retry %+v", w.Retry)
	}
	if m.Location.String() != "Europe/Paris" || m.Length.String() != "1m" || m.MinComments != DefaultMinComments ||
		m.OnLittleData != "skip" || m.BaseURL != "https://feedback.example.com" || m.Scope.SavedSearch != "Employee pulse" {
		t.Errorf("monthly: %+v", m)
	}
	// The schedule runs in its CRON_TZ: 09:00 in Paris is 08:00 UTC in winter.
	if next := m.Cron.Next(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)); !next.Equal(time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("next monthly run %v", next)
	}
}

// TestPeriodAt checks periods are whole days in the digest's zone, the
// comparison period just before.
func TestPeriodAt(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		length string
		at     time.Time
		loc    *time.Location
		key    string
		prev   string
		label  string
	}{
		{"7d", time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC), time.UTC, "2026-11-16_2026-11-23", "2026-11-09", "16–22 Nov 2026"},
		{"1w", time.Date(2026, 11, 23, 23, 59, 0, 0, time.UTC), time.UTC, "2026-11-16_2026-11-23", "2026-11-09", "16–22 Nov 2026"},
		// 23:30 UTC on the 22nd is already the 23rd in Paris.
		{"7d", time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC), paris, "2026-11-16_2026-11-23", "2026-11-09", "16–22 Nov 2026"},
		{"1m", time.Date(2026, 12, 1, 9, 0, 0, 0, paris), paris, "2026-11-01_2026-12-01", "2026-10-01", "1–30 Nov 2026"},
		{"1d", time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC), time.UTC, "2026-11-22_2026-11-23", "2026-11-21", "22 Nov 2026"},
		{"2w", time.Date(2027, 1, 4, 8, 0, 0, 0, time.UTC), time.UTC, "2026-12-21_2027-01-04", "2026-12-07", "21 Dec 2026 – 3 Jan 2027"},
		// Spring forward: the week still starts and ends at midnight.
		{"7d", time.Date(2026, 3, 30, 8, 0, 0, 0, paris), paris, "2026-03-23_2026-03-30", "2026-03-16", "23–29 Mar 2026"},
	} {
		l, err := ParseLength(tc.length)
		if err != nil {
			t.Fatal(err)
		}
		p := PeriodAt(l, tc.at, tc.loc)
		if p.Key() != tc.key || p.PrevStart.Format(time.DateOnly) != tc.prev || p.Label() != tc.label || p.Start.Hour() != 0 {
			t.Errorf("%s at %v: %s prev %s %q", tc.length, tc.at, p.Key(), p.PrevStart, p.Label())
		}
	}
}
