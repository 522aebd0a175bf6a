package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/sentiment"
)

// classifier is what the commands need of the text engine.
type classifier interface {
	Classify(classify.Comment) classify.Result
	Versions() (taxonomy, lexicon string)
}

// rawInput is one input line as JSON. Fields stay raw so their types can be
// checked with messages that name the field.
type rawInput struct {
	ID        json.RawMessage `json:"id"`
	Text      json.RawMessage `json:"text"`
	Audience  json.RawMessage `json:"audience"`
	CreatedAt json.RawMessage `json:"created_at"`
	Scores    json.RawMessage `json:"scores"`
	Meta      json.RawMessage `json:"meta"`
	Gold      json.RawMessage `json:"gold"` // eval only
}

// input is a decoded, validated input line.
type input struct {
	ID        json.RawMessage // string or number as given; nil when absent
	Comment   classify.Comment
	CreatedAt json.RawMessage // passed through
	Scores    json.RawMessage // passed through
	Gold      json.RawMessage // eval only
	Warnings  []string        // repairs made to the input
}

// lineError is why a line could not be used; id is set when it was readable.
type lineError struct {
	id  json.RawMessage
	msg string
}

func (e *lineError) Error() string { return e.msg }

// decodeInput parses one NDJSON line. Invalid UTF-8 is replaced with U+FFFD
// and flagged; an audience other than customer or employee is dropped and
// flagged; meta values that are numbers or booleans become their JSON text.
func decodeInput(data []byte, defaultAudience string) (input, *lineError) {
	var in input
	if !utf8.Valid(data) {
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
		in.Warnings = append(in.Warnings, "invalid UTF-8 replaced with U+FFFD")
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		if !json.Valid(trimmed) {
			return in, &lineError{msg: "invalid JSON: " + jsonSyntaxError(trimmed)}
		}
		return in, &lineError{msg: "not a JSON object"}
	}
	var raw rawInput
	if err := json.Unmarshal(trimmed, &raw); err != nil {
		return in, &lineError{msg: "invalid JSON: " + err.Error()}
	}
	if isSet(raw.ID) {
		if k := kind(raw.ID); k != "string" && k != "number" {
			return in, &lineError{msg: fmt.Sprintf(`"id" must be a string or a number, got %s`, k)}
		}
		in.ID = raw.ID
	}
	fail := func(format string, args ...any) (input, *lineError) {
		return in, &lineError{id: in.ID, msg: fmt.Sprintf(format, args...)}
	}
	if !isSet(raw.Text) {
		return fail(`missing "text"`)
	}
	if k := kind(raw.Text); k != "string" {
		return fail(`"text" must be a string, got %s`, k)
	}
	if err := json.Unmarshal(raw.Text, &in.Comment.Text); err != nil {
		return fail(`"text": %v`, err)
	}
	in.Comment.Audience = defaultAudience
	if isSet(raw.Audience) {
		var a string
		if err := json.Unmarshal(raw.Audience, &a); err != nil {
			return fail(`"audience" must be a string, got %s`, kind(raw.Audience))
		}
		switch a = strings.ToLower(strings.TrimSpace(a)); a {
		case "customer", "employee":
			in.Comment.Audience = a
		case "":
		default:
			in.Warnings = append(in.Warnings, fmt.Sprintf("unknown audience %q ignored (want customer or employee)", a))
		}
	}
	if isSet(raw.Meta) {
		meta, err := decodeMeta(raw.Meta)
		if err != "" {
			return fail("%s", err)
		}
		in.Comment.Meta = meta
	}
	if isSet(raw.CreatedAt) {
		in.CreatedAt = raw.CreatedAt
	}
	if isSet(raw.Scores) {
		in.Scores = raw.Scores
	}
	if isSet(raw.Gold) {
		in.Gold = raw.Gold
	}
	return in, nil
}

func decodeMeta(raw json.RawMessage) (map[string]string, string) {
	if kind(raw) != "object" {
		return nil, fmt.Sprintf(`"meta" must be an object of strings, got %s`, kind(raw))
	}
	var meta map[string]string
	if json.Unmarshal(raw, &meta) == nil && !bytes.Contains(raw, []byte("null")) {
		return meta, "" // the common case: every value a string
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, fmt.Sprintf(`"meta": %v`, err)
	}
	meta = make(map[string]string, len(fields))
	for k, v := range fields {
		switch kind(v) {
		case "string":
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, fmt.Sprintf(`"meta" field %q: %v`, k, err)
			}
			meta[k] = s
		case "number", "boolean":
			meta[k] = string(v)
		case "null":
		default:
			return nil, fmt.Sprintf(`"meta" field %q must be a string, got %s`, k, kind(v))
		}
	}
	return meta, ""
}

// isSet reports whether a raw field was present and not null.
func isSet(raw json.RawMessage) bool { return len(raw) > 0 && string(raw) != "null" }

// kind names the JSON type of a raw value, for error messages.
func kind(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		return "number"
	}
}

// jsonSyntaxError returns why data is not valid JSON.
func jsonSyntaxError(data []byte) string {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err.Error()
	}
	return "not a JSON object"
}

// output is one classified comment as written by `feedbackd classify`.
type output struct {
	ID              json.RawMessage       `json:"id,omitempty"`
	Sentiment       sentiment.Score       `json:"sentiment"`
	Touchpoints     []classify.Touchpoint `json:"touchpoints"`
	Untagged        bool                  `json:"untagged"`
	Explanation     explanation           `json:"explanation"`
	TaxonomyVersion string                `json:"taxonomy_version"`
	LexiconVersion  string                `json:"lexicon_version"`
	Audience        string                `json:"audience,omitempty"`
	CreatedAt       json.RawMessage       `json:"created_at,omitempty"`
	Scores          json.RawMessage       `json:"scores,omitempty"`
	Meta            map[string]string     `json:"meta,omitempty"`
	Warnings        []string              `json:"warnings,omitempty"`
}

// explanation is why the comment got its overall sentiment: the score of
// each sentence and every contributing term with its byte offsets.
type explanation struct {
	Sentences []sentiment.SentenceScore `json:"sentences"`
	Evidence  []sentiment.Evidence      `json:"evidence"`
}

// errorOutput replaces a line that could not be classified.
type errorOutput struct {
	Line  int             `json:"line"`
	File  string          `json:"file,omitempty"`
	ID    json.RawMessage `json:"id,omitempty"`
	Error string          `json:"error"`
}

// classifyInput runs the engine on a decoded line. Empty text is neutral
// and untagged without consulting the engine.
func classifyInput(eng classifier, in input) output {
	tv, lv := eng.Versions()
	var res classify.Result
	if strings.TrimSpace(in.Comment.Text) == "" {
		res = classify.Result{Sentiment: sentiment.Result{Score: sentiment.Score{Label: sentiment.Neutral}}, Untagged: true}
	} else {
		res = eng.Classify(in.Comment)
	}
	out := output{
		ID:          in.ID,
		Sentiment:   res.Sentiment.Score,
		Touchpoints: res.Touchpoints,
		Untagged:    res.Untagged || len(res.Touchpoints) == 0,
		Explanation: explanation{
			Sentences: res.Sentiment.Sentences,
			Evidence:  res.Sentiment.Evidence,
		},
		TaxonomyVersion: tv,
		LexiconVersion:  lv,
		Audience:        in.Comment.Audience,
		CreatedAt:       in.CreatedAt,
		Scores:          in.Scores,
		Meta:            in.Comment.Meta,
		Warnings:        in.Warnings,
	}
	if out.Touchpoints == nil {
		out.Touchpoints = []classify.Touchpoint{}
	}
	if out.Explanation.Sentences == nil {
		out.Explanation.Sentences = []sentiment.SentenceScore{}
	}
	if out.Explanation.Evidence == nil {
		out.Explanation.Evidence = []sentiment.Evidence{}
	}
	return out
}

// marshal encodes v as one line of JSON without HTML escaping.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
