package digest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGolden renders the fixed content in every format and compares with
// testdata/golden (go test -run TestGolden -update rewrites them).
func TestGolden(t *testing.T) {
	m := testMessage(t)
	jsonBody, err := m.JSONBody()
	if err != nil {
		t.Fatal(err)
	}
	slackBody, err := m.SlackBody()
	if err != nil {
		t.Fatal(err)
	}
	lc := littleSample()
	little := render(t, "", &lc)
	// Headline figures only, as before the trends engine.
	hc := Content{Digest: "weekly", Title: "Weekly", Period: lc.Period, Scope: "All comments",
		Headline: Headline{Volume: Change{Value: 412, Previous: 0, HasPrevious: true}, NetSentiment: Change{Value: -3.5}},
		Notes:    []string{"Only counts: pain points are not computed yet."}}
	headline := render(t, "", &hc)
	files := map[string]string{
		"fixture.subject.txt": m.Subject + "\n",
		"fixture.md":          m.Markdown,
		"fixture.html":        m.HTML,
		"fixture.txt":         m.Text,
		"fixture.slack.txt":   m.Slack,
		"fixture.json":        indent(t, jsonBody),
		"fixture.slack.json":  indent(t, slackBody),
		"little.md":           little.Markdown,
		"little.txt":          little.Text,
		"headline.md":         headline.Markdown,
		"headline.txt":        headline.Text,
		"headline.slack.txt":  headline.Slack,
	}
	for name, got := range files {
		path := filepath.Join("testdata", "golden", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestGolden -update)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from the golden file (go test -run TestGolden -update rewrites it); got:\n%s", name, got)
		}
	}
}

// render renders c with the templates of dir ("" for the defaults).
func render(t *testing.T, dir string, c *Content) Rendered {
	t.Helper()
	tpl, err := LoadTemplates(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := tpl.Render(c)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func indent(t *testing.T, b []byte) string {
	t.Helper()
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		t.Fatal(err)
	}
	return out.String() + "\n"
}

// TestEscaping checks comment text cannot inject markup into any format.
func TestEscaping(t *testing.T) {
	m := testMessage(t)
	for name, s := range map[string]string{"HTML": m.HTML, "Markdown": m.Markdown, "Slack": m.Slack} {
		if strings.Contains(s, "<script>") || strings.Contains(s, "<b>") {
			t.Errorf("%s holds the comment's markup unescaped", name)
		}
	}
	if !strings.Contains(m.HTML, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; *bold*") {
		t.Error("HTML: escaped comment missing")
	}
	if !strings.Contains(m.Markdown, `&lt;script>alert("x")&lt;/script> &amp; \*bold\* \[link\](http://evil.example) \| pipe &lt;b>`) {
		t.Errorf("Markdown: escaped comment missing:\n%s", m.Markdown)
	}
	if !strings.Contains(m.Text, hostile) {
		t.Error("plain text: the comment should be as written")
	}
}

// TestTemplateOverrides checks a folder overrides only the templates it
// has, and that a broken or unknown file is an error naming it.
func TestTemplateOverrides(t *testing.T) {
	write := func(t *testing.T, files map[string]string) string {
		dir := t.TempDir()
		for name, body := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	t.Run("override", func(t *testing.T) {
		c := fixture()
		r := render(t, write(t, map[string]string{
			"subject.tmpl": `[{{.Digest}}] {{len .PainPoints}} pain points`,
			"html.tmpl":    `<p>{{range .PainPoints}}{{(index .Comments 0).Text}}{{end}}</p>`,
		}), &c)
		if r.Subject != "[weekly-pain-points] 2 pain points" {
			t.Errorf("subject %q", r.Subject)
		}
		if strings.Contains(r.HTML, "<script>") || !strings.Contains(r.HTML, "&lt;script&gt;") {
			t.Errorf("an HTML override must escape too: %s", r.HTML)
		}
		if def := render(t, "", &c); r.Markdown != def.Markdown || r.Text != def.Text || r.Slack != def.Slack {
			t.Error("a template the folder lacks should be the default")
		}
	})
	for name, tc := range map[string]struct {
		files map[string]string
		want  string
	}{
		"syntax":  {map[string]string{"markdown.tmpl": "{{if .Title}}"}, `markdown.tmpl: template: markdown.tmpl:1: unexpected EOF`},
		"field":   {map[string]string{"text.tmpl": "{{.Titel}}"}, `text.tmpl: template: text.tmpl:1:2: executing "text.tmpl" at <.Titel>: can't evaluate field Titel in type *digest.Content`},
		"unknown": {map[string]string{"email.tmpl": "x"}, `email.tmpl: not a digest template; want subject.tmpl, markdown.tmpl, text.tmpl, html.tmpl, slack.tmpl`},
	} {
		t.Run(name, func(t *testing.T) {
			dir := write(t, tc.files)
			_, err := LoadTemplates(dir)
			if err == nil || err.Error() != filepath.Join(dir, tc.want) {
				t.Errorf("got  %v\nwant %s", err, filepath.Join(dir, tc.want))
			}
		})
	}
}
