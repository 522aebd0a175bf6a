package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// The classify output is written by hand: encoding/json spent a fifth of
// the per-line time on it (reflection, and re-compacting the output of
// classify.Evidence's MarshalJSON). TestAppendOutputMatchesEncodingJSON
// checks that the bytes equal encoding/json's, so a field added upstream
// fails that test rather than going missing.

var errNotFinite = errors.New("score is not a finite number")

// appendOutput appends out as one line of JSON (no newline).
func appendOutput(b []byte, out *output) ([]byte, error) {
	e := jsonAppender{b: b}
	if len(out.ID) > 0 {
		e.key("id", true)
		e.rawJSON(out.ID)
	}
	e.key("sentiment", len(out.ID) == 0)
	e.score(string(out.Sentiment.Label), out.Sentiment.Score)
	e.key("touchpoints", false)
	e.open(out.Touchpoints == nil)
	for i := range out.Touchpoints {
		tp := &out.Touchpoints[i]
		if i > 0 {
			e.raw(",")
		}
		e.key("id", true)
		e.str(tp.ID)
		e.key("label", false)
		e.str(tp.Label)
		e.key("sentiment", false)
		e.score(string(tp.Sentiment.Label), tp.Sentiment.Score)
		e.key("sentiment_from", false)
		e.str(tp.SentimentFrom)
		e.key("evidence", false)
		if tp.Evidence == nil {
			e.raw("null")
		} else {
			e.raw("[")
			for j, ev := range tp.Evidence {
				if j > 0 {
					e.raw(",")
				}
				e.key("rule", true)
				e.str(ev.Rule)
				if ev.Term != "" {
					e.key("term", false)
					e.str(ev.Term)
					e.key("start", false)
					e.int(ev.Start)
					e.key("end", false)
					e.int(ev.End)
				}
				e.raw("}")
			}
			e.raw("]")
		}
		e.key("mentions", false)
		e.int(tp.Mentions)
		e.raw("}")
	}
	e.close(out.Touchpoints == nil)
	e.key("untagged", false)
	e.bool(out.Untagged)
	e.key("explanation", false)
	e.key("sentences", true)
	e.open(out.Explanation.Sentences == nil)
	for i, s := range out.Explanation.Sentences {
		if i > 0 {
			e.raw(",")
		}
		e.key("start", true)
		e.int(s.Start)
		e.key("end", false)
		e.int(s.End)
		e.key("label", false)
		e.str(string(s.Label))
		e.key("score", false)
		e.float(s.Score.Score)
		e.raw("}")
	}
	e.close(out.Explanation.Sentences == nil)
	e.key("evidence", false)
	e.open(out.Explanation.Evidence == nil)
	for i, ev := range out.Explanation.Evidence {
		if i > 0 {
			e.raw(",")
		}
		e.key("term", true)
		e.str(ev.Term)
		e.key("start", false)
		e.int(ev.Start)
		e.key("end", false)
		e.int(ev.End)
		e.key("source", false)
		e.str(ev.Source)
		if ev.Rule != "" {
			e.key("rule", false)
			e.str(ev.Rule)
		}
		e.key("valence", false)
		e.float(ev.Valence)
		e.key("weight", false)
		e.float(ev.Weight)
		if len(ev.Modifiers) > 0 {
			e.key("modifiers", false)
			e.raw("[")
			for j, m := range ev.Modifiers {
				if j > 0 {
					e.raw(",")
				}
				e.str(m)
			}
			e.raw("]")
		}
		e.raw("}")
	}
	e.close(out.Explanation.Evidence == nil)
	e.raw("}")
	e.key("taxonomy_version", false)
	e.str(out.TaxonomyVersion)
	e.key("lexicon_version", false)
	e.str(out.LexiconVersion)
	if out.Audience != "" {
		e.key("audience", false)
		e.str(out.Audience)
	}
	if len(out.CreatedAt) > 0 {
		e.key("created_at", false)
		e.rawJSON(out.CreatedAt)
	}
	if len(out.Scores) > 0 {
		e.key("scores", false)
		e.rawJSON(out.Scores)
	}
	if len(out.Meta) > 0 {
		// encoding/json sorts map keys; so do we, for identical output.
		e.key("meta", false)
		for i, k := range slices.Sorted(maps.Keys(out.Meta)) {
			e.key(k, i == 0)
			e.str(out.Meta[k])
		}
		e.raw("}")
	}
	if len(out.Warnings) > 0 {
		e.key("warnings", false)
		e.raw("[")
		for i, w := range out.Warnings {
			if i > 0 {
				e.raw(",")
			}
			e.str(w)
		}
		e.raw("]")
	}
	e.raw("}")
	return e.b, e.err
}

// jsonAppender appends JSON tokens to b and remembers the first error.
type jsonAppender struct {
	b   []byte
	err error
}

func (e *jsonAppender) raw(s string) { e.b = append(e.b, s...) }

// open starts an array, or writes null for a nil slice (as encoding/json).
func (e *jsonAppender) open(isNil bool) {
	if isNil {
		e.raw("null")
	} else {
		e.raw("[")
	}
}

// close ends an array started by open.
func (e *jsonAppender) close(isNil bool) {
	if !isNil {
		e.raw("]")
	}
}

// key writes `"k":`, preceded by "{" when first and "," otherwise.
func (e *jsonAppender) key(k string, first bool) {
	if first {
		e.b = append(e.b, '{')
	} else {
		e.b = append(e.b, ',')
	}
	e.str(k)
	e.b = append(e.b, ':')
}

func (e *jsonAppender) score(label string, score float64) {
	e.key("label", true)
	e.str(label)
	e.key("score", false)
	e.float(score)
	e.b = append(e.b, '}')
}

func (e *jsonAppender) int(n int) { e.b = strconv.AppendInt(e.b, int64(n), 10) }

func (e *jsonAppender) bool(v bool) { e.b = strconv.AppendBool(e.b, v) }

// float formats like encoding/json: shortest representation, exponent
// form only for very small or very large magnitudes.
func (e *jsonAppender) float(f float64) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		e.err = errNotFinite
		e.b = append(e.b, '0')
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	e.b = strconv.AppendFloat(e.b, f, format, -1, 64)
	if format == 'e' { // 1e-07 → 1e-7, as encoding/json writes it
		n := len(e.b)
		if n >= 4 && e.b[n-4] == 'e' && e.b[n-3] == '-' && e.b[n-2] == '0' {
			e.b[n-2] = e.b[n-1]
			e.b = e.b[:n-1]
		}
	}
}

// rawJSON appends an already valid JSON value, compacted.
func (e *jsonAppender) rawJSON(v json.RawMessage) {
	if bytes.ContainsAny(v, " \t\r\n") {
		var buf bytes.Buffer
		if err := json.Compact(&buf, v); err != nil {
			e.err = err
			return
		}
		e.b = append(e.b, buf.Bytes()...)
		return
	}
	e.b = append(e.b, v...)
}

const hex = "0123456789abcdef"

// str appends s as a JSON string the way encoding/json does without HTML
// escaping: invalid UTF-8 becomes U+FFFD, U+2028 and U+2029 are escaped.
func (e *jsonAppender) str(s string) {
	b := append(e.b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	e.b = append(b, '"')
}
