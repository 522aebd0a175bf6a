package index

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/feedbackd/feedbackd/corpus"
)

func TestHighlightEscapesHTML(t *testing.T) {
	ix := openTemp(t)
	texts := map[string]string{
		"x1": `<script>alert("x")</script> my refund never came`,
		"x2": `<img src=x onerror=alert(1)> refund & "quotes" 'apos'`,
		"x3": `click <a href="javascript:alert(1)">refund</a> now`,
	}
	var docs []corpus.Comment
	for id, text := range texts {
		docs = append(docs, spec{id: id, text: text, source: "s", day: "2026-01-01"}.comment())
	}
	if err := ix.Apply(context.Background(), docs, 3); err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Query{Q: "refund script img", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 3 {
		t.Fatalf("%d hits, want 3", len(res.Hits))
	}
	for _, h := range res.Hits {
		if h.Text != texts[h.ID] {
			t.Errorf("%s: Text = %q, want the plain text", h.ID, h.Text)
		}
		for _, f := range h.Fragments {
			stripped := strings.NewReplacer(markOpen, "", markClose, "").Replace(f.HTML)
			if strings.ContainsAny(stripped, `<>"'`) {
				t.Errorf("%s: HTML %q has unescaped markup", h.ID, f.HTML)
			}
			if !strings.Contains(f.HTML, "<mark>refund</mark>") {
				t.Errorf("%s: HTML %q does not mark the match", h.ID, f.HTML)
			}
			for _, m := range f.Matches {
				if got := strings.ToLower(f.Text[m.Start:m.End]); got != "refund" && got != "script" && got != "img" {
					t.Errorf("%s: match %q is not a query term", h.ID, got)
				}
			}
		}
	}
}

func TestFragments(t *testing.T) {
	long := strings.Repeat("filler words here ", 20) + "the refund failed " + strings.Repeat("more filler text ", 20) + "refund again at the end"
	tests := []struct {
		name       string
		text       string
		term       string
		fragments  int
		leadingCut bool
	}{
		{"short text is one fragment", "my refund failed", "refund", 1, false},
		{"no match shows the start", long, "", 1, false},
		{"two distant matches", long, "refund", 2, true},
		{"multibyte text stays valid", strings.Repeat("é😀 ", 80) + "refund " + strings.Repeat("ü ", 100), "refund", 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ms []Span
			for i := 0; tt.term != ""; {
				j := strings.Index(tt.text[i:], tt.term)
				if j < 0 {
					break
				}
				ms = append(ms, Span{i + j, i + j + len(tt.term)})
				i += j + len(tt.term)
			}
			fs := fragments(tt.text, ms)
			if len(fs) != tt.fragments {
				t.Fatalf("%d fragments, want %d: %+v", len(fs), tt.fragments, fs)
			}
			if got := strings.HasPrefix(fs[0].HTML, fragmentCutMrk); got != tt.leadingCut {
				t.Errorf("leading cut = %v, want %v: %q", got, tt.leadingCut, fs[0].HTML)
			}
			for _, f := range fs {
				if !utf8.ValidString(f.Text) || !utf8.ValidString(f.HTML) {
					t.Errorf("fragment is not valid UTF-8: %q", f.Text)
				}
				if tt.text[f.Start:f.End] != f.Text {
					t.Errorf("fragment span %v does not match its text", f.Span)
				}
				if len(f.Text) > fragmentSize {
					t.Errorf("fragment of %d bytes, want at most %d", len(f.Text), fragmentSize)
				}
				if tt.term != "" && strings.Count(f.HTML, markOpen) != strings.Count(f.Text, tt.term) {
					t.Errorf("fragment %q marks %d of %d matches", f.HTML, strings.Count(f.HTML, markOpen), strings.Count(f.Text, tt.term))
				}
			}
		})
	}
}
