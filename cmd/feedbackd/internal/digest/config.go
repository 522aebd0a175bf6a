package digest

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"

	"github.com/feedbackd/feedbackd/corpus/httppull"
)

// Config is one item of digests: in the daemon configuration
// (configs/feedbackd.yaml and docs/digests.md document every key).
type Config struct {
	Name  string `yaml:"name"`
	Title string `yaml:"title"`
	// Schedule is a robfig/cron v3 spec; without a CRON_TZ= prefix it
	// runs in Timezone.
	Schedule string `yaml:"schedule"`
	// Timezone is the IANA zone of the schedule and of the period's days;
	// "" is the CRON_TZ of the schedule, else the daemon's timezone.
	Timezone string `yaml:"timezone"`
	// Period is the length covered ("7d", "1w", "1m"); "" is 7d.
	Period string      `yaml:"period"`
	Scope  ScopeConfig `yaml:"scope"`
	// Top is how many pain points (and improvements) to list; 0 is 5.
	Top int `yaml:"top"`
	// MinComments is the least number of comments in the period for
	// figures to be shown; nil is 20.
	MinComments *int `yaml:"min_comments"`
	// OnLittleData is note (say so briefly) or skip (send nothing).
	OnLittleData string `yaml:"on_little_data"`
	// BaseURL is where people open the web UI; links start with it.
	BaseURL string `yaml:"base_url"`
	// Templates is a folder of template overrides.
	Templates string          `yaml:"templates"`
	Retry     RetryConfig     `yaml:"retry"`
	Channels  []ChannelConfig `yaml:"channels"`
}

// ScopeConfig selects the comments a digest covers: a saved search by
// name, or filters (not both).
type ScopeConfig struct {
	SavedSearch string     `yaml:"saved_search"`
	Q           string     `yaml:"q"`
	Audience    StringList `yaml:"audience"`
	Touchpoints StringList `yaml:"touchpoints"`
	Sources     StringList `yaml:"sources"`
	// Segment keeps comments whose metadata field has one of the values
	// ({region: [EU, UK]}).
	Segment map[string]StringList `yaml:"segment"`
}

// StringList is a YAML list of strings that also accepts one string.
type StringList []string

// UnmarshalYAML implements yaml.Unmarshaler.
func (l *StringList) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*l = StringList{n.Value}
		return nil
	}
	var s []string
	if err := n.Decode(&s); err != nil {
		return err
	}
	*l = s
	return nil
}

// RetryConfig bounds the retries of a failed delivery.
type RetryConfig struct {
	// Attempts per channel and period, the first included; 0 is 4.
	Attempts int `yaml:"attempts"`
	// Initial is the wait before the second attempt (0 is 30s); each
	// wait doubles, up to Max (0 is 10m), with jitter.
	Initial time.Duration `yaml:"initial"`
	Max     time.Duration `yaml:"max"`
}

// ChannelConfig is one place a digest goes: exactly one of File, Email
// and Webhook.
type ChannelConfig struct {
	// Name identifies the channel in the state and history; "" is its
	// kind (file, email, webhook).
	Name    string         `yaml:"name"`
	File    *FileConfig    `yaml:"file"`
	Email   *EmailConfig   `yaml:"email"`
	Webhook *WebhookConfig `yaml:"webhook"`
}

// Kind returns file, email, webhook, or "" when none or several are set.
func (c ChannelConfig) Kind() string {
	var kinds []string
	if c.File != nil {
		kinds = append(kinds, "file")
	}
	if c.Email != nil {
		kinds = append(kinds, "email")
	}
	if c.Webhook != nil {
		kinds = append(kinds, "webhook")
	}
	if len(kinds) != 1 {
		return ""
	}
	return kinds[0]
}

// FileConfig writes the digest as Markdown and HTML into a folder.
type FileConfig struct {
	// Folder; a relative one is inside the data dir. "" is digests.
	Folder string `yaml:"folder"`
}

// EmailConfig sends the digest over SMTP. Credentials are read from the
// environment variables named, never from the file.
type EmailConfig struct {
	Host string `yaml:"host"`
	// Port; 0 is 587 with starttls, 465 with tls, 25 with none.
	Port int `yaml:"port"`
	// TLS is starttls (the default), tls (implicit TLS) or none.
	TLS         string   `yaml:"tls"`
	From        string   `yaml:"from"`
	To          []string `yaml:"to"`
	UsernameEnv string   `yaml:"username_env"`
	PasswordEnv string   `yaml:"password_env"`
	// Timeout bounds one attempt; 0 is 30s.
	Timeout time.Duration `yaml:"timeout"`
}

// WebhookConfig POSTs the digest as JSON.
type WebhookConfig struct {
	// URL, or URLEnv naming the variable that holds it (a Slack webhook
	// URL is itself a secret).
	URL    string `yaml:"url"`
	URLEnv string `yaml:"url_env"`
	// Format is json (the generic body) or slack.
	Format string `yaml:"format"`
	// Header is set to the value of the variable HeaderEnv; "" is
	// Authorization.
	Header    string `yaml:"header"`
	HeaderEnv string `yaml:"header_env"`
	// Timeout bounds one attempt; 0 is 10s.
	Timeout time.Duration `yaml:"timeout"`
}

// Spec is a validated digest, with every default applied.
type Spec struct {
	Name, Title  string
	Schedule     string // as configured
	Cron         cron.Schedule
	Location     *time.Location
	Length       Length
	Scope        Scope
	Top          int
	MinComments  int
	OnLittleData string // note or skip
	BaseURL      string
	Retry        RetryConfig
	Channels     []ChannelConfig // each named, folders resolved
	Templates    *Templates
}

// Scope is a validated scope. Params hold the filters in the search
// API's parameter form (audience, touchpoint, source, meta.KEY); a saved
// search is resolved into Q and Params before the Builder sees it.
type Scope struct {
	SavedSearch string
	Q           string
	Params      url.Values
}

// Defaults are what the daemon configuration lends its digests.
type Defaults struct {
	// Location is the daemon's time zone.
	Location *time.Location
	// DataDir resolves relative file channel folders.
	DataDir string
	// BaseURL is the web UI's address when a digest gives none.
	BaseURL string
}

// Default values.
const (
	DefaultTop         = 5
	DefaultMinComments = 20
	maxTop             = 20
)

var (
	envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	// validName is what a digest name may hold: it names files.
	validName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
)

// Parse validates the digests: section and returns the specs. Every
// problem is reported, each naming its field ("digests[0].schedule:
// ..."), joined with errors.Join. Template overrides are loaded here, so
// a broken one is an error at start.
func Parse(cfgs []Config, d Defaults) ([]*Spec, error) {
	if d.Location == nil {
		d.Location = time.UTC
	}
	var errs []error
	var out []*Spec
	names := map[string]int{}
	templates := map[string]*Templates{}
	for i, c := range cfgs {
		item := fmt.Sprintf("digests[%d]", i)
		bad := func(field, format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s.%s: %s", item, field, fmt.Sprintf(format, args...)))
		}
		s := &Spec{Name: c.Name, Title: c.Title, Schedule: c.Schedule, Top: c.Top,
			MinComments: DefaultMinComments, OnLittleData: c.OnLittleData, BaseURL: c.BaseURL, Retry: c.Retry}
		switch j, dup := names[c.Name]; {
		case c.Name == "":
			bad("name", "is required")
		case !validName.MatchString(c.Name):
			bad("name", "%q: use letters, digits, '.', '_' and '-' only", c.Name)
		case dup:
			bad("name", "%q is already used by digests[%d]", c.Name, j)
		default:
			names[c.Name] = i
		}
		if s.Title == "" {
			s.Title = c.Name
		}
		loc := d.Location
		if c.Timezone != "" {
			var err error
			if loc, err = time.LoadLocation(c.Timezone); err != nil {
				bad("timezone", "%q: unknown time zone", c.Timezone)
				loc = d.Location
			}
		}
		var err error
		if s.Location, s.Cron, err = schedule(c.Schedule, c.Timezone != "", loc); err != nil {
			bad("schedule", "%v", err)
		}
		if c.Period == "" {
			s.Length = Length{N: 7, Unit: 'd'}
		} else if s.Length, err = ParseLength(c.Period); err != nil {
			bad("period", "%v", err)
		}
		if s.Scope, err = scope(c.Scope); err != nil {
			bad("scope", "%v", err)
		}
		switch {
		case c.Top == 0:
			s.Top = DefaultTop
		case c.Top < 0 || c.Top > maxTop:
			bad("top", "%d: want 1 to %d", c.Top, maxTop)
		}
		if c.MinComments != nil {
			if s.MinComments = *c.MinComments; s.MinComments < 0 {
				bad("min_comments", "%d: must not be negative", s.MinComments)
			}
		}
		switch c.OnLittleData {
		case "":
			s.OnLittleData = "note"
		case "note", "skip":
		default:
			bad("on_little_data", "%q: want note or skip", c.OnLittleData)
		}
		if s.BaseURL == "" {
			s.BaseURL = d.BaseURL
		}
		if u, err := url.Parse(s.BaseURL); s.BaseURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
			bad("base_url", "%q: want an http or https URL such as https://feedback.example.com", s.BaseURL)
		}
		s.BaseURL = strings.TrimRight(s.BaseURL, "/")
		if err := retry(&s.Retry); err != nil {
			bad("retry", "%v", err)
		}
		if len(c.Channels) == 0 {
			bad("channels", "at least one channel (file, email or webhook) is required")
		}
		used := map[string]int{}
		for j, ch := range c.Channels {
			cerrs := channel(&ch, d.DataDir)
			for _, e := range cerrs {
				errs = append(errs, fmt.Errorf("%s.channels[%d].%w", item, j, e))
			}
			if ch.Name != "" {
				if k, dup := used[ch.Name]; dup {
					bad(fmt.Sprintf("channels[%d].name", j), "%q is already used by channels[%d]; give each channel of a kind its own name", ch.Name, k)
				}
				used[ch.Name] = j
			}
			s.Channels = append(s.Channels, ch)
		}
		tpl, seen := templates[c.Templates]
		if !seen {
			if tpl, err = LoadTemplates(c.Templates); err != nil {
				bad("templates", "%v", err)
			}
			templates[c.Templates] = tpl
		}
		s.Templates = tpl
		out = append(out, s)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// schedule checks a cron spec and returns its time zone and schedule. A
// spec without CRON_TZ= runs in loc; one with it runs in its own zone,
// which is also the period's unless the digest sets a timezone.
func schedule(spec string, tzSet bool, loc *time.Location) (*time.Location, cron.Schedule, error) {
	spec = strings.TrimSpace(spec)
	prefixed := strings.HasPrefix(spec, "CRON_TZ=") || strings.HasPrefix(spec, "TZ=")
	written := spec
	if spec != "" && !prefixed {
		spec = "CRON_TZ=" + loc.String() + " " + spec
	}
	sched, err := httppull.ParseSchedule(spec)
	if err != nil {
		// Quote the spec as written, not with the zone added.
		return nil, nil, errors.New(strings.Replace(err.Error(), strconv.Quote(spec), strconv.Quote(written), 1))
	}
	if prefixed && !tzSet {
		name, _, _ := strings.Cut(spec[strings.Index(spec, "=")+1:], " ")
		loc, _ = time.LoadLocation(name) // ParseSchedule checked it
	}
	return loc, sched, nil
}

// scope checks a scope and turns its filters into search parameters.
func scope(c ScopeConfig) (Scope, error) {
	s := Scope{SavedSearch: strings.TrimSpace(c.SavedSearch), Q: c.Q, Params: url.Values{}}
	filters := c.Q != "" || len(c.Audience) > 0 || len(c.Touchpoints) > 0 || len(c.Sources) > 0 || len(c.Segment) > 0
	if s.SavedSearch != "" && filters {
		return s, fmt.Errorf("saved_search and filters (q, audience, touchpoints, sources, segment) exclude each other; add the filters to the saved search")
	}
	for _, a := range c.Audience {
		if a != "customer" && a != "employee" {
			return s, fmt.Errorf("audience: %q: want customer or employee", a)
		}
		s.Params.Add("audience", a)
	}
	for _, t := range c.Touchpoints {
		s.Params.Add("touchpoint", t)
	}
	for _, src := range c.Sources {
		s.Params.Add("source", src)
	}
	for _, k := range slices.Sorted(maps.Keys(c.Segment)) {
		if k == "" || strings.ContainsAny(k, " =\"") {
			return s, fmt.Errorf("segment: %q is not a metadata field name", k)
		}
		if len(c.Segment[k]) == 0 {
			return s, fmt.Errorf("segment: %s: want a value or a list of values", k)
		}
		for _, v := range c.Segment[k] {
			s.Params.Add("meta."+k, v)
		}
	}
	return s, nil
}

// retry applies the retry defaults and checks them.
func retry(r *RetryConfig) error {
	if r.Attempts == 0 {
		r.Attempts = 4
	}
	if r.Initial == 0 {
		r.Initial = 30 * time.Second
	}
	if r.Max == 0 {
		r.Max = 10 * time.Minute
	}
	switch {
	case r.Attempts < 1 || r.Attempts > 20:
		return fmt.Errorf("attempts: %d: want 1 to 20", r.Attempts)
	case r.Initial < 0 || r.Max < r.Initial:
		return fmt.Errorf("initial %v, max %v: want 0 < initial <= max", r.Initial, r.Max)
	}
	return nil
}
