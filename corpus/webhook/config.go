package webhook

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/feedbackd/feedbackd/corpus"
)

// Defaults applied by DefaultConfig.
const (
	DefaultPath         = "/api/v1/comments"
	DefaultMaxBodyBytes = 10 << 20
	DefaultBatchSize    = 1000
	DefaultMaxTextBytes = 1 << 20
)

// Config is the webhook source's section of the YAML configuration.
type Config struct {
	// Name identifies the source in comments, quarantine entries and logs.
	Name string `yaml:"name"`
	// Path is where the cmd layer mounts the handler; POST only.
	Path string `yaml:"path"`
	// Audience is the audience of every comment unless fields.audience
	// gives it per item.
	Audience corpus.Audience `yaml:"audience"`
	// TokenEnv names environment variables holding accepted bearer tokens
	// (see EnvTokens); the cmd layer may plug in its own token model
	// instead.
	TokenEnv []string `yaml:"token_env"`
	// MaxBodyBytes bounds a request body; larger requests get 413.
	MaxBodyBytes int64 `yaml:"max_body_bytes"`
	// BatchSize is how many items are committed together; a request with
	// more is committed in several batches before the reply.
	BatchSize int `yaml:"batch_size"`
	// MaxTextBytes bounds each text field; longer items are rejected.
	MaxTextBytes int `yaml:"max_text_bytes"`
	// Fields maps item fields to the comment model.
	Fields Fields `yaml:"fields"`
}

// DefaultConfig returns a webhook configuration with every default set;
// YAML is decoded over it.
func DefaultConfig() Config {
	return Config{
		Name:         "webhook",
		Path:         DefaultPath,
		MaxBodyBytes: DefaultMaxBodyBytes,
		BatchSize:    DefaultBatchSize,
		MaxTextBytes: DefaultMaxTextBytes,
		Fields:       DefaultFields(),
	}
}

// Validate checks the configuration and returns every problem found, each
// naming its field, joined with errors.Join.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(c.Name) == "" {
		bad("name", "is required")
	}
	if !strings.HasPrefix(c.Path, "/") {
		bad("path", "%q: must start with /", c.Path)
	}
	if _, err := corpus.ParseAudience(string(c.Audience)); err != nil {
		bad("audience", "%v", err)
	}
	for i, e := range c.TokenEnv {
		if strings.TrimSpace(e) == "" || strings.ContainsAny(e, "= ") {
			bad(fmt.Sprintf("token_env[%d]", i), "%q is not an environment variable name", e)
		}
	}
	if c.MaxBodyBytes < 1 {
		bad("max_body_bytes", "%d: must be positive", c.MaxBodyBytes)
	}
	if c.BatchSize < 1 {
		bad("batch_size", "%d: must be at least 1", c.BatchSize)
	}
	if c.MaxTextBytes < 1 {
		bad("max_text_bytes", "%d: must be positive", c.MaxTextBytes)
	}
	errs = append(errs, c.Fields.Validate("fields")...)
	return errors.Join(errs...)
}

// ParseConfig decodes the webhook's YAML section strictly (unknown keys
// are errors) over DefaultConfig and validates it. A fields section
// replaces the default mapping as a whole.
func ParseConfig(data []byte) (Config, error) {
	cfg := DefaultConfig()
	if err := decodeStrict(data, &cfg); err != nil {
		return cfg, err
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// decodeStrict decodes YAML over cfg, replacing the default fields mapping
// when the YAML has its own.
func decodeStrict(data []byte, cfg *Config) error {
	var probe struct {
		Fields yaml.Node `yaml:"fields"`
	}
	if err := yaml.Unmarshal(data, &probe); err == nil && probe.Fields.Kind != 0 {
		cfg.Fields = Fields{}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}
