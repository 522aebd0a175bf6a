package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// trendComments is nine weeks of comments from Monday 3 August 2026:
// each week delivery and checkout praise, billing complaints and two
// thanks for refunds; two weeks hold three employee comments each (too
// few respondents: left out of those weeks' figures); the last week (28
// September) adds 30 negative "app crashes" refund comments, a volume and
// sentiment anomaly of billing/refunds and an emerging term, and three
// support comments (too few for a driver).
func trendComments() []map[string]any {
	var out []map[string]any
	start := time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC)
	add := func(week, i int, text string, scores map[string]int, audience string) {
		c := map[string]any{"id": fmt.Sprintf("w%d-%d", week, i), "text": text,
			"created_at": start.AddDate(0, 0, 7*week+i%5).Format(time.RFC3339), "scores": scores}
		if audience != "" {
			c["audience"] = audience
		}
		out = append(out, c)
	}
	for w := range 9 {
		i := 0
		for range 4 {
			add(w, i, "The courier was friendly and the parcel arrived early, great delivery.", map[string]int{"nps": 10, "csat": 5}, "")
			i++
			add(w, i, "Checkout was quick and easy, thank you!", map[string]int{"nps": 9, "csat": 4}, "")
			i++
			add(w, i, "The invoice was wrong and billing charged me twice. Annoying and slow.", map[string]int{"nps": 3, "csat": 2}, "")
			i++
		}
		for range 2 {
			add(w, i, "My refund was processed quickly, thanks.", map[string]int{"nps": 8, "csat": 4}, "")
			i++
		}
		if w == 2 || w == 5 {
			for range 3 {
				add(w, i, "My manager never listens and the workload is crazy.", nil, "employee")
				i++
			}
		}
		if w == 8 {
			for range 30 {
				add(w, i, "The app crashes every time I ask for a refund. Terrible, still no refund.", map[string]int{"nps": 0, "csat": 1}, "")
				i++
			}
			for range 3 {
				add(w, i, "The support agent was helpful on the phone.", map[string]int{"nps": 8, "csat": 4}, "")
				i++
			}
		}
	}
	return out
}

// TestBrowserTrends opens the Trends view from a search in headless
// Chromium: the sentiment and score chart, the driver bars and the
// anomalies render from the seeded corpus; an anomaly, an emerging term,
// a driver and a chart point each lead to the search with the matching
// filters; grouping draws small multiples; it takes a screenshot.
func TestBrowserTrends(t *testing.T) {
	m, p := browserDaemon(t, trendConfig, trendComments())
	p.navigate(m.Addr() + "/")
	p.waitFor("the token form", `!document.getElementById('token-form').hidden`)
	p.must(fmt.Sprintf(`document.getElementById('token').value = %q; document.getElementById('token-form').requestSubmit()`, testToken), nil)
	p.waitFor("the search page", `document.body.dataset.state === 'ready' && document.querySelectorAll('.hit').length > 0`)

	// A search with a date range; the Trends tab carries it over.
	const search = "/?from=2026-08-03&to=2026-10-04"
	p.navigate(m.Addr() + search)
	p.waitFor("the dated search", `document.body.dataset.state === 'ready' && document.querySelectorAll('.hit').length > 0`)
	var tab string
	p.must(`document.getElementById('tab-trends').search`, &tab)
	if tab != "?from=2026-08-03&to=2026-10-04&view=trends" {
		t.Errorf("the Trends tab links to %q", tab)
	}
	p.must(`document.getElementById('tab-trends').click()`, nil)
	trendsReady := `document.getElementById('trends-view').dataset.state === 'ready' && !document.getElementById('trends-view').hidden`
	p.waitFor("the Trends view", trendsReady+` && location.search.includes('view=trends') && location.search.includes('from=2026-08-03')`)

	var chart struct {
		Cols, Sent, Score, Few, Rings, Supp int
		Line                                string
		Rows, LeftOut                       int
	}
	p.must(`(() => { const f = document.querySelector('#t-lines figure.lines'); const q = (s) => f.querySelectorAll(s).length; return {
		cols: q('svg.lines-svg .col'), sent: q('.pt.s'), score: q('.pt.m'), few: q('.pt.few'), rings: q('.ring'), supp: q('.supp'),
		line: f.querySelector('path.line.s')?.getAttribute('d') || '', rows: q('table.figures tbody tr'), leftOut: q('table.figures tbody tr.left-out') }; })()`, &chart)
	t.Logf("trend chart: %+v", chart)
	if chart.Cols != 9 || chart.Rows != 9 {
		t.Errorf("%d period columns and %d table rows, want 9 weeks", chart.Cols, chart.Rows)
	}
	// weeks 3 and 6 hold three employees beside the customers: the
	// employees are left out of those weeks' figures, the customers shown
	if chart.Supp != 0 || chart.LeftOut != 2 || chart.Sent != 9 || chart.Score != 9 || chart.Line == "" {
		t.Errorf("want 2 weeks with employees left out and 9 sentiment and score markers on a line: %+v", chart)
	}
	if chart.Rings == 0 {
		t.Error("the last week's drop is not marked significant")
	}
	var readout string
	p.must(`(() => { const cols = document.querySelectorAll('#t-lines figure.lines .col'); cols[cols.length - 1].dispatchEvent(new Event('mouseenter'));
		return document.querySelector('#t-lines .readout').textContent; })()`, &readout)
	if !strings.Contains(readout, "week of") || !strings.Contains(readout, "47 comments") || !strings.Contains(readout, "NPS") || !strings.Contains(readout, "n 47") {
		t.Errorf("hovering the last week shows %q", readout)
	}

	var drivers []struct{ ID, Kind string }
	p.must(`[...document.querySelectorAll('#t-drivers li.driver[data-id]')].map(li => ({id: li.dataset.id, kind: li.dataset.kind}))`, &drivers)
	t.Logf("drivers: %+v", drivers)
	if len(drivers) == 0 || drivers[0].Kind != "neg" || !strings.HasPrefix(drivers[0].ID, "billing") {
		t.Errorf("drivers %+v: want billing first, pulling NPS down", drivers)
	}
	var bars, tooFew int
	p.must(`document.querySelectorAll('#t-drivers svg.driver-bar rect.bar').length`, &bars)
	p.must(`document.querySelectorAll('#t-drivers li.driver[data-kind=too-few]').length`, &tooFew)
	if bars == 0 || tooFew == 0 {
		t.Errorf("%d driver bars, %d too-few rows", bars, tooFew)
	}
	var rho string
	p.must(`document.querySelector('#t-drivers .rho').textContent`, &rho)
	if !strings.Contains(rho, "ρ") {
		t.Errorf("correlation %q", rho)
	}
	p.do("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1440, "height": 2000, "deviceScaleFactor": 1, "mobile": false}, nil)
	p.screenshot(screenshotPath(t, "trends.png"))
	p.do("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1440, "height": 1000, "deviceScaleFactor": 1, "mobile": false}, nil)

	// followLink clicks the link selected by sel and checks the search
	// page it leads to has exactly the parameters want; then goes back.
	followLink := func(what, sel string, want map[string][]string) {
		t.Helper()
		p.waitFor(what, `document.querySelector(`+jsString(sel)+`)`)
		p.must(`document.querySelector(`+jsString(sel)+`).click()`, nil)
		p.waitFor(what+": the search", `document.body.dataset.state === 'ready' && !document.getElementById('search-view').hidden && !location.search.includes('view=trends')`)
		var got map[string][]string
		p.must(`(() => { const o = {}; for (const [k, v] of new URLSearchParams(location.search)) (o[k] ||= []).push(v); return o; })()`, &got)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s leads to %v, want %v", what, got, want)
		}
		var hits int
		p.must(`document.querySelectorAll('.hit').length`, &hits)
		if hits == 0 {
			t.Errorf("%s: the search finds nothing", what)
		}
		p.must(`history.back()`, nil)
		p.waitFor(what+": back to Trends", trendsReady)
	}
	followLink("the refunds anomaly", `#t-anomaly-list li[data-id="billing/refunds"][data-kind=volume] a`,
		map[string][]string{"from": {"2026-09-28"}, "to": {"2026-10-04"}, "touchpoint": {"billing/refunds"}})
	followLink("the emerging term", `#t-emerging-list li[data-value="app crashes"] a`,
		map[string][]string{"from": {"2026-09-28"}, "q": {`"app crashes"`}, "sentiment": {"negative"}, "to": {"2026-10-04"}})
	followLink("the first driver", `#t-drivers li.driver[data-kind=neg] a`,
		map[string][]string{"from": {"2026-08-03"}, "to": {"2026-10-04"}, "touchpoint": {drivers[0].ID}})

	// The keyboard: the last week's column, one to the left, Enter.
	p.must(`(() => { const cols = document.querySelectorAll('#t-lines figure.lines .col'); cols[cols.length - 1].focus(); })()`, nil)
	p.key("ArrowLeft", "ArrowLeft", 37)
	p.key("Enter", "Enter", 13)
	p.waitFor("the week before the last", `document.body.dataset.state === 'ready' && !location.search.includes('view=trends') &&
		location.search === '?from=2026-09-21&to=2026-09-27'`)
	p.must(`history.back()`, nil)
	p.waitFor("back to Trends", trendsReady)

	// Grouping by touchpoint draws a small chart per touchpoint; its
	// points search that touchpoint.
	p.must(`(() => { const s = document.getElementById('t-by'); s.value = 'touchpoint'; s.dispatchEvent(new Event('change')); })()`, nil)
	p.waitFor("small multiples", trendsReady+` && location.search.includes('by=touchpoint') && document.querySelectorAll('.multiples figure.lines').length >= 3`)
	// The score selector switches the right axis and the drivers to CSAT.
	p.must(`(() => { const s = document.getElementById('t-metric'); s.value = 'csat'; s.dispatchEvent(new Event('change')); })()`, nil)
	p.waitFor("CSAT", trendsReady+` && location.search.includes('metric=csat') &&
		document.querySelector('#t-lines .axis-title.m').textContent === 'CSAT' && document.querySelector('#t-drivers .driver-summary').textContent.startsWith('CSAT')`)
	p.do("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1440, "height": 2000, "deviceScaleFactor": 1, "mobile": false}, nil)
	p.screenshot(screenshotPath(t, "trends-by-touchpoint.png"))
	p.do("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1440, "height": 1000, "deviceScaleFactor": 1, "mobile": false}, nil)
	p.must(`document.querySelector('.multiples figure.lines[data-value="delivery"] .col').dispatchEvent(new MouseEvent('click', {bubbles: true}))`, nil)
	p.waitFor("a delivery week", `document.body.dataset.state === 'ready' && location.search === '?touchpoint=delivery&from=2026-08-03&to=2026-08-09&by=touchpoint&metric=csat'`)

	if err := p.problems(); err != nil {
		t.Error(err)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
