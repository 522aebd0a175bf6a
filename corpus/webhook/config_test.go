package webhook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/corpus"
)

// TestConfigFiles loads each testdata/conf.*.yml file and checks the
// errors it gives, each naming its field.
func TestConfigFiles(t *testing.T) {
	cases := []struct {
		file string
		errs []string // each must appear in the error; none means valid
	}{
		{"conf.good.yml", nil},
		{"conf.minimal.yml", nil},
		{"conf.unknown-key.yml", []string{"decode: yaml: unmarshal errors:\n  line 2: field max_body not found in type webhook.Config"}},
		{"conf.bad-layout.yml", []string{`fields.created_at.format: layout "15:04" has no full date (year, month and day)`}},
		{"conf.many-errors.yml", []string{
			"name: is required",
			`path: "api/comments": must start with /`,
			`audience: audience "partner": want customer or employee`,
			`token_env[0]: "" is not an environment variable name`,
			`token_env[1]: "A=B" is not an environment variable name`,
			"max_body_bytes: 0: must be positive",
			"batch_size: 0: must be at least 1",
			"max_text_bytes: -1: must be positive",
			`fields.text[1]: field name "comment" is already used by text[0]; set name to tell them apart`,
			"fields.text[2].path: is required",
			"fields.created_at.path: is required when format or timezone is set",
			`fields.created_at.timezone: unknown timezone "Mars/Olympus_Mons"`,
			`fields.meta.secret: meta names starting with "_" are reserved`,
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

// TestConfigGood checks that every key of conf.good.yml lands in Config
// and that a fields section replaces the default mapping.
func TestConfigGood(t *testing.T) {
	b, err := os.ReadFile("testdata/conf.good.yml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseConfig(b)
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "widget" || c.Audience != corpus.Customer || len(c.TokenEnv) != 2 || c.MaxBodyBytes != 1<<20 || c.BatchSize != 500 || c.MaxTextBytes != 65536 {
		t.Errorf("config = %+v", c)
	}
	f := c.Fields
	if len(f.Text) != 2 || f.Text[0].FieldName() != "comment" || f.Text[1] != (TextField{Path: "answers.pros", Name: "pros"}) || f.ID != "uuid" ||
		f.CreatedAt != (TimeField{Path: "submitted", Format: "2006-01-02 15:04", Timezone: "Europe/Paris"}) || f.Audience != "respondent.type" ||
		f.Scores != (ScoreFields{NPS: "nps", CSAT: "survey.csat", CES: "effort"}) || len(f.Meta) != 2 || f.Meta["context"] != "ctx" {
		t.Errorf("fields = %+v", f)
	}
	m, err := ParseConfig([]byte("name: x\n"))
	if err != nil || m.MaxBodyBytes != DefaultMaxBodyBytes || m.Path != DefaultPath || m.Fields.ID != "id" || m.Fields.Scores.NPS != "scores.nps" {
		t.Errorf("defaults not applied: %+v, %v", m, err)
	}
}
