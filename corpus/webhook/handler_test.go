package webhook

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

// TestBodies posts the same comments as an object, an array and NDJSON,
// with and without a Content-Type.
func TestBodies(t *testing.T) {
	one := `{"id":"c1","text":"Fast delivery","created_at":"2026-01-02T03:04:05Z","audience":"customer","scores":{"nps":9},"meta":{"channel":"app","region":"eu"}}`
	two := `{"id":"c2","text":"Rude agent","created_at":"2026-01-03T00:00:00+01:00","scores":{"csat":2}}`
	cases := []struct {
		name, ctype, body string
		ids               []string
	}{
		{"object", "application/json", one, []string{"c1"}},
		{"object pretty", "application/json", "{\n  \"id\": \"c1\",\n  \"text\": \"hi\"\n}\n", []string{"c1"}},
		{"array", "application/json", "[" + one + ",\n" + two + "]", []string{"c1", "c2"}},
		{"empty array", "application/json", "[ ]", nil},
		{"ndjson", "application/x-ndjson", one + "\n\n" + two + "\n", []string{"c1", "c2"}},
		{"ndjson crlf", "application/x-ndjson; charset=utf-8", one + "\r\n" + two, []string{"c1", "c2"}},
		{"sniff object", "", one, []string{"c1"}},
		{"sniff array", "text/plain", "[" + one + "]", []string{"c1"}},
		{"sniff ndjson", "", one + "\n" + two + "\n", []string{"c1", "c2"}},
		{"bom", "application/json", "\xEF\xBB\xBF" + one, []string{"c1"}},
		{"json content type, concatenated objects", "application/json", one + "\n" + two, []string{"c1", "c2"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sink := newFakeSink()
			code, rep, msg := post(t, newTestHandler(t, nil, sink), tc.ctype, tc.body)
			if code != http.StatusOK {
				t.Fatalf("status %d: %s", code, msg)
			}
			var ids []string
			for _, it := range rep.Items {
				if it.Status != corpus.Accepted {
					t.Errorf("item %d: %s %s", it.Index, it.Status, it.Reason)
				}
				ids = append(ids, it.ID)
			}
			if !slices.Equal(ids, tc.ids) || rep.Accepted != len(tc.ids) {
				t.Errorf("accepted %v (%d), want %v", ids, rep.Accepted, tc.ids)
			}
		})
	}
	// The default mapping fills every comment field.
	sink := newFakeSink()
	post(t, newTestHandler(t, nil, sink), "application/json", one)
	c := sink.comments["c1"]
	if c == nil || c.Text() != "Fast delivery" || c.Audience != corpus.Customer || *c.Scores.NPS != 9 ||
		!c.CreatedAt.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) || c.Meta["channel"] != "app" || c.Meta["region"] != "eu" || c.Source != "webhook" {
		t.Errorf("comment = %+v", c)
	}
}

// TestBadRequests checks the requests refused as a whole.
func TestBadRequests(t *testing.T) {
	cases := []struct {
		name, method, auth, ctype, body string
		status                          int
		msg                             string
	}{
		{"missing token", "POST", "", "", `{"text":"x"}`, 401, "missing bearer token"},
		{"wrong scheme", "POST", "Basic dXNlcjpwdw==", "", `{"text":"x"}`, 401, "missing bearer token"},
		{"bad token", "POST", "Bearer nope", "", `{"text":"x"}`, 401, "invalid bearer token"},
		{"token prefix", "POST", "Bearer " + testToken[:5], "", `{"text":"x"}`, 401, "invalid bearer token"},
		{"get", "GET", "Bearer " + testToken, "", "", 405, "method GET not allowed"},
		{"xml", "POST", "Bearer " + testToken, "application/xml", "<x/>", 415, "unsupported content type \"application/xml\""},
		{"empty", "POST", "Bearer " + testToken, "application/json", "  \n", 400, "empty body"},
		{"scalar", "POST", "Bearer " + testToken, "application/json", "42", 400, "body starts with '4'"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sink := newFakeSink()
			req := httptest.NewRequest(tc.method, DefaultPath, strings.NewReader(tc.body))
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			rec := httptest.NewRecorder()
			newTestHandler(t, nil, sink).ServeHTTP(rec, req)
			code, _, msg := decodeReply(t, rec.Code, rec.Body)
			if code != tc.status || !strings.Contains(msg, tc.msg) {
				t.Errorf("got %d %q, want %d with %q", code, msg, tc.status, tc.msg)
			}
			if code == 401 && rec.Header().Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if strings.Contains(rec.Body.String(), "nope") {
				t.Error("reply echoes the token")
			}
			if len(sink.batches) != 0 {
				t.Errorf("refused request reached the sink")
			}
		})
	}
}

// TestTokens checks the constant-time token check accepts exactly the
// configured tokens.
func TestTokens(t *testing.T) {
	ok := Tokens("alpha", "", "a-much-longer-token")
	for tok, want := range map[string]bool{"alpha": true, "a-much-longer-token": true, "": false, "alph": false, "alphaa": false, "ALPHA": false} {
		if ok(tok) != want {
			t.Errorf("Tokens(%q) = %v", tok, !want)
		}
	}
	env := map[string]string{"A": "tok-a"}
	auth, err := EnvTokens(func(k string) string { return env[k] }, "A")
	if err != nil || !auth("tok-a") || auth("tok-b") {
		t.Errorf("EnvTokens: %v", err)
	}
	if _, err := EnvTokens(func(k string) string { return env[k] }, "A", "MISSING_TOKEN"); err == nil ||
		err.Error() != "token_env[1]: environment variable MISSING_TOKEN is not set or empty" {
		t.Errorf("missing env var: %v", err)
	}
}

// TestOversize checks the body size limit with and without a declared
// Content-Length.
func TestOversize(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxBodyBytes = 1 << 10
	body := `[` + strings.Repeat(`{"text":"padding padding"},`, 100) + `{"text":"x"}]`
	for _, chunked := range []bool{false, true} {
		sink := newFakeSink()
		h := newTestHandler(t, &cfg, sink)
		req := httptest.NewRequest(http.MethodPost, DefaultPath, strings.NewReader(body))
		if chunked {
			req.ContentLength = -1
		}
		req.Header.Set("Authorization", "Bearer "+testToken)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		code, _, msg := decodeReply(t, rec.Code, rec.Body)
		if code != http.StatusRequestEntityTooLarge || msg != "request body is larger than the limit of 1 KiB; split it into smaller requests" {
			t.Errorf("chunked=%v: %d %q", chunked, code, msg)
		}
		if len(sink.batches) != 0 {
			t.Error("oversize request reached the sink")
		}
	}
}

// TestBrokenItems checks that malformed JSON in the middle of a body
// rejects the broken part with its byte offset and keeps the rest.
func TestBrokenItems(t *testing.T) {
	cases := []struct {
		name, ctype, body string
		want              []string
		reason            string // of the first rejected item
		raw               string // quarantined bytes of that item
		line              int64
	}{
		{"mid array", "application/json", `[{"id":"a","text":"ok"}, {"id":"b","text":"broken" "x"}, {"id":"c","text":"lost"}]`,
			[]string{"accepted", "rejected"}, "malformed JSON at byte 51 of the body: invalid character '\"' after object key:value pair; the rest of the body (57 bytes from byte 25) was not read",
			`{"id":"b","text":"broken" "x"}, {"id":"c","text":"lost"}]`, 2},
		{"truncated array", "application/json", `[{"id":"a","text":"ok"},{"id":"b","te`,
			[]string{"accepted", "rejected"}, "malformed JSON at byte 37 of the body: truncated JSON: the body ends inside this item", `{"id":"b","te`, 2},
		{"array without ]", "application/json", `[{"id":"a","text":"ok"}`,
			[]string{"accepted", "rejected"}, "truncated JSON: the body ends before the array's closing ]", "", 2},
		{"junk after array", "application/json", `[{"id":"a","text":"ok"}] x`,
			[]string{"accepted", "rejected"}, "unexpected data after the array's closing ]", "x", 2},
		{"mid ndjson", "application/x-ndjson", "{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"bro\n{\"id\":\"c\",\"text\":\"kept\"}\n",
			[]string{"accepted", "rejected", "accepted"}, "malformed JSON on line 2 at byte 44 of the body: unexpected end of JSON input", `{"id":"b","text":"bro`, 2},
		{"not an object", "application/json", `[{"id":"a","text":"ok"}, "just text", null]`,
			[]string{"accepted", "rejected", "rejected"}, "item is a JSON string; want an object", `"just text"`, 2},
		{"bad fields", "application/x-ndjson", "{\"text\":\"\"}\n{\"text\":\"x\",\"scores\":{\"nps\":11}}\n{\"text\":\"x\",\"created_at\":\"yesterday\"}\n{\"text\":{\"a\":1}}\n{\"text\":\"x\",\"audience\":\"partner\"}",
			[]string{"rejected", "rejected", "rejected", "rejected", "rejected"}, `empty text: no text in "text"`, `{"text":""}`, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sink := newFakeSink()
			code, rep, msg := post(t, newTestHandler(t, nil, sink), tc.ctype, tc.body)
			if code != http.StatusOK {
				t.Fatalf("status %d: %s", code, msg)
			}
			if got := statuses(rep); !slices.Equal(got, tc.want) {
				t.Fatalf("statuses %v, want %v (%+v)", got, tc.want, rep.Items)
			}
			var first *ItemStatus
			for i := range rep.Items {
				if rep.Items[i].Status == corpus.Rejected {
					first = &rep.Items[i]
					break
				}
			}
			if !strings.Contains(first.Reason, tc.reason) {
				t.Errorf("reason %q\nlacks %q", first.Reason, tc.reason)
			}
			if len(sink.rejects) == 0 {
				t.Fatal("nothing quarantined")
			}
			r := sink.rejects[0]
			if string(r.Raw) != tc.raw || r.Line != tc.line || r.Source != "webhook" || !strings.HasPrefix(r.File, "request ") {
				t.Errorf("reject = raw %q line %d source %q file %q; want raw %q line %d", r.Raw, r.Line, r.Source, r.File, tc.raw, tc.line)
			}
		})
	}
}

// TestMixedReply checks a reply with accepted, duplicate and rejected
// items, counted and listed in request order.
func TestMixedReply(t *testing.T) {
	sink := newFakeSink()
	h := newTestHandler(t, nil, sink)
	post(t, h, "application/json", `{"id":"old","text":"stored before"}`)
	body := `[{"id":"new","text":"hello"},{"id":"old","text":"stored before"},{"id":"bad","text":"x","scores":{"ces":9}},{"id":"new","text":"hello"}]`
	code, rep, _ := post(t, h, "application/json", body)
	if code != 200 || rep.Accepted != 1 || rep.Duplicates != 2 || rep.Rejected != 1 || rep.RequestID == "" {
		t.Fatalf("%d %+v", code, rep)
	}
	want := []ItemStatus{
		{Index: 0, ID: "new", Status: corpus.Accepted},
		{Index: 1, ID: "old", Status: corpus.Duplicate},
		{Index: 2, ID: "bad", Status: corpus.Rejected, Reason: "ces score 9 is outside 1–7"},
		{Index: 3, ID: "new", Status: corpus.Duplicate},
	}
	if !slices.Equal(rep.Items, want) {
		t.Errorf("items\n%+v\nwant\n%+v", rep.Items, want)
	}
}

// TestSinkError checks that a failing sink gives 503 with a retry hint and
// acknowledges nothing.
func TestSinkError(t *testing.T) {
	sink := newFakeSink()
	sink.fail = errStore
	req := httptest.NewRequest(http.MethodPost, DefaultPath, strings.NewReader(`[{"id":"a","text":"x"},{"id":"b","text":"y"}]`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	rec := httptest.NewRecorder()
	newTestHandler(t, nil, sink).ServeHTTP(rec, req)
	body := rec.Body.String()
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") != "5" {
		t.Fatalf("%d %v %s", rec.Code, rec.Header(), body)
	}
	if strings.Contains(body, "accepted") || strings.Contains(body, "disk full") || !strings.Contains(body, "none of the 2 items is acknowledged") {
		t.Errorf("body %s", body)
	}
}

// TestBatches checks that a request larger than batch_size is committed
// in several batches and replied to as one.
func TestBatches(t *testing.T) {
	cfg := DefaultConfig()
	cfg.BatchSize = 2
	sink := newFakeSink()
	code, rep, _ := post(t, newTestHandler(t, &cfg, sink), "application/x-ndjson", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n{\"text\":\"d\"}\n{\"text\":\"e\"}")
	if code != 200 || rep.Accepted != 5 || len(sink.batches) != 3 {
		t.Errorf("%d %+v, %d batches", code, rep, len(sink.batches))
	}
	for i, it := range rep.Items {
		if it.Index != i {
			t.Errorf("item %d has index %d", i, it.Index)
		}
	}
}

// TestReplyAfterCommit checks that nothing is written to the client before
// the sink's Commit returns.
func TestReplyAfterCommit(t *testing.T) {
	sink := newFakeSink()
	sink.entered = make(chan struct{})
	sink.release = make(chan struct{})
	entered := sink.entered
	srv := httptest.NewServer(newTestHandler(t, nil, sink))
	defer srv.Close()
	type result struct {
		resp *http.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+DefaultPath, strings.NewReader(`{"id":"a","text":"x"}`))
		req.Header.Set("Authorization", "Bearer "+testToken)
		resp, err := http.DefaultClient.Do(req)
		done <- result{resp, err}
	}()
	<-entered
	select {
	case r := <-done:
		t.Fatalf("reply before Commit returned: %v %v", r.resp, r.err)
	case <-time.After(50 * time.Millisecond):
	}
	close(sink.release)
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	defer r.resp.Body.Close()
	code, rep, _ := decodeReply(t, r.resp.StatusCode, r.resp.Body)
	if code != 200 || rep.Accepted != 1 {
		t.Errorf("%d %+v", code, rep)
	}
}

// TestMapping checks a custom field mapping.
func TestMapping(t *testing.T) {
	cfg, err := ParseConfig([]byte(`
name: widget
audience: employee
fields:
  text: [{path: answers.pros, name: pros}, {path: answers.cons, name: cons}]
  id: response.uuid
  created_at: {path: ts, format: unix_ms}
  scores: {nps: score}
  meta: {context: ctx, team: ""}
`))
	if err != nil {
		t.Fatal(err)
	}
	sink := newFakeSink()
	code, rep, msg := post(t, newTestHandler(t, &cfg, sink), "", `{"response":{"uuid":"u-1"},"answers":{"pros":"Flexible hours","cons":"Slow laptops"},"ts":1767225600000,"score":"8","context":{"page":"/help","ab":true},"team":"ops","ignored":"x"}`)
	if code != 200 || rep.Accepted != 1 {
		t.Fatalf("%d %s %+v", code, msg, rep)
	}
	c := sink.comments["u-1"]
	want := map[string]string{"ctx.page": "/help", "ctx.ab": "true", "team": "ops"}
	if c.Source != "widget" || c.Audience != corpus.Employee || len(c.Fields) != 2 || c.Fields[1] != (corpus.TextField{Name: "cons", Text: "Slow laptops"}) ||
		!c.CreatedAt.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || *c.Scores.NPS != 8 || len(c.Meta) != len(want) {
		t.Errorf("comment = %+v", c)
	}
	for k, v := range want {
		if c.Meta[k] != v {
			t.Errorf("meta %s = %q, want %q", k, c.Meta[k], v)
		}
	}
	// Without created_at the received time dates the comment, and the
	// derived id is stable for it.
	code, rep, _ = post(t, newTestHandler(t, &cfg, sink), "", `{"answers":{"pros":"Nice team"}}`)
	if code != 200 || rep.Accepted != 1 || !strings.HasPrefix(rep.Items[0].ID, "h-") {
		t.Errorf("%d %+v", code, rep)
	}
}

// TestNew checks the constructor's refusals.
func TestNew(t *testing.T) {
	if _, err := New(DefaultConfig(), newFakeSink(), nil, zeroLog()); err == nil || !strings.Contains(err.Error(), "no token check") {
		t.Errorf("nil auth: %v", err)
	}
	cfg := DefaultConfig()
	cfg.Fields.Text = nil
	if _, err := New(cfg, newFakeSink(), Tokens("x"), zeroLog()); err == nil || !errors.Is(err, err) || !strings.Contains(err.Error(), "fields.text: at least one text field is required") {
		t.Errorf("bad config: %v", err)
	}
}
