package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync/atomic"
	"time"
)

// poster posts NDJSON lines from a file to the webhook at a steady rate,
// in batches, for as long as the searches run: a daemon ingesting all
// day, as opposed to -ingest's bulk file.
type poster struct {
	url, token string
	rate       int // comments per second
	batch      int // comments per request
	lines      [][]byte

	posted, failed atomic.Int64
	firstErr       atomic.Value // string
}

// newPoster reads the file's lines (one comment each) into memory.
func newPoster(url, token, file string, rate, batch int) (*poster, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p := &poster{url: url, token: token, rate: rate, batch: max(batch, 1)}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			p.lines = append(p.lines, bytes.Clone(sc.Bytes()))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if len(p.lines) == 0 {
		return nil, fmt.Errorf("%s has no comments to post", file)
	}
	return p, nil
}

// run posts until ctx ends or the lines run out, one batch every
// batch/rate seconds.
func (p *poster) run(ctx context.Context, client *http.Client) {
	every := time.Duration(float64(time.Second) * float64(p.batch) / float64(p.rate))
	tick := time.NewTicker(every)
	defer tick.Stop()
	for next := 0; next < len(p.lines); next += p.batch {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		body := bytes.Join(p.lines[next:min(next+p.batch, len(p.lines))], []byte("\n"))
		if err := p.post(ctx, client, body); err != nil {
			if ctx.Err() != nil {
				return
			}
			p.failed.Add(1)
			p.firstErr.CompareAndSwap(nil, err.Error())
			continue
		}
		p.posted.Add(int64(min(p.batch, len(p.lines)-next)))
	}
}

func (p *poster) post(ctx context.Context, client *http.Client, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.url+"/api/v1/comments", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-ndjson")
	if p.token != "" {
		req.Header.Set("Authorization", "Bearer "+p.token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("POST /api/v1/comments: %s", resp.Status)
	}
	return nil
}
