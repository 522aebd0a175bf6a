package digest

import (
	"bytes"
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus/rawstore"
)

// hostile is a comment written to break out of every format.
const hostile = `<script>alert("x")</script> & *bold* [link](http://evil.example) | pipe <b>`

// fixture is the fixed content of the golden files: every section, a
// comment with markup in it, a label with an ampersand.
func fixture() Content {
	c := sample()
	c.Scope = "Customer comments on billing & delivery"
	c.PainPoints = append(c.PainPoints, Driver{
		Touchpoint: "delivery/late", Label: "Late delivery & missing parcels",
		Volume:       Change{Value: 130, Previous: 140, HasPrevious: true},
		NetSentiment: Change{Value: -41.5, Previous: -40, HasPrevious: true},
		Impact:       Impact{Metric: "NPS", Value: -1.4},
		Comments: []Quote{
			{ID: "c-201", Text: hostile, Sentiment: "negative", Score: -0.4},
			{ID: "c-202", Text: "Parcel came four days late.\nNobody told me why.", Sentiment: "negative", Score: -0.5},
			{ID: "c-203", Text: "Late again, though the driver was lovely and apologised for the wait, which I appreciated more than the discount code they sent afterwards.", Sentiment: "mixed", Score: 0.1},
		},
	})
	c.EmergingTerms = append(c.EmergingTerms, Term{Term: "<gift card>", Count: 12, PreviousCount: 0})
	return c
}

// testSpec returns a validated spec for cfg (its channels as given).
func testSpec(t *testing.T, cfg Config) *Spec {
	t.Helper()
	if cfg.Name == "" {
		cfg.Name = "weekly"
	}
	if cfg.Schedule == "" {
		cfg.Schedule = "0 8 * * 1"
	}
	if len(cfg.Channels) == 0 {
		cfg.Channels = []ChannelConfig{{File: &FileConfig{}}}
	}
	specs, err := Parse([]Config{cfg}, Defaults{DataDir: t.TempDir(), BaseURL: "https://feedback.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	return specs[0]
}

// fixed is a Builder returning fixture() and counting its calls.
type fixed struct {
	mu    sync.Mutex
	calls int
	c     Content
	err   error
	panic bool
}

func (f *fixed) Build(ctx context.Context, spec Spec, p Period) (Content, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.panic {
		f.panic = false
		panic("builder bug")
	}
	return f.c, f.err
}

func (f *fixed) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// openStore opens a raw store in a temporary dir; reopen it with
// rawstore.Open(path) to simulate a restart.
func openStore(t *testing.T) (*rawstore.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "raw.db")
	s, err := rawstore.Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// recorder is a Channel that records what it was sent and fails while
// fail > 0.
type recorder struct {
	name string
	mu   sync.Mutex
	got  []*Message
	fail int
}

func (r *recorder) Name() string { return r.name }

func (r *recorder) Send(ctx context.Context, m *Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		return errFlaky
	}
	r.got = append(r.got, m)
	return nil
}

func (r *recorder) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

var errFlaky = flakyError("connection refused")

type flakyError string

func (e flakyError) Error() string { return string(e) }

// logBuffer is a goroutine-safe log sink.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *logBuffer) logger() zerolog.Logger { return zerolog.New(l) }

// noSleep is a Sender.Sleep that records the waits and returns at once.
type noSleep struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (n *noSleep) Sleep(ctx context.Context, d time.Duration) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.waits = append(n.waits, d)
	return ctx.Err()
}
