package folder

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

// TestConfigFiles loads each testdata/conf.*.yml file and checks the
// error it gives, naming the field.
func TestConfigFiles(t *testing.T) {
	cases := []struct {
		file string
		errs []string // each must appear in the error; none means valid
	}{
		{"conf.good.yml", nil},
		{"conf.minimal.yml", nil},
		{"conf.no-text.yml", []string{"columns.text: at least one text column is required"}},
		{"conf.bad-layout.yml", []string{`columns.created_at.format: layout "15:04" has no full date (year, month and day)`}},
		{"conf.bad-timezone.yml", []string{`columns.created_at.timezone: unknown timezone "Mars/Olympus_Mons"`}},
		{"conf.unknown-key.yml", []string{"decode: yaml: unmarshal errors:\n  line 3: field colums not found in type folder.Config"}},
		{"conf.typo-in-column.yml", []string{"line 7: field fromat not found in type folder.timeColumn"}},
		{"conf.record-limit.yml", []string{"max_record_bytes: 1024: must be at least max_text_bytes (2048)"}},
		{"conf.format-without-column.yml", []string{"columns.created_at.column: is required when format or timezone is set"}},
		{"conf.many-errors.yml", []string{
			"name: is required",
			"path: is required",
			`audience: audience "partner": want customer or employee`,
			`formats[1]: unknown format "xlsx"; want one of csv, tsv, json, ndjson`,
			`delimiter: "::": want a single ASCII character other than a quote or newline`,
			"batch_size: 0: must be at least 1",
			"poll_interval: 0s: must be positive",
			"stable_for: -1s: must not be negative",
			`columns.text[1]: field name "comment" is already used by text[0]; set name to tell them apart`,
			"columns.text[2].column: is required",
			`columns.meta.secret: meta names starting with "_" are reserved`,
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
	if c.Name != "exports" || c.Audience != corpus.Customer || c.Delimiter != ";" || c.BatchSize != 500 ||
		c.PollInterval != 5*time.Second || c.StableFor != 10*time.Second || c.MaxTextBytes != 65536 || c.MaxRecordBytes != 262144 ||
		len(c.Formats) != 3 {
		t.Errorf("config = %+v", c)
	}
	cols := c.Columns
	if len(cols.Text) != 3 || cols.Text[0].FieldName() != "comment" || cols.Text[1] != (TextColumn{"pros", "positive"}) ||
		cols.ID != "response_id" || cols.CreatedAt != (TimeColumn{"submitted", "2006-01-02 15:04", "Europe/Paris"}) ||
		cols.Audience != "respondent_type" || cols.Scores != (ScoreColumns{"nps", "csat", "effort"}) || cols.Meta["survey.question"] != "question" {
		t.Errorf("columns = %+v", cols)
	}
	m, err := ParseConfig([]byte("name: x\npath: y\ncolumns: {text: c}\n"))
	if err != nil || m.BatchSize != DefaultBatchSize || m.StableFor != DefaultStableFor || m.MaxTextBytes != DefaultMaxTextBytes {
		t.Errorf("defaults not applied: %+v, %v", m, err)
	}
}
