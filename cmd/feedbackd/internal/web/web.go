// Package web serves feedbackd's search page: a few static files embedded
// in the binary (no CDN, no external fonts or scripts, no build step), so
// the page works on a machine without internet. The page talks to the
// JSON API under /api/v1 from the browser.
//
// Comment text is written by the public, so the page never parses it as
// HTML: it builds the DOM with textContent and createElement only, and the
// Content-Security-Policy sent here forbids inline scripts and styles,
// scripts from anywhere but this server, and (through Trusted Types) any
// assignment of a string to innerHTML.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed assets
var assets embed.FS

// Prefix is the path under which Handler serves the page's scripts and
// styles; Handler serves the page itself at "/".
const Prefix = "/static/"

// ContentSecurityPolicy is the policy sent with every file: only this
// origin's scripts, styles and API; no inline code, plugins, frames, base
// or form targets elsewhere; and no string-to-HTML sinks (innerHTML and
// friends throw).
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'; " +
	"require-trusted-types-for 'script'; trusted-types 'none'"

// contentTypes maps the extensions of the embedded files to their types,
// so the answer does not depend on the host's mime.types.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".svg":  "image/svg+xml",
}

// file is one embedded file ready to serve.
type file struct {
	name  string
	body  []byte
	ctype string
	etag  string
}

// Handler returns the handler of the page: GET "/" is index.html and GET
// Prefix+name the other embedded files. Every answer carries a strong
// ETag and Cache-Control "no-cache" (the browser revalidates and gets 304
// when nothing changed) and the security headers; anything else is 404.
func Handler() http.Handler {
	files := map[string]file{}
	err := fs.WalkDir(assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		name := strings.TrimPrefix(p, "assets/")
		files[name] = file{
			name:  name,
			body:  body,
			ctype: contentTypes[path.Ext(name)],
			etag:  `"` + hex.EncodeToString(sum[:12]) + `"`,
		}
		return nil
	})
	if err != nil {
		panic("web: read embedded assets: " + err.Error()) // the embed is fixed at build time
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w.Header())
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := ""
		switch {
		case r.URL.Path == "/" || r.URL.Path == "/index.html":
			name = "index.html"
		case strings.HasPrefix(r.URL.Path, Prefix):
			name = strings.TrimPrefix(r.URL.Path, Prefix)
		}
		f, ok := files[name]
		if !ok || f.ctype == "" {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.ctype)
		h.Set("ETag", f.etag)
		h.Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(f.body))
	})
}

// setSecurityHeaders sets the headers every answer of the page carries.
func setSecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
}
