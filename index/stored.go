package index

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

// stored is the compact record kept in the stored-only "hit" field: what a
// search hit needs to render without a trip to the raw store. Short JSON
// keys keep it small; the text itself is stored in the text field.
type stored struct {
	Source     string            `json:"s"`
	Audience   string            `json:"a,omitempty"`
	Created    int64             `json:"c"` // unix nanoseconds
	Received   int64             `json:"r,omitempty"`
	Label      string            `json:"l,omitempty"`
	Score      float64           `json:"x,omitempty"`
	Evidence   [][3]float64      `json:"e,omitempty"` // start, end, weight
	Touch      []storedTouch     `json:"t,omitempty"`
	NPS        *int              `json:"n,omitempty"`
	CSAT       *int              `json:"cs,omitempty"`
	CES        *int              `json:"ce,omitempty"`
	Meta       map[string]string `json:"m,omitempty"`
	Fields     []storedField     `json:"f,omitempty"` // where each text field lies in the text
	Untagged   bool              `json:"u,omitempty"`
	Taxonomy   string            `json:"tv,omitempty"`
	Redactions []string          `json:"rd,omitempty"`
}

type storedTouch struct {
	ID    string   `json:"i"`
	Label string   `json:"l,omitempty"`
	Sent  string   `json:"s,omitempty"`
	Score float64  `json:"x,omitempty"`
	Spans [][2]int `json:"e,omitempty"` // text evidence only
}

type storedField struct {
	Name  string `json:"n"`
	Start int    `json:"s"`
	End   int    `json:"e"`
}

func newStored(c *corpus.Comment) stored {
	s := stored{
		Source:     c.Source,
		Audience:   string(c.Audience),
		Created:    c.CreatedAt.UnixNano(),
		NPS:        c.Scores.NPS,
		CSAT:       c.Scores.CSAT,
		CES:        c.Scores.CES,
		Meta:       c.Meta,
		Redactions: c.Redacted,
	}
	if !c.ReceivedAt.IsZero() {
		s.Received = c.ReceivedAt.UnixNano()
	}
	off := 0
	for i, f := range c.Fields {
		if i > 0 {
			off += len("\n\n") // corpus joins fields with a blank line
		}
		s.Fields = append(s.Fields, storedField{Name: f.Name, Start: off, End: off + len(f.Text)})
		off += len(f.Text)
	}
	t := c.Tags
	if t == nil {
		s.Untagged = true
		return s
	}
	s.Label = string(t.Sentiment.Label)
	s.Score = t.Sentiment.Score.Score
	s.Untagged = t.Untagged
	s.Taxonomy = t.TaxonomyVersion
	for _, e := range t.Sentiment.Evidence {
		s.Evidence = append(s.Evidence, [3]float64{float64(e.Start), float64(e.End), e.Weight})
	}
	for _, tp := range t.Touchpoints {
		st := storedTouch{ID: tp.ID, Label: tp.Label, Sent: string(tp.Sentiment.Label), Score: tp.Sentiment.Score}
		for _, e := range tp.Evidence {
			if e.Term != "" {
				st.Spans = append(st.Spans, [2]int{e.Start, e.End})
			}
		}
		s.Touch = append(s.Touch, st)
	}
	return s
}

// fill decodes the stored record into h.
func (h *Hit) fill(blob string) error {
	var s stored
	if err := json.Unmarshal([]byte(blob), &s); err != nil {
		return fmt.Errorf("decode stored hit %s: %w", h.ID, err)
	}
	h.Source = s.Source
	h.Audience = s.Audience
	h.CreatedAt = time.Unix(0, s.Created).UTC()
	if s.Received != 0 {
		h.ReceivedAt = time.Unix(0, s.Received).UTC()
	}
	h.Sentiment = Sentiment{Label: s.Label, Score: s.Score}
	for _, e := range s.Evidence {
		h.Sentiment.Evidence = append(h.Sentiment.Evidence, WeightedSpan{Span: Span{int(e[0]), int(e[1])}, Weight: e[2]})
	}
	for _, st := range s.Touch {
		tp := Touchpoint{ID: st.ID, Label: st.Label, Sentiment: st.Sent, Score: st.Score}
		for _, sp := range st.Spans {
			tp.Evidence = append(tp.Evidence, Span{sp[0], sp[1]})
		}
		h.Touchpoints = append(h.Touchpoints, tp)
	}
	h.Scores = corpus.Scores{NPS: s.NPS, CSAT: s.CSAT, CES: s.CES}
	h.Meta = s.Meta
	h.Untagged = s.Untagged
	h.TaxonomyVersion = s.Taxonomy
	h.Redacted = s.Redactions
	for _, f := range s.Fields {
		h.Fields = append(h.Fields, Field{Name: f.Name, Span: Span{f.Start, f.End}})
	}
	return nil
}
