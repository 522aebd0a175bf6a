package index

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// Fragment is a passage of a hit's text. Text is plain (escape it before
// rendering); HTML is the same passage already HTML-escaped, with each
// match wrapped in <mark>…</mark> and "…" where the passage was cut. Only
// those two tags are ever inserted, so HTML is safe to render as is.
type Fragment struct {
	Span           // range of the passage in Hit.Text
	Text    string `json:"text"`
	Matches []Span `json:"matches,omitempty"` // relative to Text
	HTML    string `json:"html"`
}

// Fragment sizes in bytes.
const (
	fragmentSize   = 200
	fragmentLead   = 40 // context kept before the first match
	maxFragments   = 3
	markOpen       = "<mark>"
	markClose      = "</mark>"
	fragmentCutMrk = "…"
)

// matches returns the byte spans of the text-field matches of a hit,
// sorted and with overlaps merged.
func matches(locs search.FieldTermLocationMap, textLen int) []Span {
	var out []Span
	for _, byTerm := range locs[fieldText] {
		for _, l := range byTerm {
			s, e := int(l.Start), int(l.End)
			if s < 0 || e > textLen || s >= e {
				continue
			}
			out = append(out, Span{s, e})
		}
	}
	slices.SortFunc(out, func(a, b Span) int { return a.Start - b.Start })
	merged := out[:0]
	for _, m := range out {
		if n := len(merged); n > 0 && m.Start <= merged[n-1].End {
			merged[n-1].End = max(merged[n-1].End, m.End)
			continue
		}
		merged = append(merged, m)
	}
	return merged
}

// fragments picks up to three passages of text around ms (the first
// passage of the text when there are none).
func fragments(text string, ms []Span) []Fragment {
	if len(text) <= fragmentSize {
		return []Fragment{fragment(text, Span{0, len(text)}, ms)}
	}
	if len(ms) == 0 {
		return []Fragment{fragment(text, window(text, 0), nil)}
	}
	var out []Fragment
	covered := 0
	for _, m := range ms {
		if m.Start < covered {
			continue
		}
		w := window(text, max(0, m.Start-fragmentLead))
		if w.End < m.End { // a very long match: extend to cover it
			w.End = m.End
		}
		out = append(out, fragment(text, w, ms))
		covered = w.End
		if len(out) == maxFragments {
			break
		}
	}
	return out
}

// window returns a passage of about fragmentSize bytes starting near
// from, moved to word and rune boundaries.
func window(text string, from int) Span {
	start := from
	if start > 0 {
		// start after the last space before from, if one is close
		if i := strings.LastIndexAny(text[:start], " \n\t"); i >= 0 && start-i < 20 {
			start = i + 1
		}
		for start < len(text) && !utf8.RuneStart(text[start]) {
			start++
		}
	}
	end := min(len(text), start+fragmentSize)
	if end < len(text) {
		if i := strings.LastIndexAny(text[start:end], " \n\t"); i > fragmentSize/2 {
			end = start + i
		}
		for end > start && !utf8.RuneStart(text[end]) {
			end--
		}
	}
	return Span{start, end}
}

// fragment builds the passage w of text with the matches inside it.
func fragment(text string, w Span, ms []Span) Fragment {
	f := Fragment{Span: w, Text: text[w.Start:w.End]}
	var b strings.Builder
	if w.Start > 0 {
		b.WriteString(fragmentCutMrk)
	}
	pos := w.Start
	for _, m := range ms {
		if m.Start < w.Start || m.End > w.End {
			continue
		}
		f.Matches = append(f.Matches, Span{m.Start - w.Start, m.End - w.Start})
		b.WriteString(html.EscapeString(text[pos:m.Start]))
		b.WriteString(markOpen)
		b.WriteString(html.EscapeString(text[m.Start:m.End]))
		b.WriteString(markClose)
		pos = m.End
	}
	b.WriteString(html.EscapeString(text[pos:w.End]))
	if w.End < len(text) {
		b.WriteString(fragmentCutMrk)
	}
	f.HTML = b.String()
	return f
}
