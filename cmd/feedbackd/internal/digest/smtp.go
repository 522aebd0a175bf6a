package digest

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"
)

// Email sends digests over SMTP: STARTTLS, implicit TLS or (to a local
// relay) none; AUTH PLAIN when a username is configured (net/smtp sends
// it only over TLS or to localhost). Errors never hold the credentials.
type Email struct {
	name     string
	addr     string // host:port
	host     string
	mode     string // starttls, tls or none
	from     *mail.Address
	to       []*mail.Address
	user     string
	password string
	timeout  time.Duration

	// TLS is the TLS configuration (its ServerName is set to the host);
	// tests set RootCAs.
	TLS *tls.Config
	// Now dates the messages (time.Now by default).
	Now func() time.Time
	// LocalName is sent in EHLO ("localhost" by default).
	LocalName string
}

// NewEmail returns an e-mail channel for a validated config; the
// username and password come from the environment variables it names
// through getenv, and an unset one is an error.
func NewEmail(name string, c EmailConfig, getenv func(string) string) (*Email, error) {
	e := &Email{name: name, host: c.Host, addr: net.JoinHostPort(c.Host, strconv.Itoa(c.Port)),
		mode: c.TLS, timeout: c.Timeout, TLS: &tls.Config{MinVersion: tls.VersionTLS12}, LocalName: "localhost"}
	var err error
	if e.from, err = mail.ParseAddress(c.From); err != nil {
		return nil, fmt.Errorf("email.from: %w", err)
	}
	for _, to := range c.To {
		a, err := mail.ParseAddress(to)
		if err != nil {
			return nil, fmt.Errorf("email.to: %w", err)
		}
		e.to = append(e.to, a)
	}
	if c.UsernameEnv != "" {
		if e.user = getenv(c.UsernameEnv); e.user == "" {
			return nil, fmt.Errorf("email.username_env: environment variable %s is not set", c.UsernameEnv)
		}
		if e.password = getenv(c.PasswordEnv); e.password == "" {
			return nil, fmt.Errorf("email.password_env: environment variable %s is not set", c.PasswordEnv)
		}
	}
	return e, nil
}

// Name implements Channel.
func (e *Email) Name() string { return e.name }

// Send implements Channel: one SMTP session per message, bounded by the
// channel's timeout.
func (e *Email) Send(ctx context.Context, m *Message) error {
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	msg, err := mailMessage(e.from, e.to, m, now())
	if err != nil {
		return fmt.Errorf("smtp %s: compose: %w", e.addr, err)
	}
	if err := e.send(ctx, msg); err != nil {
		return fmt.Errorf("smtp %s: %s", e.addr, e.scrub(err.Error()))
	}
	return nil
}

func (e *Email) send(ctx context.Context, msg []byte) error {
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", e.addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	cfg := e.TLS.Clone()
	cfg.ServerName = e.host
	if e.mode == "tls" {
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("tls: %w", err)
		}
		conn = tc
	}
	c, err := smtp.NewClient(conn, e.host)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Hello(e.LocalName); err != nil {
		return fmt.Errorf("ehlo: %w", err)
	}
	if e.mode == "starttls" {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("the server does not offer STARTTLS (set tls: tls for implicit TLS, or tls: none for a local relay)")
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("starttls: %w", err)
		}
	}
	if e.user != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("the server does not offer AUTH")
		}
		if err := c.Auth(smtp.PlainAuth("", e.user, e.password, e.host)); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := c.Mail(e.from.Address); err != nil {
		return fmt.Errorf("mail from: %w", err)
	}
	for _, to := range e.to {
		if err := c.Rcpt(to.Address); err != nil {
			return fmt.Errorf("rcpt to %s: %w", to.Address, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("data: %w", err)
	}
	return c.Quit()
}

// scrub removes the password, and the AUTH PLAIN string that carries
// it, from a message a server may have echoed.
func (e *Email) scrub(s string) string {
	if e.password == "" {
		return s
	}
	plain := base64.StdEncoding.EncodeToString([]byte("\x00" + e.user + "\x00" + e.password))
	return strings.NewReplacer(e.password, "[redacted]", plain, "[redacted]").Replace(s)
}
