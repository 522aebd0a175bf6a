package export

import (
	"strconv"
	"strings"

	"github.com/feedbackd/feedbackd/corpus"
)

// appendJSONString appends s as a JSON string. It escapes what JSON
// requires plus <, > and & (like encoding/json) and passes other UTF-8
// through.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendFieldsJSON appends the text fields as a JSON array of
// {"name","text"} objects.
func appendFieldsJSON(b []byte, fs []corpus.TextField) []byte {
	b = append(b, '[')
	for i, f := range fs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":`...)
		b = appendJSONString(b, f.Name)
		b = append(b, `,"text":`...)
		b = appendJSONString(b, f.Text)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendMetaJSON appends the metadata as a JSON object in stored order
// (sorted by key).
func appendMetaJSON(b []byte, ms []MetaValue) []byte {
	b = append(b, '{')
	for i, m := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, m.Key)
		b = append(b, ':')
		b = appendJSONString(b, m.Value)
	}
	return append(b, '}')
}

// appendStringsJSON appends ss as a JSON array.
func appendStringsJSON(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// formatFloat formats a score in its shortest exact form.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// touchpointIDs returns the ids of the row's touchpoints.
func touchpointIDs(r *Row) []string {
	ids := make([]string, len(r.Touchpoints))
	for i, tp := range r.Touchpoints {
		ids[i] = tp.ID
	}
	return ids
}

// joinList joins a list column for CSV.
func joinList(ss []string) string { return strings.Join(ss, listSeparator) }
