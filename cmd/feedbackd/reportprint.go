package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
	"github.com/feedbackd/feedbackd/trends"
)

// grid is one table of a report: a title, a header and rows of cells.
type grid struct {
	title  string
	header []string
	rows   [][]string
}

// printReportReply writes the API's reply of kind in format.
func printReportReply(w io.Writer, kind, format string, body []byte) error {
	if format == "json" {
		_, err := w.Write(body)
		return err
	}
	var grids []grid
	var err error
	switch kind {
	case "trends":
		var r api.TrendsResponse
		if err = json.Unmarshal(body, &r); err == nil {
			grids = trendGrids(&r, format == "csv")
		}
	case "drivers":
		var r api.DriversResponse
		if err = json.Unmarshal(body, &r); err == nil {
			grids = driverGrids(&r)
		}
	case "anomalies":
		var r api.AnomaliesResponse
		if err = json.Unmarshal(body, &r); err == nil {
			grids = anomalyGrids(&r)
		}
	}
	if err != nil {
		return fmt.Errorf("decode reply: %w", err)
	}
	for i, g := range grids {
		if format == "csv" {
			// A CSV file holds one table: drivers come as one grid (a
			// metric column); of anomalies only the anomalies go out.
			if i > 0 {
				break
			}
			if kind == "drivers" {
				g = mergeGrids(grids)
			}
			if err := writeGridCSV(w, g); err != nil {
				return err
			}
			continue
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		if err := writeGrid(w, g, format == "md"); err != nil {
			return err
		}
	}
	return nil
}

// figure formats a figure for a table: value, then the change in
// brackets with * when significant; "-" when there is no value.
func figure(f trends.Figure, digits int) string {
	if f.Value == nil {
		return "-"
	}
	s := strconv.FormatFloat(*f.Value, 'f', digits, 64)
	if f.Change != nil {
		s += " (" + signed(*f.Change, digits)
		if f.Significant {
			s += "*"
		}
		s += ")"
	}
	return s
}

// withN is a figure followed by its n.
func withN(f trends.Figure, digits int) string {
	if f.Value == nil {
		return "-"
	}
	return figure(f, digits) + " n=" + strconv.Itoa(f.N)
}

func signed(x float64, digits int) string {
	s := strconv.FormatFloat(x, 'f', digits, 64)
	if x >= 0 {
		s = "+" + s
	}
	return s
}

func num(p *float64, digits int) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', digits, 64)
}

// trendFigures are the figures of a point in column order.
var trendFigures = []struct {
	name   string
	digits int
	get    func(p *trends.Point) trends.Figure
}{
	{"share", 1, func(p *trends.Point) trends.Figure { return p.Share }},
	{"sentiment", 2, func(p *trends.Point) trends.Figure { return p.Sentiment }},
	{"positive", 1, func(p *trends.Point) trends.Figure { return p.Positive }},
	{"negative", 1, func(p *trends.Point) trends.Figure { return p.Negative }},
	{"neutral", 1, func(p *trends.Point) trends.Figure { return p.Neutral }},
	{"mixed", 1, func(p *trends.Point) trends.Figure { return p.Mixed }},
	{"net_sentiment", 1, func(p *trends.Point) trends.Figure { return p.NetSentiment }},
	{"nps", 1, func(p *trends.Point) trends.Figure { return p.NPS }},
	{"csat", 2, func(p *trends.Point) trends.Figure { return p.CSAT }},
	{"csat_top2", 1, func(p *trends.Point) trends.Figure { return p.CSATTop2 }},
	{"ces", 2, func(p *trends.Point) trends.Figure { return p.CES }},
}

// trendGrids is one grid of every series' points; full gives every
// figure with its n, change and p-value (CSV), else a readable subset.
func trendGrids(r *api.TrendsResponse, full bool) []grid {
	series := append([]trends.Series{r.Overall}, r.Series...)
	g := grid{title: fmt.Sprintf("Trends by %s, per %s, %s to %s (change from the previous %s in brackets, * significant at 95%%)",
		r.By, r.Interval, r.From.Format("2006-01-02"), r.To.Format("2006-01-02"), r.Interval)}
	if full {
		g.header = []string{"period", "group", "n", "suppressed"}
		for _, f := range trendFigures {
			g.header = append(g.header, f.name, f.name+"_n", f.name+"_change", f.name+"_p", f.name+"_significant")
		}
	} else {
		g.header = []string{"PERIOD", "GROUP", "N", "SHARE%", "SENTIMENT", "NET", "NPS", "CSAT", "TOP2%", "CES"}
	}
	for _, s := range series {
		for k := range s.Points {
			p := &s.Points[k]
			if full {
				row := []string{p.Start, safeCell(s.Group), strconv.Itoa(p.N), strconv.FormatBool(p.Suppressed)}
				for _, f := range trendFigures {
					fig := f.get(p)
					row = append(row, num(fig.Value, 4), strconv.Itoa(fig.N), num(fig.Change, 4), num(fig.P, 6), strconv.FormatBool(fig.Significant))
				}
				g.rows = append(g.rows, row)
				continue
			}
			if p.Suppressed {
				g.rows = append(g.rows, []string{p.Start, oneLine(s.Group, 40), "suppressed", "", "", "", "", "", "", ""})
				continue
			}
			g.rows = append(g.rows, []string{p.Start, oneLine(s.Group, 40), strconv.Itoa(p.N), figure(p.Share, 1),
				figure(p.Sentiment, 2), figure(p.NetSentiment, 1), withN(p.NPS, 1), withN(p.CSAT, 2),
				figure(p.CSATTop2, 1), withN(p.CES, 2)})
		}
	}
	return []grid{g}
}

// driverGrids is one grid per metric.
func driverGrids(r *api.DriversResponse) []grid {
	var out []grid
	for _, d := range r.Drivers {
		g := grid{header: []string{"METRIC", "TOUCHPOINT", "N", "SHARE%", "WITH", "WITHOUT", "IMPACT", "95% CI", "NOTE"}}
		rho := "-"
		if d.Correlation.Rho != nil {
			rho = fmt.Sprintf("%.2f over %d comments", *d.Correlation.Rho, d.Correlation.N)
		}
		score := "-"
		if d.Score != nil {
			score = fmt.Sprintf("%.2f", *d.Score)
		}
		g.title = fmt.Sprintf("Drivers of %s: overall %s (n=%d); rank correlation with sentiment %s; worst impact first",
			strings.ToUpper(string(d.Metric)), score, d.N, rho)
		if d.Suppressed {
			g.title += " — suppressed (too few employees)"
		}
		for _, dr := range d.Drivers {
			note, ci := "", ""
			switch {
			case dr.Suppressed:
				note = "suppressed"
			case dr.TooFew:
				note = "too few"
			}
			if dr.CILow != nil && dr.CIHigh != nil {
				ci = fmt.Sprintf("%s to %s", signed(*dr.CILow, 2), signed(*dr.CIHigh, 2))
			}
			imp := ""
			if dr.Impact != nil {
				imp = signed(*dr.Impact, 2)
			}
			n := ""
			if !dr.Suppressed {
				n = strconv.Itoa(dr.N)
			}
			g.rows = append(g.rows, []string{string(d.Metric), oneLine(dr.Touchpoint, 40), n, fmtShare(dr), num(dr.ScoreWith, 2), num(dr.ScoreWithout, 2), imp, ci, note})
		}
		out = append(out, g)
	}
	return out
}

func fmtShare(dr trends.Driver) string {
	if dr.Suppressed {
		return ""
	}
	return strconv.FormatFloat(dr.Share, 'f', 1, 64)
}

// anomalyGrids is the anomalies, then the emerging terms.
func anomalyGrids(r *api.AnomaliesResponse) []grid {
	a := grid{title: fmt.Sprintf("Anomalies in the %s of %s against %d %ss from %s (|z| ≥ sensitivity; %d touchpoints suppressed)",
		r.Interval, r.Period, r.Baseline, r.Interval, r.BaselineFrom, r.Suppressed),
		header: []string{"TOUCHPOINT", "METRIC", "DIRECTION", "VALUE", "BASELINE", "Z", "N", "BASELINE N"}}
	for _, x := range r.Anomalies {
		tp := x.Touchpoint
		if tp == "" {
			tp = "(all)"
		}
		a.rows = append(a.rows, []string{oneLine(tp, 40), x.Metric, x.Direction, strconv.FormatFloat(x.Value, 'f', 1, 64),
			strconv.FormatFloat(x.Baseline, 'f', 1, 64), strconv.FormatFloat(x.Z, 'f', 2, 64), strconv.Itoa(x.N), strconv.Itoa(x.BaselineN)})
	}
	out := []grid{a}
	if e := r.Emerging; e != nil {
		t := grid{title: fmt.Sprintf("Emerging terms in negative comments of the %s of %s (%d) against the baseline (%d)",
			e.Interval, e.Period, e.Negative, e.BaselineNegative),
			header: []string{"TERM", "COMMENTS", "RATE%", "BASELINE RATE%", "G2"}}
		for _, tm := range e.Terms {
			t.rows = append(t.rows, []string{oneLine(tm.Term, 40), strconv.Itoa(tm.Count), strconv.FormatFloat(tm.Rate, 'f', 1, 64),
				strconv.FormatFloat(tm.BaselineRate, 'f', 1, 64), strconv.FormatFloat(tm.G2, 'f', 1, 64)})
		}
		out = append(out, t)
	}
	return out
}

// writeGrid writes g as an aligned table or a Markdown table.
func writeGrid(w io.Writer, g grid, md bool) error {
	if md {
		fmt.Fprintf(w, "**%s**\n\n", g.title)
		fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(g.header, " | "), strings.Repeat(" --- |", len(g.header)))
		for _, r := range g.rows {
			cells := make([]string, len(r))
			for i, c := range r {
				cells[i] = strings.ReplaceAll(c, "|", `\|`)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
		_, err := fmt.Fprintln(w)
		return err
	}
	fmt.Fprintln(w, g.title)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(g.header, "\t"))
	for _, r := range g.rows {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	if len(g.rows) == 0 {
		fmt.Fprintln(tw, "(none)")
	}
	return tw.Flush()
}

// mergeGrids is the rows of grids (of one header) under the first header.
func mergeGrids(gs []grid) grid {
	out := grid{header: gs[0].header}
	for _, g := range gs {
		out.rows = append(out.rows, g.rows...)
	}
	return out
}

// writeGridCSV writes g's header and rows as CSV.
func writeGridCSV(w io.Writer, g grid) error {
	cw := csv.NewWriter(w)
	header := make([]string, len(g.header))
	for i, h := range g.header {
		header[i] = strings.ToLower(strings.ReplaceAll(h, " ", "_"))
	}
	cw.Write(header)
	for _, r := range g.rows {
		cw.Write(r)
	}
	cw.Flush()
	return cw.Error()
}
