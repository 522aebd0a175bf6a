package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/digest"
	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/export"
	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/corpus/redact"
)

// Config is the daemon's configuration: configs/feedbackd.yaml documents
// every key. LoadConfig reads it over DefaultConfig; flags come last.
type Config struct {
	Data      string          `yaml:"data"`
	HTTP      HTTPConfig      `yaml:"http"`
	Timezone  string          `yaml:"timezone"`
	Log       LogConfig       `yaml:"log"`
	Engine    EngineConfig    `yaml:"engine"`
	Redaction RedactionConfig `yaml:"redaction"`
	Ingest    IngestConfig    `yaml:"ingest"`
	Index     IndexConfig     `yaml:"index"`
	Auth      AuthConfig      `yaml:"auth"`
	API       api.Config      `yaml:"api"`
	Analytics AnalyticsConfig `yaml:"analytics"`
	// Sources are decoded kind by kind into the owning package's config
	// by Config.Sources.
	Sources []SourceConfig `yaml:"sources"`
	// Exports are written to folders on cron schedules while serve runs.
	Exports []export.ScheduleConfig `yaml:"exports"`
	// Digests are summaries sent on cron schedules while serve runs
	// (docs/digests.md).
	Digests []digest.Config `yaml:"digests"`
}

// HTTPConfig configures the HTTP server.
type HTTPConfig struct {
	Addr            string        `yaml:"addr"`
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
}

// LogConfig configures zerolog.
type LogConfig struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // auto, json, console
}

// EngineConfig names taxonomy and lexicon files; empty means embedded.
type EngineConfig struct {
	Taxonomy string `yaml:"taxonomy"`
	Lexicon  string `yaml:"lexicon"`
}

// RedactionConfig turns PII redaction on or off and adds custom rules.
type RedactionConfig struct {
	Enabled       bool `yaml:"enabled"`
	redact.Config `yaml:",inline"`
}

// IngestConfig tunes the ingest pipeline.
type IngestConfig struct {
	Workers      int `yaml:"workers"`
	BatchSize    int `yaml:"batch_size"`
	MaxTextBytes int `yaml:"max_text_bytes"`
}

// IndexConfig tunes the indexer and the data dir's locks.
type IndexConfig struct {
	BatchSize   int           `yaml:"batch_size"`
	MaxDelay    time.Duration `yaml:"max_delay"`
	LockTimeout time.Duration `yaml:"lock_timeout"`
}

// AuthConfig lists the API tokens.
type AuthConfig struct {
	Tokens []TokenConfig `yaml:"tokens"`
}

// TokenConfig is one API token: the token itself lives in the environment
// variable TokenEnv, never in the file.
type TokenConfig struct {
	Name     string `yaml:"name"`
	TokenEnv string `yaml:"token_env"`
	Role     Role   `yaml:"role"`
}

// DefaultConfig returns the embedded configs/feedbackd.yaml decoded, which
// is what every key defaults to.
func DefaultConfig() Config {
	var c Config
	if err := decodeConfig(configs.Daemon(), &c); err != nil {
		// The embedded file is tested; this is a build defect.
		panic(fmt.Sprintf("embedded %s: %v", configs.DaemonName, err))
	}
	return c
}

// LoadConfig returns DefaultConfig with the file at path decoded over it
// strictly (unknown keys are errors). An empty path returns the defaults.
// It does not validate: apply flags first, then call Validate.
func LoadConfig(path string) (Config, error) {
	c := DefaultConfig()
	if path == "" {
		return c, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("read config: %w", err)
	}
	if err := decodeConfig(data, &c); err != nil {
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// decodeConfig decodes YAML strictly over c. An empty document changes
// nothing.
func decodeConfig(data []byte, c *Config) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return nil
}

// Location returns the configured time zone.
func (c *Config) Location() (*time.Location, error) {
	if c.Timezone == "" {
		return time.UTC, nil
	}
	return time.LoadLocation(c.Timezone)
}

// RawPath is the raw store's file; IndexDir the index's directory.
func (c *Config) RawPath() string  { return filepath.Join(c.Data, "raw.db") }
func (c *Config) IndexDir() string { return filepath.Join(c.Data, "index") }

// ExportSchedules returns the validated exports: section, each folder
// resolved (a relative one is inside the data dir).
func (c *Config) ExportSchedules() ([]*export.Scheduled, error) {
	xs, err := export.ParseSchedules(c.Exports)
	if err != nil {
		return nil, err
	}
	for _, x := range xs {
		if !filepath.IsAbs(x.Folder) {
			x.Folder = filepath.Join(c.Data, x.Folder)
		}
	}
	return xs, nil
}

// DigestSpecs returns the validated digests: section: relative file
// folders are inside the data dir, schedules without CRON_TZ run in the
// configured timezone, and links start with http://<http.addr> unless a
// digest sets base_url.
func (c *Config) DigestSpecs() ([]*digest.Spec, error) {
	loc, err := c.Location()
	if err != nil {
		loc = time.UTC // Validate reports it
	}
	return digest.Parse(c.Digests, digest.Defaults{Location: loc, DataDir: c.Data, BaseURL: "http://" + c.HTTP.Addr})
}

// Validate checks the whole configuration, sources included, and returns
// every problem found, each naming its field, joined with errors.Join.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(c.Data) == "" {
		bad("data", "is required")
	}
	if c.HTTP.Addr == "" {
		bad("http.addr", "is required")
	} else if !strings.Contains(c.HTTP.Addr, ":") {
		bad("http.addr", "%q: want host:port, e.g. 127.0.0.1:8080", c.HTTP.Addr)
	}
	if c.HTTP.ShutdownTimeout < 0 {
		bad("http.shutdown_timeout", "%v: must not be negative", c.HTTP.ShutdownTimeout)
	}
	if _, err := c.Location(); err != nil {
		bad("timezone", "%q: unknown time zone", c.Timezone)
	}
	if _, err := parseLevel(c.Log.Level); err != nil {
		bad("log.level", "%v", err)
	}
	switch c.Log.Format {
	case "auto", "json", "console":
	default:
		bad("log.format", "%q: want auto, json or console", c.Log.Format)
	}
	for field, path := range map[string]string{"engine.taxonomy": c.Engine.Taxonomy, "engine.lexicon": c.Engine.Lexicon} {
		if path == "" {
			continue
		}
		if _, err := os.Stat(path); err != nil {
			bad(field, "%v", err)
		}
	}
	if _, err := redact.New(c.Redaction.Config); err != nil {
		bad("redaction", "%v", err)
	}
	if c.Ingest.Workers < 0 {
		bad("ingest.workers", "%d: must not be negative (0 means one per core)", c.Ingest.Workers)
	}
	if c.Ingest.BatchSize < 1 {
		bad("ingest.batch_size", "%d: must be at least 1", c.Ingest.BatchSize)
	}
	if c.Ingest.MaxTextBytes < 1 {
		bad("ingest.max_text_bytes", "%d: must be positive", c.Ingest.MaxTextBytes)
	}
	if c.Index.BatchSize < 1 {
		bad("index.batch_size", "%d: must be at least 1", c.Index.BatchSize)
	}
	if c.Index.MaxDelay <= 0 {
		bad("index.max_delay", "%v: must be positive", c.Index.MaxDelay)
	}
	if c.Index.LockTimeout <= 0 {
		bad("index.lock_timeout", "%v: must be positive", c.Index.LockTimeout)
	}
	errs = append(errs, c.Auth.validate()...)
	if err := c.API.Validate("api"); err != nil {
		errs = append(errs, err)
	}
	if err := c.Analytics.Validate("analytics"); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.SourceSpecs(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.ExportSchedules(); err != nil {
		errs = append(errs, err)
	}
	if _, err := c.DigestSpecs(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// validate checks the token list; the tokens themselves are read at start.
func (a *AuthConfig) validate() []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	names := map[string]int{}
	for i, t := range a.Tokens {
		field := fmt.Sprintf("auth.tokens[%d]", i)
		if strings.TrimSpace(t.Name) == "" {
			bad(field+".name", "is required")
		} else if j, dup := names[t.Name]; dup {
			bad(field+".name", "%q is already used by auth.tokens[%d]", t.Name, j)
		} else {
			names[t.Name] = i
		}
		if !validEnvName(t.TokenEnv) {
			bad(field+".token_env", "%q is not an environment variable name", t.TokenEnv)
		}
		if _, err := parseRole(string(t.Role)); err != nil {
			bad(field+".role", "%v", err)
		}
	}
	return errs
}

// validEnvName reports whether s is a portable environment variable name.
func validEnvName(s string) bool {
	if s == "" || (s[0] >= '0' && s[0] <= '9') {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
