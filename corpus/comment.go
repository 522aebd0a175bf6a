// Package corpus is feedbackd's domain core: the comment model, its
// validation, and the interfaces that sources, the raw store and the ingest
// loop share. Sources live in subpackages, one per kind.
package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/classify"
)

// Audience says whose voice a comment is.
type Audience string

// Audiences.
const (
	Customer Audience = "customer"
	Employee Audience = "employee"
)

// ParseAudience accepts "customer" or "employee" (any case); "" means
// unknown and is allowed.
func ParseAudience(s string) (Audience, error) {
	switch a := Audience(strings.ToLower(strings.TrimSpace(s))); a {
	case Customer, Employee, "":
		return a, nil
	default:
		return "", fmt.Errorf("audience %q: want customer or employee", s)
	}
}

// TextField is one free-text answer of a comment. Surveys often ask several
// questions ("pros" and "cons", "what went well" and "what to improve"); they
// are kept apart so each can be shown and exported with its name.
type TextField struct {
	Name string `json:"name"`
	Text string `json:"text"`
}

// Scores are the numeric survey scores of a comment. Nil means not given.
type Scores struct {
	NPS  *int `json:"nps,omitempty"`  // 0–10
	CSAT *int `json:"csat,omitempty"` // 1–5
	CES  *int `json:"ces,omitempty"`  // 1–7
}

// Score ranges; values outside them are rejected with a reason, never clamped.
const (
	NPSMin, NPSMax   = 0, 10
	CSATMin, CSATMax = 1, 5
	CESMin, CESMax   = 1, 7
)

// Validate checks every score against its range.
func (s Scores) Validate() error {
	check := func(name string, v *int, lo, hi int) error {
		if v != nil && (*v < lo || *v > hi) {
			return fmt.Errorf("%s score %d is outside %d–%d", name, *v, lo, hi)
		}
		return nil
	}
	if err := check("nps", s.NPS, NPSMin, NPSMax); err != nil {
		return err
	}
	if err := check("csat", s.CSAT, CSATMin, CSATMax); err != nil {
		return err
	}
	return check("ces", s.CES, CESMin, CESMax)
}

// Comment is one piece of feedback with everything feedbackd derives from it.
type Comment struct {
	// ID is the source's own id where it has one, else a hash of source,
	// content and timestamp (see DeriveID), so re-reading the same input
	// never creates a duplicate.
	ID         string            `json:"id"`
	Source     string            `json:"source"`
	Audience   Audience          `json:"audience,omitempty"`
	Fields     []TextField       `json:"fields"`
	CreatedAt  time.Time         `json:"created_at"`
	ReceivedAt time.Time         `json:"received_at"`
	Scores     Scores            `json:"scores"`
	Meta       map[string]string `json:"meta,omitempty"`
	// Redacted lists the kinds of personal data removed at ingest
	// ("email", "phone", "card", "iban", or a custom rule's name).
	Redacted []string `json:"redacted,omitempty"`
	// Tags are the engine's output for Text(), nil until tagged.
	Tags *Tags `json:"tags,omitempty"`
}

// Tags are the derived touchpoints and sentiment of a comment and the
// versions of the rules that produced them.
type Tags struct {
	classify.Result
	TaggedAt time.Time `json:"tagged_at"`
}

// fieldSeparator joins text fields into the one text the engine reads. A
// blank line ends a sentence, so no rule matches across two answers.
const fieldSeparator = "\n\n"

// Text returns the comment's text fields joined into the single text the
// engine tags; evidence offsets refer to it.
func (c *Comment) Text() string {
	switch len(c.Fields) {
	case 0:
		return ""
	case 1:
		return c.Fields[0].Text
	}
	var b strings.Builder
	for i, f := range c.Fields {
		if i > 0 {
			b.WriteString(fieldSeparator)
		}
		b.WriteString(f.Text)
	}
	return b.String()
}

// DeriveID returns a stable id for a comment whose source has none: a hash
// of the source name, the text fields and the creation time.
func DeriveID(source string, fields []TextField, created time.Time) string {
	h := sha256.New()
	h.Write([]byte(source))
	h.Write([]byte{0})
	for _, f := range fields {
		h.Write([]byte(f.Name))
		h.Write([]byte{0})
		h.Write([]byte(f.Text))
		h.Write([]byte{0})
	}
	h.Write([]byte(created.UTC().Format(time.RFC3339Nano)))
	return "h-" + hex.EncodeToString(h.Sum(nil))[:24]
}

// Validate checks what every stored comment must satisfy.
func (c *Comment) Validate() error {
	if c.ID == "" {
		return fmt.Errorf("comment has no id")
	}
	if c.Source == "" {
		return fmt.Errorf("comment %s has no source", c.ID)
	}
	empty := true
	for _, f := range c.Fields {
		if strings.TrimSpace(f.Text) != "" {
			empty = false
		}
	}
	if empty {
		return fmt.Errorf("comment %s has no text", c.ID)
	}
	if c.CreatedAt.IsZero() {
		return fmt.Errorf("comment %s has no created_at", c.ID)
	}
	if _, err := ParseAudience(string(c.Audience)); err != nil {
		return fmt.Errorf("comment %s: %w", c.ID, err)
	}
	if err := c.Scores.Validate(); err != nil {
		return fmt.Errorf("comment %s: %w", c.ID, err)
	}
	return nil
}
