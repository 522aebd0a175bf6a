package main

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
)

func TestReportCommand(t *testing.T) {
	dir, conf := ingestSearchData(t)

	// JSON: the API's reply. searchCSV has four comments in the week of
	// 2026-02-23 (1 March is a Sunday) and 2026-03-02.
	var tr api.TrendsResponse
	decodeJSON(t, runIn(t, dir, "report", "--config", conf, "--since", "2026-02-20", "--to", "2026-03-09"), &tr)
	if len(tr.Periods) != 3 || tr.Periods[0] != "2026-02-16" || tr.Overall.N != 4 {
		t.Fatalf("json: periods %v n %d", tr.Periods, tr.Overall.N)
	}
	if p := tr.Overall.Points[2]; p.NPS.N != 3 || p.NPS.Value == nil || *p.NPS.Value != -33.3333 {
		t.Errorf("week of 2 March NPS (10, 3, 2): %+v", p.NPS)
	}

	// Table, grouped by touchpoint.
	r := runIn(t, dir, "report", "--config", conf, "--format", "table", "--by", "touchpoint", "--interval", "month", "--since", "2026-03-01", "--to", "2026-04-01")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != exitOK || len(lines) < 4 || !strings.HasPrefix(lines[0], "Trends by touchpoint, per month") ||
		!strings.HasPrefix(lines[1], "PERIOD") || !strings.Contains(lines[2], "all") || !strings.Contains(r.stdout, "billing") {
		t.Errorf("table: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// CSV: every figure with n, change and p.
	r = runIn(t, dir, "report", "--config", conf, "--format", "csv", "--interval", "quarter", "--since", "2026-01-01", "--to", "2026-04-01")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) != 2 || rows[0][0] != "period" || rows[1][0] != "2026-01-01" || rows[1][2] != "4" {
		t.Fatalf("csv: %v\n%s", err, r.stdout)
	}

	// Markdown drivers and anomalies.
	r = runIn(t, dir, "report", "--config", conf, "--kind", "drivers", "--format", "md", "--metric", "nps")
	if r.code != exitOK || !strings.Contains(r.stdout, "**Drivers of NPS") || !strings.Contains(r.stdout, "| METRIC | TOUCHPOINT |") {
		t.Errorf("drivers md: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, dir, "report", "--config", conf, "--kind", "anomalies", "--format", "table", "--to", "2026-03-09")
	if r.code != exitOK || !strings.Contains(r.stdout, "Anomalies in the week of 2026-03-02") || !strings.Contains(r.stdout, "Emerging terms") {
		t.Errorf("anomalies: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Mistakes.
	for _, args := range [][]string{{"--interval", "year"}, {"--by", "colour"}, {"--format", "xml"}, {"--kind", "pie"}} {
		r := runIn(t, dir, append([]string{"report", "--config", conf}, args...)...)
		if r.code == exitOK || r.stderr == "" {
			t.Errorf("%v: exit %d %s", args, r.code, r.stderr)
		}
	}
}
