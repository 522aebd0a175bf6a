package digest

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	texttemplate "text/template"
	"unicode/utf8"
)

// defaults are the embedded templates, one file per rendering.
//
//go:embed templates/*.tmpl
var defaults embed.FS

// Template file names: a templates folder overrides any of them.
const (
	SubjectTemplate  = "subject.tmpl"  // text/template: the e-mail subject and the Slack fallback text
	MarkdownTemplate = "markdown.tmpl" // text/template: the .md file
	TextTemplate     = "text.tmpl"     // text/template: the e-mail's text/plain part
	HTMLTemplate     = "html.tmpl"     // html/template: the .html file and the e-mail's text/html part
	SlackTemplate    = "slack.tmpl"    // text/template: Slack mrkdwn
)

// templateNames lists the templates in rendering order.
var templateNames = []string{SubjectTemplate, MarkdownTemplate, TextTemplate, HTMLTemplate, SlackTemplate}

// Templates render a Content in every format a channel needs.
type Templates struct {
	text map[string]*texttemplate.Template // every name but HTMLTemplate
	html *htmltemplate.Template
	// Dir is the override folder ("" for the embedded defaults only).
	Dir string
}

// Rendered is a Content in every format.
type Rendered struct {
	Subject  string // one line
	Markdown string
	Text     string
	HTML     string
	Slack    string // Slack mrkdwn
}

// LoadTemplates returns the embedded templates with the files of dir
// ("" for none) in their place. A missing file keeps the default; a file
// that does not parse, or fails on a sample digest, is an error naming
// it, and so is a .tmpl file that overrides nothing.
func LoadTemplates(dir string) (*Templates, error) {
	t := &Templates{text: map[string]*texttemplate.Template{}, Dir: dir}
	if dir != "" {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("template folder: %w", err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".tmpl") && !slices.Contains(templateNames, e.Name()) {
				return nil, fmt.Errorf("%s: not a digest template; want %s", filepath.Join(dir, e.Name()), strings.Join(templateNames, ", "))
			}
		}
	}
	var errs []error
	for _, name := range templateNames {
		src, file, err := source(dir, name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if name == HTMLTemplate {
			t.html, err = htmltemplate.New(name).Funcs(funcs).Option("missingkey=error").Parse(src)
		} else {
			t.text[name], err = texttemplate.New(name).Funcs(funcs).Option("missingkey=error").Parse(src)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", file, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// A template can parse and still fail (a misspelt field): try it.
	for _, c := range []Content{sample(), littleSample()} {
		if _, err := t.Render(&c); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// source returns the text of template name from dir, or the default, and
// the file it came from.
func source(dir, name string) (src, file string, err error) {
	if dir != "" {
		file = filepath.Join(dir, name)
		b, err := os.ReadFile(file)
		if err == nil {
			return string(b), file, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", file, fmt.Errorf("%s: %w", file, err)
		}
	}
	b, err := defaults.ReadFile("templates/" + name)
	return string(b), "embedded " + name, err
}

// Render renders c with every template. Errors name the template file.
func (t *Templates) Render(c *Content) (Rendered, error) {
	var r Rendered
	out := map[string]*string{SubjectTemplate: &r.Subject, MarkdownTemplate: &r.Markdown,
		TextTemplate: &r.Text, HTMLTemplate: &r.HTML, SlackTemplate: &r.Slack}
	var buf bytes.Buffer
	for _, name := range templateNames {
		buf.Reset()
		var err error
		if name == HTMLTemplate {
			err = t.html.Execute(&buf, c)
		} else {
			err = t.text[name].Execute(&buf, c)
		}
		if err != nil {
			return r, fmt.Errorf("%s: %w", t.file(name), err)
		}
		*out[name] = buf.String()
	}
	r.Subject = oneLine(r.Subject)
	for _, s := range []*string{&r.Markdown, &r.Text, &r.Slack, &r.HTML} {
		*s = strings.TrimSpace(*s) + "\n"
	}
	return r, nil
}

// file names template name for an error message.
func (t *Templates) file(name string) string {
	if t.Dir != "" {
		if _, err := os.Stat(filepath.Join(t.Dir, name)); err == nil {
			return filepath.Join(t.Dir, name)
		}
	}
	return "embedded " + name
}

// funcs are the functions every template can call (docs/digests.md).
var funcs = map[string]any{
	"num":       num,
	"signed":    signed,
	"change":    change,
	"impact":    impact,
	"excerpt":   excerpt,
	"oneline":   oneLine,
	"md":        escapeMarkdown,
	"slack":     escapeSlack,
	"slacklink": slackLink,
	"inc":       func(i int) int { return i + 1 },
	"date":      func(t interface{ Format(string) string }) string { return t.Format("2 Jan 2006") },
}

// num formats a figure: whole numbers without decimals, others with one.
func num(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}

// signed is num with a sign: "+15", "-3.1", "0".
func signed(f float64) string {
	s := num(f)
	if f > 0 || (f == 0 && s != "0") {
		return "+" + s
	}
	if s == "-0" || s == "-0.0" {
		return "0"
	}
	return s
}

// change says how a figure moved: "+15 vs 197", or "no comparison".
func change(c Change) string {
	if !c.HasPrevious {
		return "no comparison"
	}
	return signed(c.Delta()) + " vs " + num(c.Previous)
}

// impact says a score impact: "NPS impact -3.1 (95% CI -4.2 to -2.0)",
// "" without one.
func impact(i Impact) string {
	if i.Metric == "" {
		return ""
	}
	s := i.Metric + " impact " + signed(i.Value)
	if i.Level > 0 && i.Low != i.High {
		s += fmt.Sprintf(" (%s%% CI %s to %s)", num(i.Level*100), signed(i.Low), signed(i.High))
	}
	return s
}

// excerpt returns s on one line, cut at a word boundary to at most n
// runes with "…" when longer.
func excerpt(n int, s string) string {
	s = oneLine(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)[:n]
	cut := string(rs)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// oneLine folds every run of white space, line breaks included, into one
// space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// markdownSpecial are the characters escaped in inline Markdown text
// (the templates never start a line with comment text, so the ones that
// only matter there, such as # and 1., stay as they are).
const markdownSpecial = "\\`*_[]|~"

// escapeMarkdown makes s literal inline Markdown text on one line: the
// punctuation Markdown reads inline is backslash-escaped and < and &
// become entities, so a comment cannot add emphasis, links, images, HTML
// or table cells.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s) {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '&':
			b.WriteString("&amp;")
		case r < utf8.RuneSelf && strings.ContainsRune(markdownSpecial, r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// slackEscaper escapes the three characters Slack's mrkdwn reads as
// control characters.
var slackEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// escapeSlack makes s literal Slack mrkdwn text on one line.
func escapeSlack(s string) string { return slackEscaper.Replace(oneLine(s)) }

// slackLink is a Slack link <url|text>, or the escaped text alone when
// url is "". The text may not hold "|", so it becomes "¦".
func slackLink(url, text string) string {
	text = strings.ReplaceAll(escapeSlack(text), "|", "¦")
	if url == "" {
		return text
	}
	return "<" + slackEscaper.Replace(url) + "|" + text + ">"
}
