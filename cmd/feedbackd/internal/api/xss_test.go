package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestStoredXSS: comment text written by the public comes back escaped in
// fragments (the only HTML) and as JSON strings whose <, > and & are
// \u-escaped everywhere else, so no reply contains a raw tag.
func TestStoredXSS(t *testing.T) {
	f := newFixture(t, testConfig(), nil)
	rawTag := regexp.MustCompile(`<[a-zA-Z/!]`)
	for _, path := range []string{
		"/api/v1/search?q=script&size=50",
		"/api/v1/search?q=onerror&size=50",
		"/api/v1/search?q=javascript&size=50",
		"/api/v1/search?q=refund&size=50",
		"/api/v1/search?meta.channel=web&size=50",
		"/api/v1/comments/c09",
		"/api/v1/comments/c10",
		"/api/v1/comments/c11",
	} {
		code, _, body := f.do(t, http.MethodGet, path, "", nil)
		if code != http.StatusOK {
			t.Fatalf("%s: %d %s", path, code, body)
		}
		if m := rawTag.Find(body); m != nil {
			t.Errorf("%s: raw tag %q in the JSON body", path, m)
		}
		if strings.Contains(string(body), "javascript:alert") && !strings.Contains(string(body), `\u003ca href=\"javascript:alert`) {
			t.Errorf("%s: javascript: link not inside an escaped string", path)
		}
	}

	r := f.search(t, "meta.channel=web&sort=oldest&size=50")
	allowed := regexp.MustCompile(`</?mark>`)
	seen := 0
	for _, h := range r.Hits {
		for _, fr := range h.Fragments {
			rest := allowed.ReplaceAllString(fr.HTML, "")
			if strings.ContainsAny(rest, "<>\"'") {
				t.Errorf("%s: fragment HTML %q has markup besides <mark>", h.ID, fr.HTML)
			}
		}
		switch h.ID {
		case "c09":
			seen++
			if !strings.Contains(h.Fragments[0].HTML, "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;") {
				t.Errorf("c09 fragment %q", h.Fragments[0].HTML)
			}
			if !strings.Contains(h.Text, "<script>") {
				t.Errorf("c09 text must stay the plain text: %q", h.Text)
			}
		case "c10":
			seen++
			if !strings.Contains(h.Fragments[0].HTML, "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;") {
				t.Errorf("c10 fragment %q", h.Fragments[0].HTML)
			}
		case "c11":
			seen++
			// Unicode tricks pass through as text; the JSON is still valid
			// and the bidi override is kept verbatim, not interpreted.
			if !strings.Contains(h.Text, "\u202e") || !strings.Contains(h.Fragments[0].HTML, "＜script＞") || !strings.Contains(h.Fragments[0].HTML, "&amp;amp;") {
				t.Errorf("c11 fragment %q text %q", h.Fragments[0].HTML, h.Text)
			}
		}
	}
	if seen != 3 {
		t.Errorf("saw %d of the 3 XSS comments", seen)
	}

	// The highlight of a query term inside a tag is escaped too.
	r = f.search(t, "q=script&size=5")
	for _, h := range r.Hits {
		for _, fr := range h.Fragments {
			if strings.Contains(fr.HTML, "<script") || !strings.Contains(fr.HTML, "<mark>") {
				t.Errorf("%s: %q", h.ID, fr.HTML)
			}
		}
	}
	var raw map[string]any
	_, _, body := f.do(t, http.MethodGet, "/api/v1/comments/c11", "", nil)
	if err := json.Unmarshal(body, &raw); err != nil || raw["text"] != testComments[10].text {
		t.Errorf("c11 does not round-trip as a JSON string: %v", err)
	}
}
