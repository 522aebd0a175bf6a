package digest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// hook is an httptest server recording the requests it gets; it answers
// status to the first failures requests.
func hook(t *testing.T, failures int, status int) (*httptest.Server, func() []*http.Request, func() [][]byte) {
	t.Helper()
	var mu sync.Mutex
	var reqs []*http.Request
	var bodies [][]byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		defer mu.Unlock()
		reqs = append(reqs, r)
		bodies = append(bodies, body)
		if len(reqs) <= failures {
			http.Error(w, "upstream sad", status)
			return
		}
		w.Write([]byte("ok"))
	}))
	t.Cleanup(srv.Close)
	return srv, func() []*http.Request { mu.Lock(); defer mu.Unlock(); return reqs },
		func() [][]byte { mu.Lock(); defer mu.Unlock(); return bodies }
}

func webhookChannel(t *testing.T, c WebhookConfig, env map[string]string) *Webhook {
	t.Helper()
	spec := testSpec(t, Config{Channels: []ChannelConfig{{Webhook: &c}}})
	w, err := NewWebhook("webhook", *spec.Channels[0].Webhook, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestWebhookJSON posts the generic body with an auth header from the
// environment and checks it decodes to the content.
func TestWebhookJSON(t *testing.T) {
	srv, reqs, bodies := hook(t, 0, 0)
	w := webhookChannel(t, WebhookConfig{URL: srv.URL + "/digest", HeaderEnv: "HOOK_AUTH"}, map[string]string{"HOOK_AUTH": "Bearer t0ken-xyz"})
	m := testMessage(t)
	if err := w.Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	r := reqs()[0]
	if r.Method != "POST" || r.URL.Path != "/digest" || r.Header.Get("Authorization") != "Bearer t0ken-xyz" ||
		r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("request %s %s, headers %v", r.Method, r.URL, r.Header)
	}
	var got struct {
		Digest, Subject, Markdown, Text string
		Content                         Content
	}
	if err := json.Unmarshal(bodies()[0], &got); err != nil {
		t.Fatal(err)
	}
	if got.Digest != "weekly-pain-points" || got.Subject != m.Subject || got.Markdown != m.Markdown || got.Text != m.Text {
		t.Errorf("body: %+v", got)
	}
	if len(got.Content.PainPoints) != 2 || got.Content.PainPoints[1].Comments[0].Text != hostile ||
		got.Content.Headline.NPS.N != 412 || !got.Content.Period.End.Equal(m.Content.Period.End) {
		t.Errorf("content did not round-trip: %+v", got.Content)
	}
}

// TestWebhookSlack posts Slack's body: mrkdwn section blocks with the
// comment text escaped, from a URL held in the environment.
func TestWebhookSlack(t *testing.T) {
	srv, _, bodies := hook(t, 0, 0)
	w := webhookChannel(t, WebhookConfig{URLEnv: "SLACK_URL", Format: "slack"}, map[string]string{"SLACK_URL": srv.URL + "/services/T0/B0/secret"})
	if err := w.Send(t.Context(), testMessage(t)); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Text   string
		Blocks []struct {
			Type string
			Text struct{ Type, Text string }
		}
	}
	if err := json.Unmarshal(bodies()[0], &got); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Text, "Weekly top pain points, 16–22 Nov 2026") || len(got.Blocks) == 0 {
		t.Fatalf("body %s", bodies()[0])
	}
	var all strings.Builder
	for _, b := range got.Blocks {
		if b.Type != "section" || b.Text.Type != "mrkdwn" || len(b.Text.Text) > slackSectionMax {
			t.Errorf("block %+v", b)
		}
		all.WriteString(b.Text.Text)
	}
	text := all.String()
	if strings.Contains(text, "<script>") || strings.Contains(text, "<b>") || strings.Contains(text, " & ") {
		t.Errorf("comment text not escaped for Slack:\n%s", text)
	}
	if !strings.Contains(text, "&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; *bold*") {
		t.Errorf("escaped comment missing:\n%s", text)
	}
	if !strings.Contains(text, "|Late delivery &amp; missing parcels>") {
		t.Errorf("link label not escaped:\n%s", text)
	}
}

// TestWebhookErrors checks a failing endpoint's error names the status
// and host but neither the secret URL path nor the header value.
func TestWebhookErrors(t *testing.T) {
	srv, _, _ := hook(t, 1, http.StatusBadGateway)
	w := webhookChannel(t, WebhookConfig{URLEnv: "SLACK_URL", HeaderEnv: "HOOK_AUTH"},
		map[string]string{"SLACK_URL": srv.URL + "/services/T0/B0/secret", "HOOK_AUTH": "t0ken-xyz"})
	err := w.Send(t.Context(), testMessage(t))
	if err == nil || !strings.Contains(err.Error(), "502 Bad Gateway") || !strings.Contains(err.Error(), srv.URL) {
		t.Fatalf("got %v", err)
	}
	srv.Close()
	err = w.Send(t.Context(), testMessage(t))
	if err == nil {
		t.Fatal("a closed server accepted the digest")
	}
	for _, e := range []string{err.Error()} {
		if strings.Contains(e, "secret") || strings.Contains(e, "t0ken-xyz") {
			t.Errorf("error leaks a secret: %s", e)
		}
	}
}

// TestSplitSlack checks long mrkdwn is cut under Slack's limit without
// losing text.
func TestSplitSlack(t *testing.T) {
	para := strings.Repeat("word ", 300) // 1,500 bytes
	s := strings.Join([]string{para, para, para, strings.Repeat("é", 4000)}, "\n\n")
	chunks := splitSlack(s)
	total := 0
	for _, c := range chunks {
		if len(c) > slackSectionMax || !strings.Contains(s, c) {
			t.Errorf("chunk of %d bytes", len(c))
		}
		total += len(strings.ReplaceAll(c, " ", ""))
	}
	if want := len(strings.ReplaceAll(strings.ReplaceAll(s, "\n", ""), " ", "")); total != want {
		t.Errorf("%d bytes kept of %d", total, want)
	}
}
