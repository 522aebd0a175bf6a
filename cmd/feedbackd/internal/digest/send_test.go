package digest

import (
	"context"
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus/rawstore"
)

// monday is a weekly digest's activation.
var monday = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

// newSender returns a sender of fixture() over store with channels.
func newSender(store Store, b Builder, spec *Spec, chs ...Channel) (*Sender, *noSleep) {
	ns := &noSleep{}
	return &Sender{Builder: b, Store: store, Channels: map[string][]Channel{spec.Name: chs}, Sleep: ns.Sleep,
		Now: func() time.Time { return monday }}, ns
}

func history(t *testing.T, s *rawstore.Store, name string) []string {
	t.Helper()
	h, err := s.DigestHistory(context.Background(), name, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range h {
		out = append(out, strings.TrimSuffix(e.Period+" "+e.Channel+" "+e.Outcome+" "+e.Error, " "))
	}
	return out
}

// TestSendOnce sends a period, then asks again the same day and after a
// restart (the store reopened): nothing is sent twice.
func TestSendOnce(t *testing.T) {
	store, path := openStore(t)
	spec := testSpec(t, Config{})
	a, b := &recorder{name: "a"}, &recorder{name: "b"}
	s, _ := newSender(store, &fixed{c: fixture()}, spec, a, b)
	res, err := s.Send(t.Context(), spec, monday, SendOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Period != "2026-11-16_2026-11-23" || !slices.Equal(res.Sent, []string{"a", "b"}) || res.Done {
		t.Fatalf("first send: %+v", res)
	}
	if res, err = s.Send(t.Context(), spec, monday.Add(3*time.Hour), SendOptions{}); err != nil || !res.Done {
		t.Fatalf("same day: %+v %v", res, err)
	}
	store.Close()
	store2, err := rawstore.Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer store2.Close()
	s2, _ := newSender(store2, &fixed{c: fixture()}, spec, a, b)
	if res, err = s2.Send(t.Context(), spec, monday, SendOptions{}); err != nil || !res.Done {
		t.Fatalf("after restart: %+v %v", res, err)
	}
	if a.Count() != 1 || b.Count() != 1 {
		t.Errorf("sent %d and %d times, want once each", a.Count(), b.Count())
	}
	if got, want := history(t, store2, spec.Name), []string{"2026-11-16_2026-11-23 a sent", "2026-11-16_2026-11-23 b sent"}; !slices.Equal(got, want) {
		t.Errorf("history %q, want %q", got, want)
	}
	// The message is the fixture with its links filled from the spec.
	m := a.got[0]
	if m.Content.Digest != "weekly" || m.Content.PainPoints[1].Link == "" || !strings.Contains(m.Markdown, "Late delivery") {
		t.Errorf("message: %+v", m.Content)
	}
}

// dying is a channel whose Send kills the process: it cancels the
// daemon's context and fails, as if the power went out mid-send.
type dying struct{ kill context.CancelFunc }

func (d *dying) Name() string { return "b" }
func (d *dying) Send(ctx context.Context, m *Message) error {
	d.kill()
	return errors.New("killed")
}

// TestSendResume crashes after channel a got the digest and while b was
// being sent: after the restart only b gets it.
func TestSendResume(t *testing.T) {
	store, path := openStore(t)
	spec := testSpec(t, Config{})
	a := &recorder{name: "a"}
	ctx, kill := context.WithCancel(t.Context())
	s, _ := newSender(store, &fixed{c: fixture()}, spec, a, &dying{kill})
	if _, err := s.Send(ctx, spec, monday, SendOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("crashed send: %v", err)
	}
	store.Close()
	store2, err := rawstore.Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer store2.Close()
	run, ok, err := store2.LastDigestRun(t.Context(), spec.Name)
	if err != nil || !ok || run.Done || run.Channels["a"].Status != StatusSent || run.Channels["b"].Status != StatusSending {
		t.Fatalf("state after the crash: %+v", run)
	}
	b := &recorder{name: "b"}
	s2, _ := newSender(store2, &fixed{c: fixture()}, spec, a, b)
	res, err := s2.Send(t.Context(), spec, run.At, SendOptions{})
	if err != nil || !slices.Equal(res.Sent, []string{"b"}) {
		t.Fatalf("resume: %+v %v", res, err)
	}
	if a.Count() != 1 || b.Count() != 1 {
		t.Errorf("a got %d, b %d; want 1 each", a.Count(), b.Count())
	}
}

// TestSendRetries checks failed attempts are retried with growing,
// jittered waits, each recorded, and that a channel that keeps failing is
// given up on for the period and can be redelivered by hand.
func TestSendRetries(t *testing.T) {
	store, _ := openStore(t)
	spec := testSpec(t, Config{Retry: RetryConfig{Attempts: 3, Initial: time.Minute, Max: 90 * time.Second}})
	flaky, down := &recorder{name: "flaky", fail: 2}, &recorder{name: "down", fail: 100}
	s, ns := newSender(store, &fixed{c: fixture()}, spec, flaky, down)
	res, err := s.Send(t.Context(), spec, monday, SendOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Sent, []string{"flaky"}) || !slices.Equal(res.Failed, []string{"down"}) {
		t.Errorf("result %+v", res)
	}
	p := "2026-11-16_2026-11-23 "
	want := []string{p + "flaky failed connection refused", p + "flaky failed connection refused", p + "flaky sent",
		p + "down failed connection refused", p + "down failed connection refused", p + "down failed connection refused"}
	if got := history(t, store, spec.Name); !slices.Equal(got, want) {
		t.Errorf("history:\n%q\nwant\n%q", got, want)
	}
	// Waits: 1m then 90s (capped), each less up to half of it.
	if len(ns.waits) != 4 {
		t.Fatalf("waits %v", ns.waits)
	}
	for i, max := range []time.Duration{time.Minute, 90 * time.Second, time.Minute, 90 * time.Second} {
		if w := ns.waits[i]; w > max || w < max/2 {
			t.Errorf("wait %d: %v, want %v to %v", i, w, max/2, max)
		}
	}
	if res, _ := s.Send(t.Context(), spec, monday, SendOptions{}); !res.Done {
		t.Errorf("a scheduled run after giving up: %+v", res)
	}
	down.fail = 0
	if res, err := s.Send(t.Context(), spec, monday, SendOptions{Redeliver: true}); err != nil || !slices.Equal(res.Sent, []string{"down"}) {
		t.Errorf("redeliver: %+v %v", res, err)
	}
	if flaky.Count() != 1 || down.Count() != 1 {
		t.Errorf("flaky got %d, down %d", flaky.Count(), down.Count())
	}
}

// TestLittleData checks a period with too few comments says so briefly,
// or is skipped (and recorded as such), as configured.
func TestLittleData(t *testing.T) {
	few := fixture()
	few.Headline.Volume.Value = 7
	for _, policy := range []string{"note", "skip"} {
		t.Run(policy, func(t *testing.T) {
			store, _ := openStore(t)
			spec := testSpec(t, Config{OnLittleData: policy})
			a := &recorder{name: "a"}
			s, _ := newSender(store, &fixed{c: few}, spec, a)
			res, err := s.Send(t.Context(), spec, monday, SendOptions{})
			if err != nil {
				t.Fatal(err)
			}
			const msg = "Only 7 comments in this period (at least 20 are needed for figures)."
			if policy == "skip" {
				if a.Count() != 0 || res.Skipped != msg {
					t.Errorf("skip: sent %d, %+v", a.Count(), res)
				}
				if got := history(t, store, spec.Name); !slices.Equal(got, []string{"2026-11-16_2026-11-23  skipped " + msg}) {
					t.Errorf("history %q", got)
				}
				if res, _ := s.Send(t.Context(), spec, monday, SendOptions{}); !res.Done {
					t.Errorf("skipped period sent again: %+v", res)
				}
				return
			}
			if a.Count() != 1 {
				t.Fatalf("sent %d", a.Count())
			}
			m := a.got[0]
			if !strings.Contains(m.Markdown, msg) || strings.Contains(m.Markdown, "Top pain points") || strings.Contains(m.Text, "Refunds") {
				t.Errorf("a little-data digest should say so and nothing else:\n%s", m.Markdown)
			}
		})
	}
}

// TestSavedSearchScope checks a saved search scope reaches the builder
// resolved, and a missing one is an error.
func TestSavedSearchScope(t *testing.T) {
	store, _ := openStore(t)
	ss := rawstore.SavedSearch{Name: "Angry refunds", Q: "refund", Filters: map[string][]string{"sentiment": {"negative"}, "from": {"2020-01-01"}}}
	if err := store.CreateSearch(t.Context(), &ss); err != nil {
		t.Fatal(err)
	}
	var got Spec
	b := BuilderFunc(func(ctx context.Context, spec Spec, p Period) (Content, error) {
		got = spec
		c := fixture()
		c.Link = "" // filled from the scope
		return c, nil
	})
	spec := testSpec(t, Config{Scope: ScopeConfig{SavedSearch: "angry refunds"}})
	s, _ := newSender(store, b, spec)
	s.Searches = store
	m, err := s.Prepare(t.Context(), spec, monday)
	if err != nil {
		t.Fatal(err)
	}
	if got.Scope.Q != "refund" || got.Scope.Params.Get("sentiment") != "negative" || got.Scope.Params.Has("from") {
		t.Errorf("scope given to the builder: %+v", got.Scope)
	}
	if !strings.Contains(m.Content.Link, "q=refund") || !strings.Contains(m.Content.Link, "sentiment=negative") {
		t.Errorf("link %s", m.Content.Link)
	}
	spec = testSpec(t, Config{Scope: ScopeConfig{SavedSearch: "gone"}})
	if _, err := s.Prepare(t.Context(), spec, monday); err == nil || !strings.Contains(err.Error(), `saved search "gone" not found`) {
		t.Errorf("missing saved search: %v", err)
	}
}

// TestCredentialsNotLogged runs failing and succeeding deliveries over
// SMTP and a webhook and checks that no password, token or secret URL
// reaches the logs, the history or the errors.
func TestCredentialsNotLogged(t *testing.T) {
	store, _ := openStore(t)
	box, addr, pool := startSMTP(t, false)
	srv, _, _ := hook(t, 100, 500)
	env := map[string]string{"SMTP_USER": "digest-bot", "SMTP_PASSWORD": "not-" + box.pass, "HOOK": "Bearer t0ken-xyz",
		"HOOK_URL": srv.URL + "/services/T0/B0/s3cr3t-path"}
	host, port, _ := net.SplitHostPort(addr)
	spec := testSpec(t, Config{Retry: RetryConfig{Attempts: 2}, Channels: []ChannelConfig{
		{Email: &EmailConfig{Host: host, Port: atoi(t, port), From: "d@example.com", To: []string{"x@example.com"}, UsernameEnv: "SMTP_USER", PasswordEnv: "SMTP_PASSWORD"}},
		{Webhook: &WebhookConfig{URLEnv: "HOOK_URL", HeaderEnv: "HOOK"}},
	}})
	chs, err := NewChannels(spec, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	chs[0].(*Email).TLS.RootCAs = pool
	var logs logBuffer
	s, _ := newSender(store, &fixed{c: fixture()}, spec, chs...)
	s.Log = logs.logger()
	res, err := s.Send(t.Context(), spec, monday, SendOptions{})
	if err != nil || len(res.Failed) != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	// Now with the right password: the success path logs too.
	env["SMTP_PASSWORD"] = box.pass
	if chs, err = NewChannels(spec, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	chs[0].(*Email).TLS.RootCAs = pool
	s.Channels[spec.Name] = chs
	if _, err := s.Send(t.Context(), spec, monday, SendOptions{Redeliver: true}); err != nil {
		t.Fatal(err)
	}
	if len(box.messages()) != 1 {
		t.Fatalf("%d mails", len(box.messages()))
	}
	all := logs.String() + strings.Join(history(t, store, spec.Name), "\n")
	if !strings.Contains(all, "auth:") || !strings.Contains(all, "500 Internal Server Error") || !strings.Contains(all, `"message":"digest sent"`) {
		t.Errorf("the failures and the success should be logged:\n%s", all)
	}
	for _, secret := range []string{box.pass, "t0ken-xyz", "s3cr3t-path"} {
		if strings.Contains(all, secret) {
			t.Errorf("%q appears in the logs or history:\n%s", secret, all)
		}
	}
}
