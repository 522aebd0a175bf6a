package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/api"
	"github.com/feedbackd/feedbackd/index"
)

const searchUsage = `
Usage:
  feedbackd search [QUERY] [--touchpoint ID]... [--sentiment LABEL] [--since 30d]
                   [--limit N] [--format table|json|csv] [--server URL] [--token-env VAR]

Searches the comments. QUERY is bleve query-string syntax (words, "phrases",
+must, -not, wild*, field:value such as nps:<7); see docs/api.md.

Without --server it reads the local data dir; when a running feedbackd holds
it, it asks that daemon (http.addr) instead. With --server it asks the
daemon at URL, sending the token in the environment variable --token-env.
The output is a table on a terminal and JSON (the API's reply) otherwise.
`

// stringsFlag is a repeatable string flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

// searchOptions are the flags of `feedbackd search`.
type searchOptions struct {
	touchpoints stringsFlag
	sentiment   string
	since       string
	sort        string
	limit       int
	format      string
	server      string
	tokenEnv    string
}

func runSearch(ctx context.Context, e env, args []string) int {
	var cf configFlags
	var o searchOptions
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	cf.register(fs, false)
	fs.Var(&o.touchpoints, "touchpoint", "keep comments tagged with touchpoint `ID` or its children (repeatable)")
	fs.StringVar(&o.sentiment, "sentiment", "", "keep comments with this overall `LABEL` (positive, negative, neutral, mixed)")
	fs.StringVar(&o.since, "since", "", "keep comments created in the last `AGE` (30d, 12h, 2w) or since a date (2026-03-01)")
	fs.StringVar(&o.sort, "sort", "", "relevance, newest, oldest, most_negative or most_positive (default: relevance with a query, else newest)")
	fs.IntVar(&o.limit, "limit", 20, "at most `N` comments")
	fs.StringVar(&o.format, "format", "", "table, json or csv (default: table on a terminal, else json)")
	fs.StringVar(&o.server, "server", "", "ask the feedbackd at `URL` (e.g. http://127.0.0.1:8080) instead of the data dir")
	fs.StringVar(&o.tokenEnv, "token-env", "FEEDBACKD_TOKEN", "environment `VAR` holding the API token for --server or a running daemon")
	pos, code, ok := parseFlags(e, fs, searchUsage, args)
	if !ok {
		return code
	}
	if o.format == "" {
		o.format = "json"
		if isTerminal(e.stdout) {
			o.format = "table"
		}
	}
	if o.format != "table" && o.format != "json" && o.format != "csv" {
		return usageError(e, fs, searchUsage, fmt.Sprintf("--format %q: want table, json or csv", o.format))
	}
	q := strings.Join(pos, " ")
	v, err := o.values(q, time.Now())
	if err != nil {
		return usageError(e, fs, searchUsage, err.Error())
	}
	token := os.Getenv(o.tokenEnv)

	status, body, err := askAPI(ctx, o.server, token, &cf, searchPath, v)
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd search: %v\n", err)
		return exitFail
	}
	if status != http.StatusOK {
		printSearchError(e.stderr, q, status, body)
		return exitFail
	}
	if err := printSearch(e.stdout, o.format, body); err != nil {
		fmt.Fprintf(e.stderr, "feedbackd search: %v\n", err)
		return exitFail
	}
	return exitOK
}

// values turns the flags into /api/v1/search parameters.
func (o *searchOptions) values(q string, now time.Time) (url.Values, error) {
	v := url.Values{}
	if strings.TrimSpace(q) != "" {
		v.Set("q", q)
	}
	for _, tp := range o.touchpoints {
		v.Add("touchpoint", tp)
	}
	if o.sentiment != "" {
		v.Set("sentiment", o.sentiment)
	}
	if o.sort != "" {
		v.Set("sort", o.sort)
	}
	if o.limit < 0 {
		return nil, fmt.Errorf("--limit %d: must not be negative", o.limit)
	}
	v.Set("size", strconv.Itoa(o.limit))
	if o.since != "" {
		from, err := parseSince(o.since, now)
		if err != nil {
			return nil, err
		}
		v.Set("from", from)
	}
	return v, nil
}

// parseSince accepts an age (30d, 2w, 12h, 90m) or a date or time, and
// returns the from parameter.
func parseSince(s string, now time.Time) (string, error) {
	if len(s) > 1 {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err == nil && n >= 0 {
			switch s[len(s)-1] {
			case 'd':
				return now.AddDate(0, 0, -n).UTC().Format(time.RFC3339), nil
			case 'w':
				return now.AddDate(0, 0, -7*n).UTC().Format(time.RFC3339), nil
			}
		}
		if d, err := time.ParseDuration(s); err == nil && d >= 0 {
			return now.Add(-d).UTC().Format(time.RFC3339), nil
		}
	}
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return s, nil
	}
	if _, err := time.Parse(time.RFC3339, s); err == nil {
		return s, nil
	}
	return "", fmt.Errorf("--since %q: want an age (30d, 2w, 12h) or a date (2026-03-01)", s)
}

// searchPath is the API endpoint `feedbackd search` asks.
const searchPath = "/api/v1/search"

// askAPI answers a GET of the API at path: from the daemon at server when
// one is given, else from the local data dir in process, else, when a
// daemon holds that dir, from that daemon.
func askAPI(ctx context.Context, server, token string, cf *configFlags, path string, v url.Values) (int, []byte, error) {
	if server != "" {
		return remoteAPI(ctx, server, token, path, v)
	}
	cfg, err := cf.load()
	if err != nil {
		return 0, nil, err
	}
	status, body, err := localAPI(ctx, &cfg, path, v)
	if errors.Is(err, errDataDirLocked) {
		locked := err
		status, body, err = remoteAPI(ctx, "http://"+cfg.HTTP.Addr, token, path, v)
		if err != nil {
			err = fmt.Errorf("%w (and asking the daemon failed: %v; pass --server URL)", locked, err)
		}
	}
	return status, body, err
}

// localAPI answers GET path?v from the data dir with the API handler
// itself, in process, so the output is the same as a daemon's. It returns
// errDataDirLocked when a daemon holds the data dir.
func localAPI(ctx context.Context, cfg *Config, path string, v url.Values) (int, []byte, error) {
	eng, err := newEngine(cfg.Engine)
	if err != nil {
		return 0, nil, err
	}
	if _, err := os.Stat(cfg.IndexDir()); err != nil {
		return 0, nil, fmt.Errorf("no index in %s: run feedbackd serve or feedbackd ingest first", cfg.Data)
	}
	store, err := openStore(cfg)
	if err != nil {
		return 0, nil, err
	}
	defer store.Close()
	logger := commandLogger(cfg, env{stderr: io.Discard})
	ix, err := openIndexForReading(ctx, cfg, store, logger)
	if err != nil {
		return 0, nil, err
	}
	defer ix.Close()
	cfg.API.MaxPageSize = max(cfg.API.MaxPageSize, index.MaxSize) // a local user may ask for more
	srv := newAPI(cfg, ix, store, newTagger(eng, nil), nil, nil, logger)
	mux := http.NewServeMux()
	srv.Register(mux)
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, path+"?"+v.Encode(), nil)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes(), nil
}

// remoteAPI asks the daemon at base for GET path?v.
func remoteAPI(ctx context.Context, base, token, path string, v url.Values) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(base, "/")+path+"?"+v.Encode(), nil)
	if err != nil {
		return 0, nil, fmt.Errorf("--server %q: %w", base, err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, fmt.Errorf("ask feedbackd at %s: %w", base, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return 0, nil, fmt.Errorf("read reply of %s: %w", base, err)
	}
	return resp.StatusCode, body, nil
}

// printSearchError prints an API error, pointing at the query position.
func printSearchError(w io.Writer, q string, status int, body []byte) {
	var e api.Error
	if err := json.Unmarshal(body, &e); err != nil || e.Msg == "" {
		fmt.Fprintf(w, "feedbackd search: HTTP %d: %s\n", status, bytes.TrimSpace(body))
		return
	}
	fmt.Fprintf(w, "feedbackd search: %s\n", e.Msg)
	if e.Field == "q" && e.Position != nil && *e.Position <= len(q) {
		fmt.Fprintf(w, "  %s\n  %s^\n", q, strings.Repeat(" ", len([]rune(q[:*e.Position]))))
	}
	if status == http.StatusUnauthorized || status == http.StatusForbidden {
		fmt.Fprintf(w, "  (set the token of a viewer in the variable named by --token-env)\n")
	}
}

// printSearch writes the reply in format.
func printSearch(w io.Writer, format string, body []byte) error {
	if format == "json" {
		_, err := w.Write(body)
		return err
	}
	var r api.SearchResponse
	if err := json.Unmarshal(body, &r); err != nil {
		return fmt.Errorf("decode reply: %w", err)
	}
	if format == "csv" {
		return writeSearchCSV(w, r)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDATE\tSENTIMENT\tTOUCHPOINTS\tTEXT")
	for _, h := range r.Hits {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", oneLine(h.ID, 24), h.CreatedAt.Format(time.DateOnly),
			fmt.Sprintf("%s %+.2f", h.Sentiment.Label, h.Sentiment.Score), oneLine(hitTouchpoints(h), 40), oneLine(snippet(h), 70))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	more := ""
	if r.Next != "" {
		more = " (--limit shows more)"
	}
	_, err := fmt.Fprintf(w, "%d of %d comments%s, %.1f ms\n", len(r.Hits), r.Total, more, r.TookMS)
	return err
}

// writeSearchCSV writes one row per hit; cells a spreadsheet would read as
// a formula are prefixed with a quote.
func writeSearchCSV(w io.Writer, r api.SearchResponse) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "created_at", "source", "audience", "sentiment", "sentiment_score", "touchpoints", "nps", "csat", "ces", "text"})
	score := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	for _, h := range r.Hits {
		cw.Write([]string{safeCell(h.ID), h.CreatedAt.UTC().Format(time.RFC3339), safeCell(h.Source), h.Audience,
			h.Sentiment.Label, strconv.FormatFloat(h.Sentiment.Score, 'f', -1, 64), safeCell(hitTouchpoints(h)),
			score(h.Scores.NPS), score(h.Scores.CSAT), score(h.Scores.CES), safeCell(h.Text)})
	}
	cw.Flush()
	return cw.Error()
}

// safeCell neutralises spreadsheet formula injection.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func hitTouchpoints(h api.Hit) string {
	ids := make([]string, 0, len(h.Touchpoints))
	for _, tp := range h.Touchpoints {
		ids = append(ids, tp.ID)
	}
	return strings.Join(ids, ",")
}

// snippet is the first fragment's text, or the start of the text.
func snippet(h api.Hit) string {
	if len(h.Fragments) > 0 {
		return h.Fragments[0].Text
	}
	return h.Text
}

// oneLine folds s onto one line without control or bidi-override
// characters (so a comment cannot mess up the terminal) and cuts it to
// max runes.
func oneLine(s string, max int) string {
	var b strings.Builder
	n := 0
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = n > 0
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '\u200b' {
			continue
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		if n >= max-1 {
			b.WriteString("…")
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
