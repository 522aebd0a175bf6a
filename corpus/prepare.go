package corpus

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// prepared is one record made ready for the store, with the time its
// tagging took.
type prepared struct {
	rec    Record
	id     string // the comment id of a comment turned into a reject
	tagged time.Duration
}

// prepare turns a source record into what the store gets: a comment that
// is redacted, validated and tagged, or a reject that is truncated and
// redacted. A comment that fails validation becomes a reject holding the
// redacted comment as JSON. Comments are modified in place; rejects are
// copied.
func (p *Pipeline) prepare(r Record, source string, now time.Time) prepared {
	if r.Reject != nil {
		rj := *r.Reject
		if rj.Source == "" {
			rj.Source = source
		}
		if rj.File == "" {
			rj.File, rj.Line = r.File, r.Line
		}
		rj.Truncate(p.cfg.MaxRaw)
		if out, kinds := p.cfg.Redactor.Redact(string(rj.Raw)); len(kinds) > 0 {
			rj.Raw = []byte(out)
		}
		rj.Reason, _ = p.cfg.Redactor.Redact(rj.Reason)
		return prepared{rec: Record{Reject: &rj, File: r.File, Line: r.Line}}
	}
	c := r.Comment
	if c == nil {
		rj := &Reject{Source: source, File: r.File, Line: r.Line, Reason: "record has neither comment nor reject", At: now}
		return prepared{rec: Record{Reject: rj, File: r.File, Line: r.Line}}
	}
	if c.Source == "" {
		c.Source = source
	}
	if c.ReceivedAt.IsZero() {
		c.ReceivedAt = now
	}
	p.redactComment(c)
	reason := ""
	if n := textBytes(c); n > p.cfg.MaxTextBytes {
		reason = fmt.Sprintf("comment %s: text is %d bytes, over the %d-byte limit", c.ID, n, p.cfg.MaxTextBytes)
	} else if err := c.Validate(); err != nil {
		reason = err.Error()
	}
	if reason != "" {
		raw, err := json.Marshal(c)
		if err != nil {
			raw = fmt.Appendf(nil, "%+v", *c)
		}
		rj := &Reject{Source: c.Source, File: r.File, Line: r.Line, Raw: raw, Reason: reason, At: now}
		rj.Truncate(p.cfg.MaxRaw)
		return prepared{rec: Record{Reject: rj, File: r.File, Line: r.Line}, id: c.ID}
	}
	var took time.Duration
	if p.tagger != nil {
		start := time.Now()
		p.tagger.Tag(c)
		took = time.Since(start)
	}
	return prepared{rec: r, tagged: took}
}

// redactComment redacts every text field and metadata value of c and
// records the kinds found in c.Redacted.
func (p *Pipeline) redactComment(c *Comment) {
	add := func(kinds []string) {
		for _, k := range kinds {
			if !slices.Contains(c.Redacted, k) {
				c.Redacted = append(c.Redacted, k)
			}
		}
	}
	for i := range c.Fields {
		out, kinds := p.cfg.Redactor.Redact(c.Fields[i].Text)
		c.Fields[i].Text = out
		add(kinds)
	}
	for k, v := range c.Meta {
		out, kinds := p.cfg.Redactor.Redact(v)
		if len(kinds) > 0 {
			c.Meta[k] = out
			add(kinds)
		}
	}
	slices.Sort(c.Redacted) // map order must not show
}

// textBytes is the total size of a comment's text fields.
func textBytes(c *Comment) int {
	n := 0
	for _, f := range c.Fields {
		n += len(f.Text)
	}
	return n
}
