package digest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// mailMessage is an RFC 5322 message of m: multipart/alternative with
// the plain text first and the HTML last (the part mail readers prefer
// when they can show it), each UTF-8 and quoted-printable. The
// Message-ID is derived from the digest and the period, so a copy sent
// again after a crash is recognisably the same message.
func mailMessage(from *mail.Address, to []*mail.Address, m *Message, date time.Time) ([]byte, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if err := mw.SetBoundary("feedbackd-" + randomHex(12)); err != nil {
		return nil, err
	}
	recipients := make([]string, len(to))
	for i, a := range to {
		recipients[i] = a.String()
	}
	domain := "feedbackd.invalid"
	if _, d, ok := strings.Cut(from.Address, "@"); ok && d != "" {
		domain = d
	}
	h := []struct{ k, v string }{
		{"From", from.String()},
		{"To", strings.Join(recipients, ", ")},
		{"Subject", mime.QEncoding.Encode("utf-8", m.Subject)},
		{"Date", date.Format(time.RFC1123Z)},
		{"Message-ID", fmt.Sprintf("<digest.%s.%s@%s>", m.Content.Digest, m.Content.Period.Key(), domain)},
		{"MIME-Version", "1.0"},
		{"Content-Type", `multipart/alternative; boundary="` + mw.Boundary() + `"`},
		{"Auto-Submitted", "auto-generated"},
	}
	var head strings.Builder
	for _, kv := range h {
		head.WriteString(kv.k + ": " + kv.v + "\r\n")
	}
	head.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ + "; charset=utf-8"},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qw := quotedprintable.NewWriter(pw)
		if _, err := qw.Write([]byte(part.body)); err != nil {
			return nil, err
		}
		if err := qw.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return append([]byte(head.String()), buf.Bytes()...), nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
