//go:build crash

package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/feedbackd/feedbackd/corpus/webhook"
)

// Sizes of the crash test's input pieces.
const (
	crashFileRows = 2000 // comments per drop-folder file
	crashHookRows = 100  // comments per webhook request
)

// crashWork is the crash test's input: generated comments split into
// drop-folder files (NDJSON and CSV alternately) and webhook requests.
type crashWork struct {
	files        []crashFile
	requests     []crashRequest
	source       map[string]string // comment id → the source that gets it
	fileComments int
	hookComments int
}

type crashFile struct {
	name string
	body []byte
}

type crashRequest struct {
	ids  []string
	body []byte // NDJSON
}

// newCrashWork generates n comments: the first half goes to files, the
// rest to the webhook.
func newCrashWork(n int, seed uint64) *crashWork {
	g := newGenerator(seed)
	w := &crashWork{source: make(map[string]string, n)}
	cs := make([]genComment, n)
	for i := range cs {
		cs[i] = g.comment(i + 1)
	}
	half := n / 2
	for i := 0; i < half; i += crashFileRows {
		part := cs[i:min(i+crashFileRows, half)]
		f := crashFile{name: fmt.Sprintf("export-%04d.ndjson", len(w.files)), body: ndjsonOf(part)}
		if len(w.files)%2 == 1 {
			f = crashFile{name: fmt.Sprintf("export-%04d.csv", len(w.files)), body: csvOf(part)}
		}
		w.files = append(w.files, f)
		for _, c := range part {
			w.source[c.ID] = "inbox"
		}
		w.fileComments += len(part)
	}
	for i := half; i < n; i += crashHookRows {
		part := cs[i:min(i+crashHookRows, n)]
		rq := crashRequest{body: ndjsonOf(part)}
		for _, c := range part {
			rq.ids = append(rq.ids, c.ID)
			w.source[c.ID] = "webhook"
		}
		w.requests = append(w.requests, rq)
		w.hookComments += len(part)
	}
	return w
}

// ndjsonOf encodes comments as NDJSON, as `feedbackd gen` does.
func ndjsonOf(cs []genComment) []byte {
	var b bytes.Buffer
	for _, c := range cs {
		line, err := marshal(c)
		if err != nil {
			panic(err) // strings and ints only
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// csvOf encodes comments as CSV with a header row.
func csvOf(cs []genComment) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"id", "text", "created_at", "audience", "nps", "channel", "team", "survey"})
	for _, c := range cs {
		nps := ""
		if v, ok := c.Scores["nps"]; ok {
			nps = strconv.Itoa(v)
		}
		w.Write([]string{c.ID, c.Text, c.CreatedAt, c.Audience, nps, c.Meta["channel"], c.Meta["team"], c.Meta["survey"]})
	}
	w.Flush()
	return b.Bytes()
}

// writeFiles drops the files into the inbox one by one, every 20–200ms,
// each written under a .part name and renamed when complete.
func (w *crashWork) writeFiles(ctx context.Context, inbox string, seed uint64) error {
	rnd := rand.New(rand.NewPCG(seed, 2))
	for _, f := range w.files {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20*time.Millisecond + time.Duration(rnd.Int64N(int64(180*time.Millisecond)))):
		}
		tmp := filepath.Join(inbox, f.name+".part")
		if err := os.WriteFile(tmp, f.body, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, filepath.Join(inbox, f.name)); err != nil {
			return err
		}
	}
	return nil
}

// hookClient posts webhook requests the way a well-behaved client does:
// each request is retried until it gets a 200, whatever went wrong (the
// connection refused or reset by a killed daemon, a 503).
type hookClient struct {
	url, token string
	client     *http.Client
	retries    atomic.Int64
	acked      atomic.Int64

	mu  sync.Mutex
	ids []string // acknowledged comment ids
}

func newHookClient(base, token string) *hookClient {
	return &hookClient{
		url:    base + "/api/v1/comments",
		token:  token,
		client: &http.Client{Timeout: time.Minute},
	}
}

// post sends every request on workers goroutines and returns once all are
// acknowledged, or at the first reply that does not account for every
// item as accepted or duplicate.
func (h *hookClient) post(ctx context.Context, reqs []crashRequest, workers int) error {
	next := make(chan crashRequest)
	errc := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rq := range next {
				if err := h.send(ctx, rq); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	var err error
feed:
	for _, rq := range reqs {
		select {
		case next <- rq:
		case err = <-errc:
			break feed
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		}
	}
	close(next)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errc:
		default:
		}
	}
	return err
}

// send posts one request until it is acknowledged.
func (h *hookClient) send(ctx context.Context, rq crashRequest) error {
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			h.retries.Add(1)
			select {
			case <-ctx.Done():
				return fmt.Errorf("request of %s…: %w", rq.ids[0], ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
		rep, err := h.try(ctx, rq)
		if errors.Is(err, errRetry) {
			continue
		}
		if err != nil {
			return err
		}
		if len(rep.Items) != len(rq.ids) {
			return fmt.Errorf("request of %s…: %d items in the reply, want %d", rq.ids[0], len(rep.Items), len(rq.ids))
		}
		for i, it := range rep.Items {
			if it.ID != rq.ids[i] || (it.Status != "accepted" && it.Status != "duplicate") {
				return fmt.Errorf("request of %s…: item %d is %s %s (%s), want %s accepted or duplicate",
					rq.ids[0], i, it.ID, it.Status, it.Reason, rq.ids[i])
			}
		}
		h.mu.Lock()
		h.ids = append(h.ids, rq.ids...)
		h.mu.Unlock()
		h.acked.Add(int64(len(rq.ids)))
		return nil
	}
}

// errRetry marks an attempt a client must retry.
var errRetry = errors.New("retry")

// try makes one attempt.
func (h *hookClient) try(ctx context.Context, rq crashRequest) (webhook.Reply, error) {
	var rep webhook.Reply
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url, bytes.NewReader(rq.body))
	if err != nil {
		return rep, err
	}
	req.Header.Set("Authorization", "Bearer "+h.token)
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := h.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		return rep, errRetry // refused or reset: the daemon is down
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	switch {
	case err != nil:
		return rep, errRetry // cut off mid-reply: not acknowledged
	case resp.StatusCode == http.StatusServiceUnavailable:
		return rep, errRetry
	case resp.StatusCode != http.StatusOK:
		return rep, fmt.Errorf("request of %s…: %s: %s", rq.ids[0], resp.Status, body)
	}
	if err := json.Unmarshal(body, &rep); err != nil {
		return rep, fmt.Errorf("request of %s…: reply: %w", rq.ids[0], err)
	}
	return rep, nil
}

// ackedIDs returns the acknowledged ids.
func (h *hookClient) ackedIDs() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.ids...)
}
