package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
)

// testToken is the bearer token the test handlers accept.
const testToken = "s3cret-token"

// errStore is what a failing fakeSink returns.
var errStore = errors.New("disk full")

// fakeSink stores batches in memory the way the raw store does: a comment
// whose id is stored already is a duplicate, rejects are quarantined, and
// a failing commit stores nothing.
type fakeSink struct {
	mu       sync.Mutex
	comments map[string]*corpus.Comment
	rejects  []*corpus.Reject
	batches  []corpus.Batch
	fail     error
	entered  chan struct{} // closed when Commit is first called, if set
	release  chan struct{} // Commit waits for it, if set
}

func newFakeSink() *fakeSink {
	return &fakeSink{comments: map[string]*corpus.Comment{}}
}

func (f *fakeSink) Commit(ctx context.Context, b corpus.Batch) ([]corpus.ItemResult, error) {
	if f.entered != nil {
		close(f.entered)
		f.entered = nil
	}
	if f.release != nil {
		<-f.release
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	res := make([]corpus.ItemResult, len(b.Records))
	for i, r := range b.Records {
		switch {
		case r.Reject != nil:
			f.rejects = append(f.rejects, r.Reject)
			res[i] = corpus.ItemResult{Outcome: corpus.Rejected, Reason: r.Reject.Reason}
		case f.comments[r.Comment.ID] != nil:
			res[i] = corpus.ItemResult{ID: r.Comment.ID, Outcome: corpus.Duplicate}
		default:
			f.comments[r.Comment.ID] = r.Comment
			res[i] = corpus.ItemResult{ID: r.Comment.ID, Outcome: corpus.Accepted}
		}
	}
	f.batches = append(f.batches, b)
	return res, nil
}

// newTestHandler returns a handler over cfg (DefaultConfig when nil)
// committing to sink and accepting testToken.
func newTestHandler(t *testing.T, cfg *Config, sink corpus.Sink) *Handler {
	t.Helper()
	c := DefaultConfig()
	if cfg != nil {
		c = *cfg
	}
	h, err := New(c, sink, Tokens(testToken), zerolog.New(zerolog.NewTestWriter(t)))
	if err != nil {
		t.Fatal(err)
	}
	h.now = func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC) }
	return h
}

// post sends body to h with the test token and the content type (none
// when ""), and returns the status and the decoded reply or error body.
func post(t *testing.T, h http.Handler, contentType, body string) (int, Reply, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, DefaultPath, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+testToken)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return decodeReply(t, rec.Code, rec.Body)
}

// decodeReply decodes a response body: a Reply for 200, else the error.
func decodeReply(t *testing.T, status int, body io.Reader) (int, Reply, string) {
	t.Helper()
	b, _ := io.ReadAll(body)
	if status != http.StatusOK {
		var e struct{ Error string }
		if err := json.Unmarshal(b, &e); err != nil || e.Error == "" {
			t.Fatalf("status %d with a body that is not {\"error\": ...}: %s", status, b)
		}
		return status, Reply{}, e.Error
	}
	var r Reply
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("reply %s: %v", b, err)
	}
	return status, r, ""
}

// statuses lists the item statuses of a reply, in order.
func statuses(r Reply) []string {
	var out []string
	for _, it := range r.Items {
		out = append(out, string(it.Status))
	}
	return out
}

// zeroLog is a logger that drops everything.
func zeroLog() zerolog.Logger { return zerolog.Nop() }
