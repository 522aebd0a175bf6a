package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/web"
)

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(web.Handler())
	defer srv.Close()

	tests := []struct {
		name, method, path string
		code               int
		ctype              string
		body               string // a substring of the body
	}{
		{name: "page", method: "GET", path: "/", code: 200, ctype: "text/html; charset=utf-8", body: `<script type="module" src="/static/app.js">`},
		{name: "page by name", method: "GET", path: "/index.html", code: 200, ctype: "text/html; charset=utf-8"},
		{name: "script", method: "GET", path: "/static/app.js", code: 200, ctype: "text/javascript; charset=utf-8", body: "import"},
		{name: "module", method: "GET", path: "/static/render.js", code: 200, ctype: "text/javascript; charset=utf-8", body: "createTextNode"},
		{name: "trends module", method: "GET", path: "/static/trends.js", code: 200, ctype: "text/javascript; charset=utf-8", body: "/api/v1/trends"},
		{name: "style", method: "GET", path: "/static/app.css", code: 200, ctype: "text/css; charset=utf-8"},
		{name: "head", method: "HEAD", path: "/static/app.css", code: 200, ctype: "text/css; charset=utf-8"},
		{name: "unknown file", method: "GET", path: "/static/nope.js", code: 404},
		{name: "directory", method: "GET", path: "/static/", code: 404},
		{name: "traversal", method: "GET", path: "/static/../web.go", code: 404},
		{name: "unknown path", method: "GET", path: "/app.js", code: 404},
		{name: "post", method: "POST", path: "/", code: 405},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := fetch(t, tt.method, srv.URL+tt.path, "")
			if resp.StatusCode != tt.code {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.code)
			}
			h := resp.Header
			if got := h.Get("Content-Security-Policy"); got != web.ContentSecurityPolicy {
				t.Errorf("Content-Security-Policy %q", got)
			}
			if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if got := h.Get("Referrer-Policy"); got != "no-referrer" {
				t.Errorf("Referrer-Policy %q", got)
			}
			if tt.code != 200 {
				return
			}
			if got := h.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if h.Get("ETag") == "" || h.Get("Cache-Control") != "no-cache" {
				t.Errorf("ETag %q, Cache-Control %q", h.Get("ETag"), h.Get("Cache-Control"))
			}
			if !strings.Contains(body, tt.body) {
				t.Errorf("body lacks %q", tt.body)
			}
		})
	}
}

func TestHandlerRevalidates(t *testing.T) {
	srv := httptest.NewServer(web.Handler())
	defer srv.Close()
	resp, _ := fetch(t, "GET", srv.URL+"/static/app.js", "")
	etag := resp.Header.Get("ETag")
	resp, _ = fetch(t, "GET", srv.URL+"/static/app.js", etag)
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match %s: status %d, want 304", etag, resp.StatusCode)
	}
}

// TestPageIsSelfContained checks that nothing in the page or its files
// reaches outside the daemon, and that no script uses an HTML sink.
func TestPageIsSelfContained(t *testing.T) {
	srv := httptest.NewServer(web.Handler())
	defer srv.Close()
	for _, p := range []string{"/", "/static/app.js", "/static/render.js", "/static/hit.js", "/static/panel.js", "/static/chart.js",
		"/static/trends.js", "/static/linechart.js", "/static/drivers.js", "/static/app.css"} {
		_, s := fetch(t, "GET", srv.URL+p, "")
		s = strings.ReplaceAll(s, "http://www.w3.org/2000/svg", "") // the SVG namespace, not a fetch
		for _, bad := range []string{"http://", "https://", "//cdn", "@import", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", " style=", "onclick="} {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
	}
}

// fetch sends a request (with If-None-Match when etag is set) and returns
// the response and its body.
func fetch(t *testing.T, method, url, etag string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}
