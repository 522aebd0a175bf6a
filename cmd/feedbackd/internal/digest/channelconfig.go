package digest

import (
	"fmt"
	"net/mail"
	"net/url"
	"path/filepath"
	"time"
)

// channel applies a channel's defaults and checks it; errors start with
// the field's name relative to the channel.
func channel(c *ChannelConfig, dataDir string) []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, args...)))
	}
	kind := c.Kind()
	if kind == "" {
		bad("kind", "want exactly one of file, email or webhook")
		return errs
	}
	if c.Name == "" {
		c.Name = kind
	} else if !validName.MatchString(c.Name) {
		bad("name", "%q: use letters, digits, '.', '_' and '-' only", c.Name)
	}
	switch kind {
	case "file":
		f := *c.File
		if f.Folder == "" {
			f.Folder = "digests"
		}
		if !filepath.IsAbs(f.Folder) {
			f.Folder = filepath.Join(dataDir, f.Folder)
		}
		c.File = &f
	case "email":
		e := *c.Email
		if e.Host == "" {
			bad("email.host", "is required")
		}
		switch e.TLS {
		case "", "starttls":
			e.TLS = "starttls"
			e.Port = orDefault(e.Port, 587)
		case "tls":
			e.Port = orDefault(e.Port, 465)
		case "none":
			e.Port = orDefault(e.Port, 25)
			if e.UsernameEnv != "" && !isLoopback(e.Host) {
				bad("email.tls", "none would send the password in clear to %s; use starttls or tls", e.Host)
			}
		default:
			bad("email.tls", "%q: want starttls, tls or none", e.TLS)
			e.Port = orDefault(e.Port, 587) // reported once, as tls
		}
		if e.Port < 1 || e.Port > 65535 {
			bad("email.port", "%d: want 1 to 65535", e.Port)
		}
		if _, err := mail.ParseAddress(e.From); err != nil {
			bad("email.from", "%q: %v", e.From, err)
		}
		if len(e.To) == 0 {
			bad("email.to", "at least one recipient is required")
		}
		for k, to := range e.To {
			if _, err := mail.ParseAddress(to); err != nil {
				bad(fmt.Sprintf("email.to[%d]", k), "%q: %v", to, err)
			}
		}
		if (e.UsernameEnv == "") != (e.PasswordEnv == "") {
			bad("email.password_env", "username_env and password_env go together")
		}
		for field, v := range map[string]string{"email.username_env": e.UsernameEnv, "email.password_env": e.PasswordEnv} {
			if v != "" && !envName.MatchString(v) {
				bad(field, "%q is not an environment variable name", v)
			}
		}
		if e.Timeout == 0 {
			e.Timeout = 30 * time.Second
		}
		c.Email = &e
	case "webhook":
		w := *c.Webhook
		switch {
		case (w.URL == "") == (w.URLEnv == ""):
			bad("webhook.url", "want url or url_env (one of them)")
		case w.URLEnv != "" && !envName.MatchString(w.URLEnv):
			bad("webhook.url_env", "%q is not an environment variable name", w.URLEnv)
		case w.URL != "":
			if u, err := url.Parse(w.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				bad("webhook.url", "want an http or https URL")
			}
		}
		switch w.Format {
		case "":
			w.Format = "json"
		case "json", "slack":
		default:
			bad("webhook.format", "%q: want json or slack", w.Format)
		}
		if w.HeaderEnv != "" && !envName.MatchString(w.HeaderEnv) {
			bad("webhook.header_env", "%q is not an environment variable name", w.HeaderEnv)
		}
		if w.Header != "" && w.HeaderEnv == "" {
			bad("webhook.header", "needs header_env, the variable holding its value")
		}
		if w.Header == "" {
			w.Header = "Authorization"
		}
		if w.Timeout == 0 {
			w.Timeout = 10 * time.Second
		}
		c.Webhook = &w
	}
	return errs
}

// orDefault returns v, or def when v is 0.
func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}
