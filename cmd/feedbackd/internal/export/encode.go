package export

import (
	"strconv"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

// appendJSONString appends s as a JSON string. It escapes what JSON
// requires plus <, > and & (like encoding/json) and passes other UTF-8
// through.
func appendJSONString(b []byte, s string) []byte {
	return append(appendJSONBody(append(b, '"'), s), '"')
}

// appendJSONBody appends s escaped as inside a JSON string.
func appendJSONBody(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
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
	return append(b, s[start:]...)
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

// appendUTCTime appends t in UTC as timeLayout does
// (2006-01-02T15:04:05.000000Z, microseconds truncated), without
// time.Format's layout parsing; a zero time appends nothing.
func appendUTCTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	t = t.UTC()
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, timeLayout)
	}
	h, mi, s := t.Clock()
	us := t.Nanosecond() / 1000
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(mo)/10), byte('0'+int(mo)%10), '-', byte('0'+d/10), byte('0'+d%10), 'T',
		byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+s/10), byte('0'+s%10), '.')
	return append(b, byte('0'+us/100000), byte('0'+us/10000%10), byte('0'+us/1000%10),
		byte('0'+us/100%10), byte('0'+us/10%10), byte('0'+us%10), 'Z')
}

// appendJSONText appends the text fields joined as the text column (see
// textSeparator) as one JSON string.
func appendJSONText(b []byte, fs []corpus.TextField) []byte {
	b = append(b, '"')
	for i, f := range fs {
		if i > 0 {
			b = append(b, `\n\n`...)
		}
		b = appendJSONBody(b, f.Text)
	}
	return append(b, '"')
}
