package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// browserComments seeds the browser test: ordinary comments, one whose
// evidence sits after multi-byte UTF-8 characters, and stored-XSS
// attempts in the text and in metadata. Every payload sets window.__xss,
// so a payload that ran leaves the sentinel behind.
var browserComments = []map[string]any{
	{"id": "refund-late", "text": "The refund took three weeks and support never answered my emails. Terrible.", "created_at": "2026-10-01T09:00:00Z", "meta": map[string]string{"channel": "email"}, "scores": map[string]int{"nps": 1}},
	{"id": "checkout-fast", "text": "Checkout was quick and the app is great, thank you!", "created_at": "2026-10-03T09:00:00Z", "meta": map[string]string{"channel": "app"}, "scores": map[string]int{"nps": 10}},
	{"id": "courier-rain", "text": "The courier left my parcel in the rain and it arrived late and damaged.", "created_at": "2026-10-06T09:00:00Z", "meta": map[string]string{"channel": "web"}},
	{"id": "utf8", "text": "Ça n'a pas marché — 💸 the refund never arrived and the agent was rude. Awful service 😡", "created_at": "2026-10-08T09:00:00Z", "meta": map[string]string{"channel": "chat"}},
	{"id": "xss-script", "text": "<script>window.__xss=1</script> I want a refund, this is terrible", "created_at": "2026-10-09T09:00:00Z", "meta": map[string]string{"channel": "web"}},
	{"id": "xss-img", "text": `<img src=x onerror="window.__xss=2;alert(2)"> the refund was late and the staff were rude`, "created_at": "2026-10-10T09:00:00Z", "meta": map[string]string{"channel": `<img src=x onerror=window.__xss=4>`}},
	{"id": "xss-link", "text": `Click <a href="javascript:window.__xss=3">here</a> or javascript:window.__xss=3 for my refund, terrible support`, "created_at": "2026-10-11T09:00:00Z", "meta": map[string]string{"channel": "email"}},
	{"id": "xss-bidi", "text": "Refund invoice attached: \u202Egnp.exe\u202C and \u2067evil\u2069 — bad service, terrible", "created_at": "2026-10-12T09:00:00Z", "meta": map[string]string{"channel": "email"}},
}

const browserConfig = `
data: %s
http: {addr: "127.0.0.1:0", shutdown_timeout: 5s}
index: {max_delay: 20ms, lock_timeout: 300ms}
auth:
  tokens:
    - {name: browser-test, token_env: FEEDBACKD_TOKEN, role: admin}
api:
  rate_limit: {per_second: 0}
sources:
  - kind: webhook
    webhook: {name: webhook}
`

// TestBrowser loads the search page in headless Chromium from a daemon
// seeded with comments (some of them XSS attempts), pastes the token,
// searches, clicks a facet, goes back, opens a comment with the keyboard,
// checks the highlighted evidence against the API's byte offsets, checks
// every XSS comment is shown as text, saves the search and takes a
// screenshot ($FEEDBACKD_SCREENSHOT_DIR, else a temp dir).
func TestBrowser(t *testing.T) {
	m, p := browserDaemon(t, browserConfig, browserComments)

	// The API asks for a token: the page says so and the user pastes it.
	p.navigate(m.Addr() + "/")
	p.waitFor("the token form", `!document.getElementById('token-form').hidden`)
	p.must(fmt.Sprintf(`document.getElementById('token').value = %q; document.getElementById('token-form').requestSubmit()`, testToken), nil)
	p.waitFor("all comments listed", fmt.Sprintf(`document.body.dataset.state === 'ready' && document.querySelectorAll('.hit').length === %d`, len(browserComments)))
	var inURL bool
	p.must(fmt.Sprintf(`location.href.includes(%q)`, testToken), &inURL)
	if inURL {
		t.Error("the token is in the URL")
	}
	checkNoXSS(t, p, "all comments")

	// A search highlights the query terms from the API's fragments.
	p.must(`document.getElementById('q').value = 'refund'; document.getElementById('search').requestSubmit()`, nil)
	p.waitFor("the search", `document.body.dataset.state === 'ready' && new URLSearchParams(location.search).get('q') === 'refund'`)
	var marks []string
	p.must(`[...document.querySelectorAll('.hit mark.q')].map(m => m.textContent.toLowerCase())`, &marks)
	if len(marks) == 0 {
		t.Fatal("no query term is highlighted")
	}
	for _, mk := range marks {
		if mk != "refund" {
			t.Errorf("highlighted %q, want refund", mk)
		}
	}

	// The touchpoint facet is a tree: a child id sits under its parent.
	var nested bool
	p.must(`[...document.querySelectorAll('#f-touchpoint .subtree button[data-value]')].some(b => b.dataset.value.includes('/') &&
		b.closest('li').parentElement.closest('li').querySelector('button').dataset.value === b.dataset.value.slice(0, b.dataset.value.lastIndexOf('/')))`, &nested)
	if !nested {
		t.Error("the touchpoint facet is not drawn as a tree")
	}

	// Clicking a facet narrows the results and goes into the URL.
	p.must(`document.querySelector('.facet-btn[data-kind=sentiment][data-value=negative]').click()`, nil)
	p.waitFor("the sentiment facet", `document.body.dataset.state === 'ready' && location.search.includes('sentiment=negative')`)
	var labels []string
	p.must(`[...document.querySelectorAll('.hit .hit-head .badge')].map(b => b.className)`, &labels)
	if len(labels) == 0 {
		t.Fatal("no negative comment about refunds")
	}
	for _, l := range labels {
		if !strings.Contains(l, "s-negative") {
			t.Errorf("badge %q after filtering on negative", l)
		}
	}
	var pressed string
	p.must(`document.querySelector('.facet-btn[data-kind=sentiment][data-value=negative]').getAttribute('aria-pressed')`, &pressed)
	if pressed != "true" {
		t.Errorf("the clicked facet is aria-pressed=%q", pressed)
	}

	// Back undoes the facet, forward brings it back.
	p.must(`history.back()`, nil)
	p.waitFor("back", `document.body.dataset.state === 'ready' && !location.search.includes('sentiment') && location.search.includes('q=refund') &&
		document.querySelector('.facet-btn[data-kind=sentiment][data-value=negative]').getAttribute('aria-pressed') === 'false'`)
	p.must(`history.forward()`, nil)
	p.waitFor("forward", `document.body.dataset.state === 'ready' && location.search.includes('sentiment=negative')`)

	// Open the UTF-8 comment with the keyboard; its evidence is marked
	// exactly where the API's byte offsets say.
	p.waitFor("the UTF-8 comment in the results", `document.querySelector('.hit[data-id="utf8"]')`)
	p.must(`document.querySelector('.hit[data-id="utf8"]').focus()`, nil)
	p.key("Enter", "Enter", 13)
	p.waitFor("the comment panel", `document.getElementById('panel').dataset.state === 'ready' && location.search.includes('open=utf8')`)
	checkEvidence(t, p, m, "utf8")
	p.screenshot(screenshotPath(t, "search-comment.png"))

	// Escape closes the panel and gives the focus back to the result.
	p.key("Escape", "Escape", 27)
	p.waitFor("the panel to close", `document.getElementById('panel').hidden && !location.search.includes('open=') && document.activeElement.dataset.id === 'utf8'`)

	// Save the search; it is listed with a link that reproduces it.
	p.must(`document.getElementById('save-name').value = 'Angry refunds <b>now</b>'; document.getElementById('save').requestSubmit()`, nil)
	p.waitFor("the saved search", `[...document.querySelectorAll('#saved a')].some(a => a.textContent === 'Angry refunds <b>now</b>' && a.search.includes('sentiment=negative'))`)

	// Every XSS comment, in the list and opened, is only text.
	for _, id := range []string{"xss-img", "xss-script", "xss-link", "xss-bidi"} {
		p.navigate(m.Addr() + "/?open=" + id)
		p.waitFor("the comment "+id, `document.body.dataset.state === 'ready' && document.getElementById('panel').dataset.state === 'ready'`)
		checkNoXSS(t, p, id)
	}
	var ctl []string
	p.must(`[...document.querySelectorAll('#panel-text .ctl')].map(e => e.textContent)`, &ctl)
	if strings.Join(ctl, " ") != "⟨RLO⟩ ⟨PDF⟩ ⟨RLI⟩ ⟨PDI⟩" {
		t.Errorf("direction controls shown as %q, want ⟨RLO⟩ ⟨PDF⟩ ⟨RLI⟩ ⟨PDI⟩", ctl)
	}
	p.screenshot(screenshotPath(t, "xss-comment.png"))

	if err := p.problems(); err != nil {
		t.Error(err)
	}
}

// checkNoXSS fails the test if any payload ran or created an element,
// and checks the payloads are on the page as text.
func checkNoXSS(t *testing.T, p *page, when string) {
	t.Helper()
	var r struct {
		Sentinel bool     `json:"sentinel"`
		Imgs     int      `json:"imgs"`
		Scripts  []string `json:"scripts"`
		JSLinks  int      `json:"jsLinks"`
		OnAttrs  []string `json:"onAttrs"`
		Text     string   `json:"text"`
		Bidi     bool     `json:"bidi"`
	}
	p.must(`(() => ({
		sentinel: window.__xss !== undefined,
		imgs: document.querySelectorAll('img, iframe, object, embed').length,
		scripts: [...document.querySelectorAll('script')].map(s => s.getAttribute('src') || 'inline'),
		jsLinks: [...document.querySelectorAll('a')].filter(a => a.protocol === 'javascript:').length,
		onAttrs: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)),
		text: document.body.textContent,
		bidi: /[\u202a-\u202e\u2066-\u2069]/.test(document.body.textContent),
	}))()`, &r)
	if r.Sentinel {
		t.Errorf("%s: an XSS payload ran (window.__xss is set)", when)
	}
	if r.Imgs != 0 || r.JSLinks != 0 || len(r.OnAttrs) != 0 {
		t.Errorf("%s: injected elements: %d img/iframe/object, %d javascript: links, handlers %v", when, r.Imgs, r.JSLinks, r.OnAttrs)
	}
	if len(r.Scripts) != 1 || r.Scripts[0] != "/static/app.js" {
		t.Errorf("%s: scripts %v, want only /static/app.js", when, r.Scripts)
	}
	if r.Bidi {
		t.Errorf("%s: a direction control character is in the page's text", when)
	}
	if when == "all comments" {
		for _, payload := range []string{"<script>window.__xss=1</script>", `<img src=x onerror="window.__xss=2;alert(2)">`, `<a href="javascript:window.__xss=3">here</a>`, "⟨RLO⟩gnp.exe⟨PDF⟩"} {
			if !strings.Contains(r.Text, payload) {
				t.Errorf("%s: the page does not show %q as text", when, payload)
			}
		}
	}
}

// checkEvidence compares the evidence marked in the open panel with the
// terms the API reports for comment id.
func checkEvidence(t *testing.T, p *page, m *Main, id string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, m.Addr()+"/api/v1/comments/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var c struct {
		Text string `json:"text"`
		Tags struct {
			Touchpoints []struct {
				ID       string `json:"id"`
				Evidence []struct {
					Term       string `json:"term"`
					Start, End int
				} `json:"evidence"`
			} `json:"touchpoints"`
		} `json:"tags"`
		Explanation struct {
			Evidence []struct {
				Term       string  `json:"term"`
				Start, End int     `json:"-"`
				Weight     float64 `json:"weight"`
			} `json:"evidence"`
		} `json:"explanation"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		t.Fatal(err)
	}
	// runs of adjacent marks of one kind, as the reader sees them
	runs := func(sel string) []string {
		var out []string
		p.must(fmt.Sprintf(`(() => { const out = []; let prev = null;
			for (const m of document.querySelectorAll('#panel-text mark')) {
				const on = m.matches(%q);
				if (on && prev && prev.nextSibling === m) out[out.length - 1] += m.textContent;
				else if (on) out.push(m.textContent);
				prev = on ? m : null;
			}
			return out; })()`, sel), &out)
		return out
	}
	var tpTerms, sentTerms []string
	for _, tp := range c.Tags.Touchpoints {
		for _, ev := range tp.Evidence {
			if ev.End > ev.Start {
				if got := c.Text[ev.Start:ev.End]; got != ev.Term {
					t.Fatalf("API evidence %q at [%d:%d] is %q in the text", ev.Term, ev.Start, ev.End, got)
				}
				tpTerms = append(tpTerms, ev.Term)
			}
		}
	}
	for _, ev := range c.Explanation.Evidence {
		sentTerms = append(sentTerms, ev.Term)
	}
	if len(tpTerms) == 0 || len(sentTerms) == 0 {
		t.Fatalf("comment %s has no touchpoint or no sentiment evidence to check: %+v", id, c)
	}
	tp, sent := runs("mark.ev.tp"), runs("mark.ev.pos, mark.ev.neg")
	contains := func(runs []string, term string) bool {
		for _, r := range runs {
			if strings.Contains(r, term) {
				return true
			}
		}
		return false
	}
	for _, term := range tpTerms {
		if !contains(tp, term) {
			t.Errorf("touchpoint evidence %q is not marked; marked: %q", term, tp)
		}
	}
	for _, term := range sentTerms {
		if !contains(sent, term) {
			t.Errorf("sentiment evidence %q is not marked; marked: %q", term, sent)
		}
	}
	// nothing is marked that the API did not report
	for _, r := range tp {
		ok := false
		for _, term := range tpTerms {
			ok = ok || strings.Contains(r, term)
		}
		if !ok {
			t.Errorf("marked %q as touchpoint evidence; the API reports %q", r, tpTerms)
		}
	}
	var why string
	p.must(`document.querySelector('#panel-body .why').textContent`, &why)
	for _, term := range tpTerms {
		if !strings.Contains(why, term) {
			t.Errorf("the explanation does not name the matched term %q: %s", term, why)
		}
	}
	t.Logf("comment %s: touchpoint evidence %q, sentiment evidence %q marked", id, tp, sent)
}

// screenshotPath returns where to save a screenshot: in
// $FEEDBACKD_SCREENSHOT_DIR when set (.ci/run uses bench-out/browser),
// else in the test's temp dir.
func screenshotPath(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv("FEEDBACKD_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	t.Logf("screenshot: %s", path)
	return path
}

// trendConfig is browserConfig with report thresholds small enough for
// the trends corpus: significance from 10 comments, drivers from 20,
// fewer resamples to stay fast.
const trendConfig = browserConfig + `
analytics: {min_n: 10, driver_min_volume: 20, resamples: 200}
`

// browserDaemon skips the test without Chromium or in -short mode; else it
// starts a daemon with config (a format taking the data dir), posts the
// comments through the webhook, waits until they are indexed, and opens a
// 1440×1000 page in headless Chromium.
func browserDaemon(t *testing.T, config string, comments []map[string]any) (*Main, *page) {
	t.Helper()
	bin := findChromium()
	if bin == "" {
		t.Skip("browser test skipped: Chromium is not installed (apt-get install chromium, or set FEEDBACKD_CHROMIUM to its path)")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)

	dir := t.TempDir()
	path := filepath.Join(dir, "feedbackd.yml")
	if err := os.WriteFile(path, []byte(fmt.Sprintf(config, filepath.Join(dir, "data"))), 0o644); err != nil {
		t.Fatal(err)
	}
	m, _ := startMain(t, path, false)
	var ndjson strings.Builder
	for _, c := range comments {
		b, _ := json.Marshal(c)
		ndjson.Write(append(b, '\n'))
	}
	if code, body := post(t, m, testToken, ndjson.String()); code != http.StatusOK {
		t.Fatalf("seed: %d %s", code, body)
	}
	waitStats(t, m, "the seed comments indexed", func(st statsReport) bool {
		return st.Indexed == uint64(len(comments)) && st.IndexLag == 0
	})

	c := startChromium(t, bin)
	p := c.newPage(ctx, t)
	p.do("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1440, "height": 1000, "deviceScaleFactor": 1, "mobile": false}, nil)
	return m, p
}
