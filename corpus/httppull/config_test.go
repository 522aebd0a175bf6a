package httppull

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/fieldmap"
)

// TestConfigFiles loads each testdata/conf.*.yml file and checks the
// errors it gives, each naming its field.
func TestConfigFiles(t *testing.T) {
	cases := []struct {
		file string
		errs []string // each must appear in the error; none means valid
	}{
		{"conf.good.yml", nil},
		{"conf.page-token.yml", nil},
		{"conf.tz-only.yml", []string{`schedule: "CRON_TZ=UTC" has a time zone but no schedule after it`}},
		{"conf.unknown-key.yml", []string{"line 4: field overlapp not found in type httppull.Cursor"}},
		{"conf.page-token-no-next.yml", []string{
			"cursor.param: is required with kind page_token",
			"cursor.next: is required with kind page_token",
		}},
		{"conf.many-errors.yml", []string{
			"name: is required",
			`url: "ftp://example.com/feed": want an absolute http:// or https:// URL`,
			`schedule: "61 * * * *": end of range (61) above maximum (59)`,
			`method: "POST": only GET is supported`,
			"headers.Authorization: set exactly one of env (an environment variable) or value",
			"headers.X-Both: set exactly one of env (an environment variable) or value",
			"headers.X-Literal.prefix: only applies with env",
			"cursor.param: is required with kind timestamp",
			`cursor.format: unknown format "iso"; want rfc3339, unix or unix_ms`,
			"cursor.overlap: -1m0s: must not be negative",
			`cursor.start: "yesterday": want an RFC 3339 timestamp`,
			"fields.created_at: is required with cursor kind timestamp",
			"page_limit: 0: must be at least 1",
			"timeout: 0s: must be positive",
			"retry.attempts: 0: must be at least 1",
			"retry.max: 1s: must be at least retry.base (2s)",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			_, err = ParseConfig(b)
			if len(tc.errs) == 0 {
				if err != nil {
					t.Fatalf("ParseConfig: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ParseConfig succeeded, want %q", tc.errs)
			}
			for _, want := range tc.errs {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q\nlacks %q", err, want)
				}
			}
			if got, want := strings.Count(err.Error(), "\n")+1, len(tc.errs); want > 1 && got != want {
				t.Errorf("%d errors, want %d:\n%v", got, want, err)
			}
		})
	}
}

// TestConfigGood checks that every key of conf.good.yml lands in Config.
func TestConfigGood(t *testing.T) {
	b, err := os.ReadFile("testdata/conf.good.yml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "helpdesk" || c.RunAtStart || c.Headers["Authorization"] != (Header{Env: "FEEDBACK_API_TOKEN", Prefix: "Bearer "}) ||
		c.Query["per_page"] != "100" || c.Items != "data.results" || c.Audience != corpus.Customer || c.PageLimit != 50 ||
		c.Timeout != 10*time.Second || c.Retry != (Retry{4, 500 * time.Millisecond, 20 * time.Second, 2 * time.Minute}) ||
		c.MaxResponseBytes != 8<<20 || c.MaxTextBytes != 65536 {
		t.Errorf("config = %+v", c)
	}
	if c.Cursor != (Cursor{Kind: CursorTimestamp, Param: "updated_since", Format: "unix", Overlap: 10 * time.Minute, Start: "2026-01-01T00:00:00Z"}) {
		t.Errorf("cursor = %+v", c.Cursor)
	}
	if f := c.Fields; len(f.Text) != 1 || f.Text[0] != (fieldmap.TextField{Path: "comment.body", Name: "comment"}) || f.Scores.CSAT != "rating" ||
		f.Scores.NPS != "" || len(f.Meta) != 2 || f.Audience != "" {
		t.Errorf("fields = %+v (a fields section replaces the default mapping)", f)
	}
	m, err := ParseConfig([]byte("name: x\nurl: http://h/\nschedule: '@daily'\n"))
	if err != nil || !m.RunAtStart || m.Cursor.Kind != CursorNone || m.Retry.Attempts != DefaultAttempts || m.Fields.ID != "id" {
		t.Errorf("defaults not applied: %+v, %v", m, err)
	}
}
