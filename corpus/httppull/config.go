package httppull

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/fieldmap"
)

// Defaults applied by DefaultConfig.
const (
	DefaultPageLimit        = 100
	DefaultTimeout          = 30 * time.Second
	DefaultAttempts         = 5
	DefaultRetryBase        = time.Second
	DefaultRetryMax         = 30 * time.Second
	DefaultMaxRetryAfter    = 5 * time.Minute
	DefaultMaxResponseBytes = 32 << 20
	DefaultMaxTextBytes     = 1 << 20
	DefaultOverlap          = 5 * time.Minute
)

// Cursor kinds.
const (
	CursorNone      = "none"       // fetch the same page every run; dedupe keeps it exact
	CursorTimestamp = "timestamp"  // a query param set to the newest created_at seen, minus an overlap
	CursorPageToken = "page_token" // a query param set to the response's next-page token
)

// Config is one http pull source's section of the YAML configuration.
type Config struct {
	// Name identifies the source in comments, checkpoints and logs.
	Name string `yaml:"name"`
	// URL is the API endpoint; query parameters in it are kept.
	URL string `yaml:"url"`
	// Schedule is a robfig/cron v3 spec: five fields (minute first), six
	// with a leading seconds field, a descriptor ("@hourly", "@every
	// 15m"), optionally prefixed by "CRON_TZ=Zone ". Without a zone the
	// schedule runs in UTC.
	Schedule string `yaml:"schedule"`
	// RunAtStart runs once when the source opens, catching up on runs
	// missed while the daemon was down.
	RunAtStart bool `yaml:"run_at_start"`
	// Method is the HTTP method; only GET is supported.
	Method string `yaml:"method"`
	// Headers are request headers whose values come from environment
	// variables ({env: NAME, prefix: "Bearer "}) or, for values that are
	// not secret, from the config ({value: application/json}).
	Headers map[string]Header `yaml:"headers"`
	// Query holds fixed query parameters.
	Query map[string]string `yaml:"query"`
	// Cursor says how each run resumes where the last one ended.
	Cursor Cursor `yaml:"cursor"`
	// Items is the dot-separated path of the items array in a response
	// ("data.results"); empty when the response is the array itself.
	Items string `yaml:"items"`
	// Audience is the audience of every comment unless fields.audience
	// gives it per item.
	Audience corpus.Audience `yaml:"audience"`
	// Fields maps item fields to the comment model; see fieldmap.Fields.
	Fields fieldmap.Fields `yaml:"fields"`
	// PageLimit bounds the pages fetched in one run; the next run goes on.
	PageLimit int `yaml:"page_limit"`
	// Timeout bounds each request attempt.
	Timeout time.Duration `yaml:"timeout"`
	// Retry says how failed requests are retried.
	Retry Retry `yaml:"retry"`
	// MaxResponseBytes bounds a response body.
	MaxResponseBytes int64 `yaml:"max_response_bytes"`
	// MaxTextBytes bounds each text field; longer items are rejected.
	MaxTextBytes int `yaml:"max_text_bytes"`
}

// Header is a request header value: from an environment variable (with an
// optional prefix) or a literal value. Values are never logged.
type Header struct {
	Env    string `yaml:"env"`
	Prefix string `yaml:"prefix"`
	Value  string `yaml:"value"`
}

// Cursor configures incremental fetching.
type Cursor struct {
	// Kind is none, timestamp or page_token.
	Kind string `yaml:"kind"`
	// Param is the query parameter that carries the cursor.
	Param string `yaml:"param"`
	// Next is the response field path of the next-page token (page_token).
	Next string `yaml:"next"`
	// Format is how a timestamp is written into Param: rfc3339 (default),
	// unix or unix_ms.
	Format string `yaml:"format"`
	// Overlap is subtracted from the newest created_at seen, so items
	// that arrive late with an older timestamp are still fetched;
	// duplicates from the overlap are dropped by the store.
	Overlap time.Duration `yaml:"overlap"`
	// Start is the RFC 3339 timestamp of the first run (timestamp); empty
	// fetches everything the API returns.
	Start string `yaml:"start"`
}

// Retry configures retries of network errors, 5xx and 429 responses with
// exponential backoff and full jitter. Other 4xx responses are not
// retried.
type Retry struct {
	// Attempts is the total number of tries per request.
	Attempts int `yaml:"attempts"`
	// Base is the first backoff ceiling; it doubles per attempt up to Max.
	Base time.Duration `yaml:"base"`
	Max  time.Duration `yaml:"max"`
	// MaxRetryAfter is the longest Retry-After honoured; a server asking
	// for longer ends the run, and the next scheduled run tries again.
	MaxRetryAfter time.Duration `yaml:"max_retry_after"`
}

// DefaultConfig returns an http pull configuration with every default
// set; YAML is decoded over it.
func DefaultConfig() Config {
	return Config{
		RunAtStart:       true,
		Method:           http.MethodGet,
		Cursor:           Cursor{Kind: CursorNone, Overlap: DefaultOverlap},
		Fields:           fieldmap.DefaultFields(),
		PageLimit:        DefaultPageLimit,
		Timeout:          DefaultTimeout,
		Retry:            Retry{Attempts: DefaultAttempts, Base: DefaultRetryBase, Max: DefaultRetryMax, MaxRetryAfter: DefaultMaxRetryAfter},
		MaxResponseBytes: DefaultMaxResponseBytes,
		MaxTextBytes:     DefaultMaxTextBytes,
	}
}

// Validate checks the configuration and returns every problem found, each
// naming its field, joined with errors.Join. It does not read the
// environment; New does.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	if strings.TrimSpace(c.Name) == "" {
		bad("name", "is required")
	}
	if u, err := url.Parse(c.URL); c.URL == "" {
		bad("url", "is required")
	} else if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("url", "%q: want an absolute http:// or https:// URL", c.URL)
	}
	if _, err := ParseSchedule(c.Schedule); err != nil {
		bad("schedule", "%v", err)
	}
	if c.Method != http.MethodGet {
		bad("method", "%q: only GET is supported", c.Method)
	}
	for name, h := range c.Headers {
		switch {
		case http.CanonicalHeaderKey(name) == "" || strings.ContainsAny(name, " :\r\n"):
			bad("headers", "%q is not a header name", name)
		case (h.Env == "") == (h.Value == ""):
			bad("headers."+name, "set exactly one of env (an environment variable) or value")
		case h.Value != "" && h.Prefix != "":
			bad("headers."+name+".prefix", "only applies with env")
		}
	}
	errs = append(errs, c.Cursor.validate(c)...)
	if c.PageLimit < 1 {
		bad("page_limit", "%d: must be at least 1", c.PageLimit)
	}
	if c.Timeout <= 0 {
		bad("timeout", "%v: must be positive", c.Timeout)
	}
	if c.Retry.Attempts < 1 {
		bad("retry.attempts", "%d: must be at least 1", c.Retry.Attempts)
	}
	if c.Retry.Base <= 0 {
		bad("retry.base", "%v: must be positive", c.Retry.Base)
	}
	if c.Retry.Max < c.Retry.Base {
		bad("retry.max", "%v: must be at least retry.base (%v)", c.Retry.Max, c.Retry.Base)
	}
	if c.Retry.MaxRetryAfter < 0 {
		bad("retry.max_retry_after", "%v: must not be negative", c.Retry.MaxRetryAfter)
	}
	if c.MaxResponseBytes < 1 {
		bad("max_response_bytes", "%d: must be positive", c.MaxResponseBytes)
	}
	if c.MaxTextBytes < 1 {
		bad("max_text_bytes", "%d: must be positive", c.MaxTextBytes)
	}
	if _, err := corpus.ParseAudience(string(c.Audience)); err != nil {
		bad("audience", "%v", err)
	}
	errs = append(errs, c.Fields.Validate("fields")...)
	return errors.Join(errs...)
}

// validate checks the cursor section.
func (k *Cursor) validate(c *Config) []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("cursor.%s: %s", field, fmt.Sprintf(format, args...)))
	}
	kinds := []string{CursorNone, CursorTimestamp, CursorPageToken}
	if !slices.Contains(kinds, k.Kind) {
		bad("kind", "unknown kind %q; want one of %s", k.Kind, strings.Join(kinds, ", "))
		return errs
	}
	if k.Kind != CursorNone && strings.TrimSpace(k.Param) == "" {
		bad("param", "is required with kind %s (the query parameter that carries the cursor)", k.Kind)
	}
	switch k.Kind {
	case CursorTimestamp:
		if !slices.Contains([]string{"", fieldmap.TimeRFC3339, fieldmap.TimeUnix, fieldmap.TimeUnixMS}, k.Format) {
			bad("format", "unknown format %q; want rfc3339, unix or unix_ms", k.Format)
		}
		if k.Overlap < 0 {
			bad("overlap", "%v: must not be negative", k.Overlap)
		}
		if _, err := time.Parse(time.RFC3339Nano, k.Start); k.Start != "" && err != nil {
			bad("start", "%q: want an RFC 3339 timestamp like 2026-01-01T00:00:00Z", k.Start)
		}
		if c.Fields.CreatedAt.Path == "" {
			errs = append(errs, fmt.Errorf("fields.created_at: is required with cursor kind timestamp"))
		}
	case CursorPageToken:
		if strings.TrimSpace(k.Next) == "" {
			bad("next", "is required with kind page_token (the response field holding the next page's token)")
		}
	}
	return errs
}

// ParseConfig decodes one http pull source's YAML section strictly
// (unknown keys are errors) over DefaultConfig and validates it. A fields
// section replaces the default mapping as a whole.
func ParseConfig(data []byte) (Config, error) {
	cfg := DefaultConfig()
	var probe struct {
		Fields yaml.Node `yaml:"fields"`
	}
	if err := yaml.Unmarshal(data, &probe); err == nil && probe.Fields.Kind != 0 {
		cfg.Fields = fieldmap.Fields{}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return cfg, fmt.Errorf("decode: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return cfg, err
	}
	return cfg, nil
}
