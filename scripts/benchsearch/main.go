// Command benchsearch measures the search latency of a running feedbackd
// (issue 4's bar: p50 ≤ 20 ms, p95 ≤ 50 ms over 1,000,000 comments with
// all facets on, while ingesting). It runs N concurrent clients against
// GET /api/v1/search on a loopback address only, bounded both by a number
// of requests and by a duration, and prints p50/p95/p99/max, throughput
// and the status codes. With -ingest FILE it drops FILE into the daemon's
// inbox folder at the start and reports how many comments were stored
// while it searched (from /healthz), so an ingest stall shows. The run
// then ends when the file is stored and indexed (or at -duration), so
// every latency measured is one while the daemon was ingesting; -until
// done=false keeps searching for the whole duration instead. With -post
// FILE -post-rate N it posts FILE's comments to the webhook at N a second
// during the whole run instead: a daemon ingesting steadily.
//
//	go run ./scripts/benchsearch -url http://127.0.0.1:8080 -clients 50 -duration 60s -requests 1000000
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// queries are the searches the clients cycle through: text queries, filters
// alone and both, several sorts, deep pages. Every request asks for all
// facets and the date histogram (the API always counts them).
var queries = []string{
	"q=refund",
	"q=refund&sentiment=negative",
	"q=delivery+late&sort=newest",
	"q=%22customer+service%22",
	"q=app+crash*",
	"touchpoint=billing&sentiment=negative",
	"touchpoint=delivery&sort=most_negative",
	"sentiment=positive&audience=customer&interval=week",
	"meta.channel=phone&nps=..6",
	"q=staff+-rude&touchpoint=store",
	"from=2026-01-01&to=2026-04-01&interval=day",
	"q=price*&nps=9..",
	"",
	"size=0",
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "benchsearch: %v\n", err)
		os.Exit(1)
	}
}

type options struct {
	url          string
	tokenEnv     string
	clients      int
	requests     int
	duration     time.Duration
	size         int
	deepPages    int
	ingest       string
	untilDone    bool
	post         string
	postRate     int
	postTokenEnv string
	postBatch    int
	inbox        string
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("benchsearch", flag.ContinueOnError)
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "base URL of the daemon (loopback only)")
	fs.StringVar(&o.tokenEnv, "token-env", "FEEDBACKD_TOKEN", "environment variable holding a viewer token (empty: none)")
	fs.IntVar(&o.clients, "clients", 8, "concurrent clients")
	fs.IntVar(&o.requests, "requests", 5000, "stop after this many requests in total")
	fs.DurationVar(&o.duration, "duration", 30*time.Second, "stop after this long")
	fs.IntVar(&o.size, "size", 20, "hits per page")
	fs.IntVar(&o.deepPages, "deep", 3, "every client follows next this many pages for one query in four")
	fs.StringVar(&o.ingest, "ingest", "", "NDJSON file to drop into -inbox at the start (ingest under load)")
	fs.StringVar(&o.inbox, "inbox", "", "the daemon's drop folder, for -ingest")
	fs.StringVar(&o.post, "post", "", "NDJSON file whose comments are posted to the webhook during the run (steady ingest)")
	fs.StringVar(&o.postTokenEnv, "post-token-env", "FEEDBACKD_TOKEN", "with -post, the environment variable holding the webhook's token (\"\": none)")
	fs.IntVar(&o.postRate, "post-rate", 1000, "with -post, comments posted per second")
	fs.IntVar(&o.postBatch, "post-batch", 50, "with -post, comments per webhook request")
	fs.BoolVar(&o.untilDone, "until-done", true, "with -ingest, stop when the file is stored and indexed, so only latencies during the ingest count")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkLoopback(o.url); err != nil {
		return err
	}
	if o.clients < 1 || o.requests < 1 || o.duration <= 0 {
		return errors.New("-clients, -requests and -duration must be positive")
	}
	token := ""
	if o.tokenEnv != "" {
		token = os.Getenv(o.tokenEnv)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.clients}, Timeout: 30 * time.Second}

	before, err := stored(ctx, client, o.url)
	if err != nil {
		return fmt.Errorf("read /healthz: %w", err)
	}
	var ingestLines uint64
	if o.ingest != "" {
		if ingestLines, err = countLines(o.ingest); err != nil {
			return err
		}
		if err := drop(o.ingest, o.inbox); err != nil {
			return err
		}
	}

	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	var post *poster
	if o.post != "" {
		postToken := ""
		if o.postTokenEnv != "" {
			postToken = os.Getenv(o.postTokenEnv)
		}
		if post, err = newPoster(o.url, postToken, o.post, o.postRate, o.postBatch); err != nil {
			return err
		}
		go post.run(ctx, client)
	}
	var ingestDone atomic.Int64 // nanoseconds from start until stored and indexed
	if o.ingest != "" && o.untilDone {
		go watchIngest(ctx, client, o.url, before.Comments+ingestLines, time.Now(), &ingestDone, cancel)
	}
	var (
		sent     atomic.Int64
		mu       sync.Mutex
		lat      []time.Duration
		firstLat []time.Duration // first pages only (no cursor)
		statuses = map[int]int{}
		errs     []string
		failed   int
		wg       sync.WaitGroup
	)
	start := time.Now()
	for c := range o.clients {
		wg.Go(func() {
			for i := c; ; i += o.clients {
				q := queries[i%len(queries)]
				pages := 1
				if i%4 == 0 {
					pages = o.deepPages
				}
				after := ""
				for range pages {
					if sent.Add(1) > int64(o.requests) || ctx.Err() != nil {
						return
					}
					d, code, next, err := search(ctx, client, o.url, token, q, o.size, after)
					if ctx.Err() != nil {
						return // cut by the duration or the end of the ingest: not a result
					}
					mu.Lock()
					statuses[code]++
					if err != nil {
						failed++
						if len(errs) < 5 {
							errs = append(errs, err.Error())
						}
					} else {
						lat = append(lat, d)
						if after == "" {
							firstLat = append(firstLat, d)
						}
					}
					mu.Unlock()
					if next == "" {
						break
					}
					after = next
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	after, err := stored(context.Background(), client, o.url)
	if err != nil {
		return fmt.Errorf("read /healthz: %w", err)
	}

	slices.Sort(lat)
	slices.Sort(firstLat)
	pctOf := func(lat []time.Duration, p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	pct := func(p float64) float64 { return pctOf(lat, p) }
	codes := make([]int, 0, len(statuses))
	for c := range statuses {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	var cs []string
	for _, c := range codes {
		cs = append(cs, fmt.Sprintf("%d×%d", statuses[c], c))
	}
	fmt.Fprintf(out, "benchsearch: %d clients, %d requests in %.1f s (%.0f req/s), %d indexed comments at the end\n",
		o.clients, len(lat), elapsed.Seconds(), float64(len(lat))/elapsed.Seconds(), after.Indexed)
	fmt.Fprintf(out, "latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n", pct(0.50), pct(0.95), pct(0.99), pct(1))
	fmt.Fprintf(out, "first pages only (%d, no cursor): p50 %.1f  p95 %.1f  p99 %.1f\n",
		len(firstLat), pctOf(firstLat, 0.50), pctOf(firstLat, 0.95), pctOf(firstLat, 0.99))
	fmt.Fprintf(out, "status: %s\n", strings.Join(cs, " "))
	if o.ingest != "" {
		n := after.Comments - before.Comments
		fmt.Fprintf(out, "ingest during the run: %d comments stored (%.0f/s), %d indexed (%.0f/s), index lag at the end %d\n",
			n, float64(n)/elapsed.Seconds(), after.Indexed-before.Indexed, float64(after.Indexed-before.Indexed)/elapsed.Seconds(), after.IndexLag)
		if d := time.Duration(ingestDone.Load()); d > 0 {
			fmt.Fprintf(out, "the file was stored and indexed after %.1f s; the run stopped there\n", d.Seconds())
		}
	}
	if post != nil {
		n := post.posted.Load()
		fmt.Fprintf(out, "posted to the webhook during the run: %d comments (%.0f/s, asked %d/s), %d failed requests; %d indexed during the run, index lag at the end %d\n",
			n, float64(n)/elapsed.Seconds(), o.postRate, post.failed.Load(), after.Indexed-before.Indexed, after.IndexLag)
		if e, ok := post.firstErr.Load().(string); ok {
			errs = append(errs, "webhook: "+e)
			failed++
		}
	}
	for _, e := range errs {
		fmt.Fprintf(out, "error: %s\n", e)
	}
	if failed > 0 {
		return fmt.Errorf("%d requests failed", failed)
	}
	return nil
}

// checkLoopback refuses to load anything but a loopback address.
func checkLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("-url %q: %w", raw, err)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-url %q: benchsearch only loads loopback addresses", raw)
	}
	return nil
}

// search runs one request and returns its latency, status and next cursor.
func search(ctx context.Context, c *http.Client, base, token, q string, size int, after string) (time.Duration, int, string, error) {
	u := fmt.Sprintf("%s/api/v1/search?%s&size=%d", base, q, size)
	if strings.Contains(q, "size=") {
		u = base + "/api/v1/search?" + q
	}
	if after != "" {
		u += "&after=" + url.QueryEscape(after)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, 0, "", err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	start := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, "", err
	}
	defer resp.Body.Close()
	var body struct {
		Next  string `json:"next"`
		Error string `json:"error"`
	}
	err = json.NewDecoder(resp.Body).Decode(&body)
	d := time.Since(start)
	if resp.StatusCode != http.StatusOK {
		return d, resp.StatusCode, "", fmt.Errorf("%s: %d %s", u, resp.StatusCode, body.Error)
	}
	if err != nil {
		return d, resp.StatusCode, "", fmt.Errorf("%s: decode: %w", u, err)
	}
	return d, resp.StatusCode, body.Next, nil
}

// counts is what benchsearch reads of /healthz.
type counts struct {
	Comments uint64 `json:"comments"`
	Indexed  uint64 `json:"indexed"`
	IndexLag uint64 `json:"index_lag"`
}

func stored(ctx context.Context, c *http.Client, base string) (counts, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/healthz", nil)
	if err != nil {
		return counts{}, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return counts{}, err
	}
	defer resp.Body.Close()
	var h struct {
		Stats counts `json:"stats"`
	}
	err = json.NewDecoder(resp.Body).Decode(&h)
	return h.Stats, err
}

// drop copies file into the inbox under a temporary name and renames it,
// so the folder source reads it whole.
func drop(file, inbox string) error {
	if inbox == "" {
		return errors.New("-ingest needs -inbox (the daemon's drop folder)")
	}
	in, err := os.Open(file)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := filepath.Join(inbox, filepath.Base(file)+".part")
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, filepath.Join(inbox, filepath.Base(file)))
}

// watchIngest polls /healthz until the daemon holds want comments, all
// indexed, then records when (since start) in done and calls stop.
func watchIngest(ctx context.Context, c *http.Client, base string, want uint64, start time.Time, done *atomic.Int64, stop func()) {
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		n, err := stored(ctx, c, base)
		if err == nil && n.Comments >= want && n.IndexLag == 0 {
			done.Store(int64(time.Since(start)))
			stop()
			return
		}
	}
}

// countLines counts the lines of an NDJSON file (one comment a line).
func countLines(path string) (uint64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var n uint64
	buf := make([]byte, 1<<20)
	for {
		k, err := f.Read(buf)
		for _, b := range buf[:k] {
			if b == '\n' {
				n++
			}
		}
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return 0, err
		}
	}
}
