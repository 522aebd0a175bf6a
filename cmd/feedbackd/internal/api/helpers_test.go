package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
	"github.com/feedbackd/feedbackd/sentiment"
)

// testEngine is the embedded taxonomy and lexicon.
type testEngine struct {
	cl  *classify.Classifier
	tax *classify.Taxonomy
	lex *sentiment.Lexicon
}

func newTestEngine(t testing.TB) *testEngine {
	t.Helper()
	tz := sentiment.NewTokenizer()
	lex, err := sentiment.LoadLexicon(tz, configs.Lexicon(), configs.LexiconName)
	if err != nil {
		t.Fatal(err)
	}
	tax, err := classify.LoadTaxonomy(tz, configs.Taxonomy(), configs.TaxonomyName)
	if err != nil {
		t.Fatal(err)
	}
	return &testEngine{cl: classify.New(tax, sentiment.New(tz, lex)), tax: tax, lex: lex}
}

func (e *testEngine) Classify(c classify.Comment) classify.Result { return e.cl.Classify(c) }
func (e *testEngine) Versions() (string, string)                  { return e.tax.Version(), e.lex.Version() }
func (e *testEngine) Label(id string) (string, bool) {
	d, ok := e.tax.Lookup(id)
	return d.Label, ok
}

// seed is a test comment: id, day, text, audience, channel and NPS (-1: none).
type seed struct {
	id, day, text, audience, channel string
	nps                              int
}

// testComments cover billing, delivery, support and employee comments over
// three months, and stored-XSS attempts.
var testComments = []seed{
	{"c01", "2026-01-05", "I asked for a refund twice and nobody answered. Terrible service.", "customer", "email", 1},
	{"c02", "2026-01-12", "The refund arrived quickly, thank you so much!", "customer", "chat", 10},
	{"c03", "2026-01-20", "Delivery was three days late and the box was damaged.", "customer", "web", 3},
	{"c04", "2026-02-02", "The courier was friendly and the delivery was on time.", "customer", "web", 9},
	{"c05", "2026-02-09", "I was charged twice on my invoice and still wait for the refund.", "customer", "phone", 0},
	{"c06", "2026-02-16", "Support kept me on hold for an hour. Awful.", "customer", "phone", 2},
	{"c07", "2026-02-23", "My manager never listens and the workload is crazy.", "employee", "survey", -1},
	{"c08", "2026-03-02", "Great pay and a supportive team.", "employee", "survey", -1},
	{"c09", "2026-03-09", "Refund request <script>alert('xss')</script> was ignored", "customer", "web", 2},
	{"c10", "2026-03-10", `Billing page broke: <img src=x onerror="alert(1)"> see <a href="javascript:alert(2)">link</a>`, "customer", "web", 4},
	{"c11", "2026-03-11", "Refund \u202egnp.exe\u202c and ＜script＞ and zero\u200bwidth &amp; \"quotes\"", "customer", "web", 5},
	{"c12", "2026-03-16", "The app crashes when I log in, very frustrating.", "customer", "app", 3},
}

// fixture is an API over a real raw store and index in a temp dir.
type fixture struct {
	store *rawstore.Store
	ix    *index.Index
	eng   *testEngine
	srv   *httptest.Server
	api   *Server
}

// testConfig is the default limits with the rate limit off.
func testConfig() Config {
	return Config{MaxBodyBytes: 4096, QueryTimeout: 5 * time.Second, DefaultPageSize: 20, MaxPageSize: 200}
}

// newFixture stores, tags and indexes testComments and serves the API.
func newFixture(t *testing.T, cfg Config, tokens *Tokens) *fixture {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := rawstore.Open(filepath.Join(dir, "raw.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ix, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	f := &fixture{store: store, ix: ix, eng: newTestEngine(t)}
	var recs []corpus.Record
	var docs []corpus.Comment
	for _, s := range testComments {
		day, err := time.Parse(time.DateOnly, s.day)
		if err != nil {
			t.Fatal(err)
		}
		c := &corpus.Comment{
			ID: s.id, Source: "test", Audience: corpus.Audience(s.audience),
			Fields:    []corpus.TextField{{Name: "comment", Text: s.text}},
			CreatedAt: day.Add(9 * time.Hour), ReceivedAt: day.Add(10 * time.Hour),
			Meta: map[string]string{"channel": s.channel},
		}
		if s.nps >= 0 {
			n := s.nps
			c.Scores.NPS = &n
		}
		c.Tags = &corpus.Tags{Result: f.eng.Classify(classify.Comment{Text: c.Text(), Audience: s.audience, Meta: c.Meta}), TaggedAt: c.ReceivedAt}
		recs = append(recs, corpus.Record{Comment: c})
		docs = append(docs, *c)
	}
	if _, err := store.Commit(ctx, corpus.Batch{Source: "test", Records: recs}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, docs, 0); err != nil {
		t.Fatal(err)
	}
	f.serve(t, cfg, Deps{Tokens: tokens})
	return f
}

// serve (re)starts the HTTP server with cfg and d over f's data.
func (f *fixture) serve(t *testing.T, cfg Config, d Deps) {
	t.Helper()
	if f.srv != nil {
		f.srv.Close()
	}
	if d.Index == nil {
		d.Index = f.ix
	}
	d.Store, d.Engine, d.Logger = f.store, f.eng, zerolog.Nop()
	f.api = New(cfg, d)
	mux := http.NewServeMux()
	f.api.Register(mux)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
}

// do sends a request with an optional token and JSON body and returns the
// status, headers and body.
func (f *fixture) do(t *testing.T, method, path, token string, body any) (int, http.Header, []byte) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, f.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, data
}

// search runs GET /api/v1/search?query and decodes a 200 reply.
func (f *fixture) search(t *testing.T, query string) SearchResponse {
	t.Helper()
	code, _, body := f.do(t, http.MethodGet, "/api/v1/search?"+query, "", nil)
	if code != http.StatusOK {
		t.Fatalf("search %q: %d %s", query, code, body)
	}
	var r SearchResponse
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// decodeError decodes an error reply.
func decodeError(t *testing.T, body []byte) Error {
	t.Helper()
	var e Error
	if err := json.Unmarshal(body, &e); err != nil || e.Msg == "" {
		t.Fatalf("not a JSON error: %s", body)
	}
	return e
}

// ids returns the hit ids of r.
func ids(r SearchResponse) []string {
	out := []string{}
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

// mustGet reads a stored comment and lets edit change its tags' versions
// and drop its sentences (n = 0).
func mustGet(t *testing.T, f *fixture, id string, edit func(tv, lv *string, n *int)) *corpus.Comment {
	t.Helper()
	c, err := f.store.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	n := len(c.Tags.Sentiment.Sentences)
	edit(&c.Tags.TaxonomyVersion, &c.Tags.LexiconVersion, &n)
	c.Tags.Sentiment.Sentences = c.Tags.Sentiment.Sentences[:n]
	return c
}
