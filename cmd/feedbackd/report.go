package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
)

const reportUsage = `
Usage:
  feedbackd report [QUERY] [--kind trends|drivers|anomalies] [--by touchpoint]
                   [--interval week] [--since 90d] [--to DATE] [--metric nps]
                   [--format table|json|csv|md] [--touchpoint ID]... [--sentiment L]
                   [--audience A] [--source S] [--meta KEY=VALUE]... [--saved ID]
                   [--server URL] [--token-env VAR] [--data DIR] [--config FILE]

Reports how sentiment and NPS, CSAT and CES move per period (trends), which
touchpoints pull each score down or up (drivers), and what departed from its
baseline in the last complete period, with the terms new in negative comments
(anomalies). The figures, tests and parameters are those of GET /api/v1/trends,
/drivers and /anomalies (docs/api.md); QUERY and the filters are search's.

--by is none, touchpoint, audience, source or meta.FIELD; --interval day,
week, month or quarter; --since an age (90d, 12w) or a date, moved back to the
start of its period. In a table a change is shown in brackets, with * when it
is significant at 95%; a group of fewer employees than the anonymity
threshold shows "suppressed".

Without --server it reads the local data dir; when a running feedbackd holds
it, it asks that daemon (http.addr) instead.
`

// reportOptions are the flags of `feedbackd report`.
type reportOptions struct {
	kind, by, interval, since, to, metric string
	format, server, tokenEnv              string
}

func runReport(ctx context.Context, e env, args []string) int {
	var cf configFlags
	var o reportOptions
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	cf.register(fs, false)
	v := url.Values{}
	str := func(name, param, usage string) {
		fs.Func(name, usage, func(s string) error { v.Add(param, s); return nil })
	}
	fs.StringVar(&o.kind, "kind", "trends", "trends, drivers or anomalies")
	fs.StringVar(&o.by, "by", "", "group trends by none, touchpoint, audience, source or meta.FIELD")
	fs.StringVar(&o.interval, "interval", "week", "day, week, month or quarter")
	fs.StringVar(&o.since, "since", "", "from an `AGE` ago (90d, 12w) or a date (default: 12 periods; drivers: everything)")
	fs.StringVar(&o.to, "to", "", "up to `TIME` (exclusive; anomalies: the end of the last period)")
	fs.StringVar(&o.metric, "metric", "", "drivers of nps, csat or ces only (default all three)")
	fs.StringVar(&o.format, "format", "", "table, json, csv or md (default: table on a terminal, else json)")
	fs.StringVar(&o.server, "server", "", "ask the feedbackd at `URL` instead of the data dir")
	fs.StringVar(&o.tokenEnv, "token-env", "FEEDBACKD_TOKEN", "environment `VAR` holding the API token for --server or a running daemon")
	str("touchpoint", "touchpoint", "keep comments tagged with touchpoint `ID` or its children (repeatable)")
	str("sentiment", "sentiment", "keep comments with overall sentiment `LABEL` (repeatable)")
	str("audience", "audience", "keep comments from `AUDIENCE` (customer, employee)")
	str("source", "source", "keep comments from `SOURCE` (repeatable)")
	str("saved", "saved", "start from the saved search `ID`")
	fs.Func("meta", "keep comments whose metadata `KEY=VALUE` (repeatable)", func(s string) error {
		k, val, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return fmt.Errorf("want KEY=VALUE")
		}
		v.Add("meta."+k, val)
		return nil
	})
	pos, code, ok := parseFlags(e, fs, reportUsage, args)
	if !ok {
		return code
	}
	if o.format == "" {
		o.format = "json"
		if isTerminal(e.stdout) {
			o.format = "table"
		}
	}
	switch o.format {
	case "table", "json", "csv", "md":
	default:
		return usageError(e, fs, reportUsage, fmt.Sprintf("--format %q: want table, json, csv or md", o.format))
	}
	path, err := o.values(v, strings.Join(pos, " "))
	if err != nil {
		return usageError(e, fs, reportUsage, err.Error())
	}
	token := os.Getenv(o.tokenEnv)
	status, body, err := askAPI(ctx, o.server, token, &cf, path, v)
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd report: %v\n", err)
		return exitFail
	}
	if status != http.StatusOK {
		var ae api.Error
		if json.Unmarshal(body, &ae) != nil || ae.Msg == "" {
			ae.Msg = fmt.Sprintf("HTTP %d: %s", status, bytes.TrimSpace(body))
		}
		fmt.Fprintf(e.stderr, "feedbackd report: %s\n", ae.Msg)
		return exitFail
	}
	if err := printReportReply(e.stdout, o.kind, o.format, body); err != nil {
		fmt.Fprintf(e.stderr, "feedbackd report: %v\n", err)
		return exitFail
	}
	return exitOK
}

// values adds the flags to v and returns the endpoint to ask.
func (o *reportOptions) values(v url.Values, q string) (string, error) {
	if strings.TrimSpace(q) != "" {
		v.Set("q", q)
	}
	set := func(name, val string) {
		if val != "" {
			v.Set(name, val)
		}
	}
	set("interval", o.interval)
	set("to", o.to)
	if o.since != "" {
		from, err := parseSince(o.since, time.Now())
		if err != nil {
			return "", err
		}
		v.Set("from", from)
	}
	switch o.kind {
	case "trends":
		set("by", o.by)
		return "/api/v1/trends", nil
	case "drivers":
		v.Del("interval")
		set("metric", o.metric)
		return "/api/v1/drivers", nil
	case "anomalies":
		if o.since != "" {
			return "", fmt.Errorf("--since: anomalies compare the last period with the baseline before it; use --to")
		}
		return "/api/v1/anomalies", nil
	}
	return "", fmt.Errorf("--kind %q: want trends, drivers or anomalies", o.kind)
}
