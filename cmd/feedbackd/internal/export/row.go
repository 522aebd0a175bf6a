package export

import (
	"fmt"
	"time"

	"github.com/parquet-go/jsonlite"

	"github.com/feedbackd/feedbackd/corpus"
)

// Row is a stored comment as an export needs it: the fields of
// corpus.Comment and its tags that the schema carries, and the
// change-log seq of the version exported. Evidence, sentence scores and
// other explanation details are left out.
type Row struct {
	Seq        uint64
	ID         string
	Source     string
	Audience   string
	Fields     []corpus.TextField
	CreatedAt  time.Time
	ReceivedAt time.Time
	NPS        *int32
	CSAT       *int32
	CES        *int32
	Meta       []MetaValue // in stored order
	Redacted   []string

	// Tagged is false for a comment stored before the engine ran; the
	// fields below are then empty.
	Tagged          bool
	Sentiment       string
	SentimentScore  float64
	Touchpoints     []TouchpointTag
	Untagged        bool
	TaxonomyVersion string
	LexiconVersion  string
	TaggedAt        time.Time
}

// MetaValue is one metadata field of a comment.
type MetaValue struct {
	Key, Value string
}

// TouchpointTag is one touchpoint of a comment with its aspect sentiment.
type TouchpointTag struct {
	ID        string
	Label     string
	Sentiment string
	Score     float64
}

// Text returns the text fields joined as corpus.Comment.Text does.
func (r *Row) Text() string {
	c := corpus.Comment{Fields: r.Fields}
	return c.Text()
}

// MetaOf returns the value of metadata field key, and whether it is set.
func (r *Row) MetaOf(key string) (string, bool) {
	for _, m := range r.Meta {
		if m.Key == key {
			return m.Value, true
		}
	}
	return "", false
}

// decodeRow decodes a stored comment (the JSON of corpus.Comment) into r.
// It reuses r's slices: a caller that keeps a decoded row must decode the
// next one into a new Row.
// It walks the JSON once with jsonlite's iterator and skips what the
// export does not carry: 3–4 times faster than encoding/json into
// corpus.Comment, which dominated the cost of an export.
func decodeRow(seq uint64, data string, r *Row) error {
	*r = Row{Seq: seq, Fields: r.Fields[:0], Meta: r.Meta[:0], Touchpoints: r.Touchpoints[:0], Redacted: r.Redacted[:0]}
	it := jsonlite.Iterate(data)
	if !it.Next() {
		return fmt.Errorf("seq %d: empty record", seq)
	}
	var err error
	for key, kerr := range it.Object {
		if kerr != nil {
			return fmt.Errorf("seq %d: %w", seq, kerr)
		}
		switch key {
		case "id":
			r.ID, err = it.String()
		case "source":
			r.Source, err = it.String()
		case "audience":
			r.Audience, err = it.String()
		case "created_at":
			r.CreatedAt, err = parseTime(it)
		case "received_at":
			r.ReceivedAt, err = parseTime(it)
		case "fields":
			err = decodeFields(it, r)
		case "scores":
			err = decodeScores(it, r)
		case "meta":
			for k, e := range it.Object {
				if e != nil {
					return fmt.Errorf("seq %d: meta: %w", seq, e)
				}
				v, e := it.String()
				if e != nil {
					return fmt.Errorf("seq %d: meta.%s: %w", seq, k, e)
				}
				r.Meta = append(r.Meta, MetaValue{k, v})
			}
		case "redacted":
			r.Redacted, err = appendStrings(r.Redacted, it)
		case "tags":
			if it.Kind() != jsonlite.Null {
				err = decodeTags(it, r)
			}
		}
		if err != nil {
			return fmt.Errorf("seq %d: %s: %w", seq, key, err)
		}
	}
	if err := it.Err(); err != nil {
		return fmt.Errorf("seq %d: %w", seq, err)
	}
	return nil
}

// parseTime reads an RFC 3339 timestamp (with nanoseconds) as UTC.
func parseTime(it *jsonlite.Iterator) (time.Time, error) {
	s, err := it.String()
	if err != nil || s == "" {
		return time.Time{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t.UTC(), err
}

func decodeFields(it *jsonlite.Iterator, r *Row) error {
	for _, err := range it.Array {
		if err != nil {
			return err
		}
		var f corpus.TextField
		for k, err := range it.Object {
			if err != nil {
				return err
			}
			switch k {
			case "name":
				f.Name, err = it.String()
			case "text":
				f.Text, err = it.String()
			}
			if err != nil {
				return err
			}
		}
		r.Fields = append(r.Fields, f)
	}
	return nil
}

func decodeScores(it *jsonlite.Iterator, r *Row) error {
	for k, err := range it.Object {
		if err != nil {
			return err
		}
		var dst **int32
		switch k {
		case "nps":
			dst = &r.NPS
		case "csat":
			dst = &r.CSAT
		case "ces":
			dst = &r.CES
		default:
			continue
		}
		if it.Kind() == jsonlite.Null {
			continue
		}
		v, err := it.Int()
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
		n := int32(v)
		*dst = &n
	}
	return nil
}

// appendStrings appends a JSON array of strings to out.
func appendStrings(out []string, it *jsonlite.Iterator) ([]string, error) {
	for _, err := range it.Array {
		if err != nil {
			return nil, err
		}
		s, err := it.String()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// decodeScore reads a sentiment.Score object ({"label", "score"}),
// skipping the rest (sentences, evidence).
func decodeScore(it *jsonlite.Iterator) (label string, score float64, err error) {
	for k, e := range it.Object {
		if e != nil {
			return "", 0, e
		}
		switch k {
		case "label":
			label, err = it.String()
		case "score":
			score, err = it.Float()
		}
		if err != nil {
			return "", 0, err
		}
	}
	return label, score, nil
}

func decodeTags(it *jsonlite.Iterator, r *Row) error {
	r.Tagged = true
	var err error
	for k, e := range it.Object {
		if e != nil {
			return e
		}
		switch k {
		case "sentiment":
			r.Sentiment, r.SentimentScore, err = decodeScore(it)
		case "touchpoints":
			err = decodeTouchpoints(it, r)
		case "untagged":
			r.Untagged, err = it.Bool()
		case "taxonomy_version":
			r.TaxonomyVersion, err = it.String()
		case "lexicon_version":
			r.LexiconVersion, err = it.String()
		case "tagged_at":
			r.TaggedAt, err = parseTime(it)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	return nil
}

func decodeTouchpoints(it *jsonlite.Iterator, r *Row) error {
	for _, err := range it.Array {
		if err != nil {
			return err
		}
		var tp TouchpointTag
		for k, err := range it.Object {
			if err != nil {
				return err
			}
			switch k {
			case "id":
				tp.ID, err = it.String()
			case "label":
				tp.Label, err = it.String()
			case "sentiment":
				tp.Sentiment, tp.Score, err = decodeScore(it)
			}
			if err != nil {
				return err
			}
		}
		r.Touchpoints = append(r.Touchpoints, tp)
	}
	return nil
}
