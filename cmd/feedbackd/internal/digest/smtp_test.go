package digest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// testCert returns a self-signed certificate for 127.0.0.1 and a pool
// trusting it.
func testCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "smtp test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pool
}

// mailbox is an in-process SMTP server's backend: it accepts one user
// and keeps the messages.
type mailbox struct {
	user, pass string
	mu         sync.Mutex
	got        []received
}

type received struct {
	from string
	to   []string
	data []byte
	tls  bool
}

func (b *mailbox) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, isTLS := c.TLSConnectionState()
	return &session{b: b, tls: isTLS, conn: c}, nil
}

func (b *mailbox) messages() []received {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]received(nil), b.got...)
}

type session struct {
	b    *mailbox
	conn *smtp.Conn
	tls  bool
	auth bool
	cur  received
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != s.b.user || pass != s.b.pass {
			return errors.New("invalid username or password")
		}
		s.auth = true
		return nil
	}), nil
}

func (s *session) Mail(from string, opts *smtp.MailOptions) error {
	if !s.auth {
		return smtp.ErrAuthRequired
	}
	s.cur = received{from: from}
	return nil
}

func (s *session) Rcpt(to string, opts *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = data
	_, s.cur.tls = s.conn.TLSConnectionState()
	s.b.mu.Lock()
	s.b.got = append(s.b.got, s.cur)
	s.b.mu.Unlock()
	return nil
}

func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

// startSMTP runs an SMTP server on 127.0.0.1: STARTTLS offered, or
// implicit TLS, with AUTH only over TLS.
func startSMTP(t *testing.T, implicit bool) (*mailbox, string, *x509.CertPool) {
	t.Helper()
	cert, pool := testCert(t)
	b := &mailbox{user: "digest-bot", pass: "s3cret-Pa55"}
	srv := smtp.NewServer(b)
	srv.Domain = "localhost"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.ErrorLog = discardLogger{}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if implicit {
		l = tls.NewListener(l, srv.TLSConfig)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return b, l.Addr().String(), pool
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}

// emailChannel returns an e-mail channel to addr trusting pool, with the
// credentials in the environment.
func emailChannel(t *testing.T, addr, mode, password string, pool *x509.CertPool) *Email {
	t.Helper()
	host, port, _ := net.SplitHostPort(addr)
	cfg := ChannelConfig{Email: &EmailConfig{Host: host, TLS: mode, From: "Feedback digests <digests@example.com>",
		To: []string{"ops@example.com", "Zoë <zoe@example.com>"}, UsernameEnv: "SMTP_USER", PasswordEnv: "SMTP_PASSWORD"}}
	spec := testSpec(t, Config{Channels: []ChannelConfig{cfg}})
	c := *spec.Channels[0].Email
	c.Port = atoi(t, port)
	env := map[string]string{"SMTP_USER": "digest-bot", "SMTP_PASSWORD": password}
	e, err := NewEmail("email", c, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	e.TLS.RootCAs = pool
	e.Now = func() time.Time { return time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC) }
	return e
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// testMessage renders fixture(), its empty links filled, with the
// default templates.
func testMessage(t *testing.T) *Message {
	t.Helper()
	tpl, err := LoadTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	c := fixture()
	fillLinks(&c, testSpec(t, Config{}))
	r, err := tpl.Render(&c)
	if err != nil {
		t.Fatal(err)
	}
	return &Message{Content: c, Rendered: r}
}

// TestEmail sends a digest over STARTTLS and over implicit TLS with AUTH
// PLAIN, and reads the message as a mail reader would: the headers, and
// a multipart/alternative body with the plain text and the HTML.
func TestEmail(t *testing.T) {
	for _, mode := range []string{"starttls", "tls"} {
		t.Run(mode, func(t *testing.T) {
			box, addr, pool := startSMTP(t, mode == "tls")
			e := emailChannel(t, addr, mode, "s3cret-Pa55", pool)
			m := testMessage(t)
			if err := e.Send(t.Context(), m); err != nil {
				t.Fatal(err)
			}
			got := box.messages()
			if len(got) != 1 {
				t.Fatalf("%d messages, want 1", len(got))
			}
			r := got[0]
			if !r.tls || r.from != "digests@example.com" || strings.Join(r.to, ",") != "ops@example.com,zoe@example.com" {
				t.Errorf("envelope: tls=%v from %q to %q", r.tls, r.from, r.to)
			}
			checkMail(t, r.data, m)
		})
	}
}

// checkMail parses a received message and checks it against m.
func checkMail(t *testing.T, data []byte, m *Message) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("Subject %q (%v), want %q", subject, err, m.Subject)
	}
	if h.Get("Subject") == m.Subject {
		t.Errorf("the non-ASCII subject is not encoded: %q", h.Get("Subject"))
	}
	for k, want := range map[string]string{
		"From":         `"Feedback digests" <digests@example.com>`,
		"To":           `<ops@example.com>, =?utf-8?q?Zo=C3=AB?= <zoe@example.com>`,
		"Date":         "Mon, 23 Nov 2026 08:00:00 +0000",
		"Message-Id":   "<digest.weekly-pain-points.2026-11-16_2026-11-23@example.com>",
		"Mime-Version": "1.0",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q (%v)", h.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var parts []string
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(p) // quoted-printable decoded by the reader
		if err != nil {
			t.Fatal(err)
		}
		ct := p.Header.Get("Content-Type")
		parts = append(parts, ct)
		switch ct {
		case "text/plain; charset=utf-8":
			if string(body) != strings.ReplaceAll(m.Text, "\n", "\r\n") {
				t.Errorf("text/plain part differs from the text rendering:\n%s", body)
			}
		case "text/html; charset=utf-8":
			if string(body) != strings.ReplaceAll(m.HTML, "\n", "\r\n") {
				t.Errorf("text/html part differs from the HTML rendering")
			}
			if strings.Contains(string(body), "<script>") {
				t.Error("comment markup reached the HTML part unescaped")
			}
		}
	}
	if strings.Join(parts, "|") != "text/plain; charset=utf-8|text/html; charset=utf-8" {
		t.Errorf("parts %q, want the plain text then the HTML", parts)
	}
}

// TestEmailRefusals checks the channel refuses to go on without the TLS
// it was told to use, and that a refused login does not leak the
// password.
func TestEmailRefusals(t *testing.T) {
	t.Run("bad password", func(t *testing.T) {
		_, addr, pool := startSMTP(t, false)
		e := emailChannel(t, addr, "starttls", "wrong-Pa55word", pool)
		err := e.Send(t.Context(), testMessage(t))
		if err == nil || !strings.Contains(err.Error(), "auth:") || strings.Contains(err.Error(), "wrong-Pa55word") {
			t.Errorf("got %v, want an auth error without the password", err)
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		_, addr, _ := startSMTP(t, true)
		e := emailChannel(t, addr, "tls", "s3cret-Pa55", nil)
		if err := e.Send(t.Context(), testMessage(t)); err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Errorf("got %v, want a certificate error", err)
		}
	})
	t.Run("no STARTTLS", func(t *testing.T) {
		b := &mailbox{user: "digest-bot", pass: "s3cret-Pa55"}
		srv := smtp.NewServer(b)
		srv.Domain = "localhost"
		srv.ErrorLog = discardLogger{}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go srv.Serve(l)
		defer srv.Close()
		e := emailChannel(t, l.Addr().String(), "starttls", "s3cret-Pa55", nil)
		if err := e.Send(t.Context(), testMessage(t)); err == nil || !strings.Contains(err.Error(), "does not offer STARTTLS") {
			t.Errorf("got %v", err)
		}
	})
}
