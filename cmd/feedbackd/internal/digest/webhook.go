package digest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// Webhook POSTs digests as JSON: the generic body or Slack's. The URL
// (a Slack webhook URL is a secret) and the header value never appear in
// errors: they name the host only.
type Webhook struct {
	name   string
	url    string
	slack  bool
	header string
	value  string
	host   string // for errors
	client *http.Client
}

// NewWebhook returns a webhook channel for a validated config, reading
// url_env and header_env through getenv; an unset one is an error.
func NewWebhook(name string, c WebhookConfig, getenv func(string) string) (*Webhook, error) {
	w := &Webhook{name: name, url: c.URL, slack: c.Format == "slack", header: c.Header,
		client: &http.Client{Timeout: c.Timeout}}
	if c.URLEnv != "" {
		if w.url = getenv(c.URLEnv); w.url == "" {
			return nil, fmt.Errorf("webhook.url_env: environment variable %s is not set", c.URLEnv)
		}
	}
	u, err := url.Parse(w.url)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("webhook: the URL is not an http or https URL")
	}
	w.host = u.Scheme + "://" + u.Host
	if c.HeaderEnv != "" {
		if w.value = getenv(c.HeaderEnv); w.value == "" {
			return nil, fmt.Errorf("webhook.header_env: environment variable %s is not set", c.HeaderEnv)
		}
	}
	return w, nil
}

// Name implements Channel.
func (w *Webhook) Name() string { return w.name }

// Send implements Channel. A 2xx answer is success.
func (w *Webhook) Send(ctx context.Context, m *Message) error {
	body, err := m.JSONBody()
	if w.slack {
		body, err = m.SlackBody()
	}
	if err != nil {
		return fmt.Errorf("webhook %s: %w", w.host, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook %s: bad request", w.host)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "feedbackd-digest")
	if w.value != "" {
		req.Header.Set(w.header, w.value)
	}
	resp, err := w.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message holds the whole URL
		}
		return fmt.Errorf("webhook %s: %s", w.host, w.scrub(err.Error()))
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
		return fmt.Errorf("webhook %s: %s: %q", w.host, resp.Status, w.scrub(string(snippet)))
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	return nil
}

// scrub removes the URL and the header value from s.
func (w *Webhook) scrub(s string) string {
	pairs := []string{w.url, w.host + "/[redacted]"}
	if w.value != "" {
		pairs = append(pairs, w.value, "[redacted]")
	}
	return strings.NewReplacer(pairs...).Replace(s)
}
