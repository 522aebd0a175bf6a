package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// chromium is a headless Chromium driven over the Chrome DevTools
// Protocol on the pipe of --remote-debugging-pipe (fd 3 in, fd 4 out,
// messages separated by NUL): no websocket, no extra dependency.
type chromium struct {
	cmd     *exec.Cmd
	in      io.WriteCloser
	mu      sync.Mutex
	nextID  int
	pending map[int]chan cdpMessage
	events  chan cdpMessage
	done    chan struct{}
	stderr  bytes.Buffer
}

// cdpMessage is a CDP reply or event.
type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// findChromium returns the Chromium binary ($FEEDBACKD_CHROMIUM, else
// chromium on PATH, else /usr/bin/chromium), or "".
func findChromium() string {
	if p := os.Getenv("FEEDBACKD_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	return ""
}

// startChromium launches a headless Chromium with a fresh profile; it is
// killed at the end of the test.
func startChromium(t *testing.T, bin string) *chromium {
	t.Helper()
	toChrome, ourEnd, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	fromChrome, theirEnd, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &chromium{in: ourEnd, pending: map[int]chan cdpMessage{}, events: make(chan cdpMessage, 1024), done: make(chan struct{})}
	c.cmd = exec.Command(bin,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
		"--user-data-dir="+t.TempDir(), "--remote-debugging-pipe", "about:blank")
	c.cmd.ExtraFiles = []*os.File{toChrome, theirEnd} // fd 3: commands, fd 4: replies
	c.cmd.Stderr = &c.stderr
	if err := c.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	toChrome.Close()
	theirEnd.Close()
	go c.read(fromChrome)
	t.Cleanup(func() {
		c.in.Close()
		_ = c.cmd.Process.Kill()
		_ = c.cmd.Wait()
		fromChrome.Close()
		if t.Failed() {
			t.Logf("chromium stderr:\n%s", tail(c.stderr.String(), 3000))
		}
	})
	return c
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// read dispatches replies to their callers and events to c.events.
func (c *chromium) read(r io.Reader) {
	defer close(c.done)
	br := bufio.NewReaderSize(r, 1<<20)
	for {
		b, err := br.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMessage
		if json.Unmarshal(b[:len(b)-1], &m) != nil {
			continue
		}
		if m.ID == 0 {
			select {
			case c.events <- m:
			default: // nobody reads that many events; drop
			}
			continue
		}
		c.mu.Lock()
		ch := c.pending[m.ID]
		delete(c.pending, m.ID)
		c.mu.Unlock()
		if ch != nil {
			ch <- m
		}
	}
}

// call sends a command (to the page session when session is set) and
// decodes its result into out.
func (c *chromium) call(ctx context.Context, session, method string, params, out any) error {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan cdpMessage, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	msg := map[string]any{"id": id, "method": method}
	if params != nil {
		msg["params"] = params
	}
	if session != "" {
		msg["sessionId"] = session
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	if _, err := c.in.Write(append(b, 0)); err != nil {
		return fmt.Errorf("cdp %s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("cdp %s: %s", method, m.Error.Message)
		}
		if out != nil {
			return json.Unmarshal(m.Result, out)
		}
		return nil
	case <-c.done:
		return fmt.Errorf("cdp %s: chromium exited", method)
	case <-ctx.Done():
		return fmt.Errorf("cdp %s: %w", method, ctx.Err())
	}
}

// page is one tab attached in flat session mode.
type page struct {
	t       *testing.T
	c       *chromium
	session string
	ctx     context.Context

	mu         sync.Mutex
	dialogs    []string // alert/confirm/prompt messages: none may open
	exceptions []string // uncaught script errors
	console    []string // console errors (CSP violations show up here)
}

// newPage opens a tab and starts recording dialogs, exceptions and
// console errors.
func (c *chromium) newPage(ctx context.Context, t *testing.T) *page {
	t.Helper()
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := c.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		t.Fatal(err)
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := c.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		t.Fatal(err)
	}
	p := &page{t: t, c: c, session: att.SessionID, ctx: ctx}
	go p.watch()
	for _, m := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		p.do(m, nil, nil)
	}
	return p
}

// watch records the events of the page; a dialog is dismissed so the
// page does not hang on it.
func (p *page) watch() {
	for {
		select {
		case m := <-p.c.events:
			if m.SessionID != p.session {
				continue
			}
			p.mu.Lock()
			switch m.Method {
			case "Page.javascriptDialogOpening":
				var d struct {
					Message string `json:"message"`
				}
				_ = json.Unmarshal(m.Params, &d)
				p.dialogs = append(p.dialogs, d.Message)
				go p.c.call(p.ctx, p.session, "Page.handleJavaScriptDialog", map[string]any{"accept": false}, nil)
			case "Runtime.exceptionThrown":
				p.exceptions = append(p.exceptions, string(m.Params))
			case "Log.entryAdded":
				var e struct {
					Entry struct{ Level, Text, URL string } `json:"entry"`
				}
				_ = json.Unmarshal(m.Params, &e)
				if e.Entry.Level == "error" && !strings.Contains(e.Entry.Text, "status of 401") { // the page's first try, before the token
					p.console = append(p.console, e.Entry.Text+" "+e.Entry.URL)
				}
			case "Runtime.consoleAPICalled":
				var e struct {
					Type string `json:"type"`
					Args []struct {
						Value any `json:"value"`
					} `json:"args"`
				}
				_ = json.Unmarshal(m.Params, &e)
				if e.Type == "error" {
					p.console = append(p.console, fmt.Sprint(e.Args))
				}
			}
			p.mu.Unlock()
		case <-p.c.done:
			return
		case <-p.ctx.Done():
			return
		}
	}
}

// do runs a CDP command on the page or fails the test.
func (p *page) do(method string, params, out any) {
	p.t.Helper()
	if err := p.c.call(p.ctx, p.session, method, params, out); err != nil {
		p.t.Fatal(err)
	}
}

// navigate loads url.
func (p *page) navigate(url string) {
	p.t.Helper()
	p.do("Page.navigate", map[string]any{"url": url}, nil)
}

// eval evaluates a JavaScript expression (awaiting a promise) and decodes
// its JSON value into out.
func (p *page) eval(expr string, out any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.c.call(p.ctx, p.session, "Runtime.evaluate", map[string]any{
		"expression": expr, "returnByValue": true, "awaitPromise": true,
	}, &r)
	if err != nil {
		return err
	}
	if r.ExceptionDetails != nil {
		return fmt.Errorf("%s: %s %s", expr, r.ExceptionDetails.Text, r.ExceptionDetails.Exception.Description)
	}
	if out != nil && len(r.Result.Value) > 0 {
		return json.Unmarshal(r.Result.Value, out)
	}
	return nil
}

// must evaluates expr into out or fails the test.
func (p *page) must(expr string, out any) {
	p.t.Helper()
	if err := p.eval(expr, out); err != nil {
		p.t.Fatal(err)
	}
}

// waitFor polls a boolean expression until it is true.
func (p *page) waitFor(what, expr string) {
	p.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var ok bool
		err := p.eval("!!("+expr+")", &ok)
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			var state string
			_ = p.eval(`document.body ? [document.body.dataset.state, location.href, document.getElementById('status').textContent,
				document.getElementById('error').textContent, document.querySelectorAll('.hit').length, document.querySelector('main').innerText.slice(0, 800)].join(" | ") : "no body"`, &state)
			p.t.Fatalf("timed out waiting for %s (%s): %v\npage: %s\nexceptions: %v\nconsole: %v", what, expr, err, state, p.exceptions, p.console)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// key sends a key press (keyDown and keyUp) to the focused element.
func (p *page) key(key, code string, vk int) {
	p.t.Helper()
	for _, typ := range []string{"rawKeyDown", "keyUp"} {
		p.do("Input.dispatchKeyEvent", map[string]any{"type": typ, "key": key, "code": code, "windowsVirtualKeyCode": vk}, nil)
	}
}

// screenshot saves a PNG of the page at path.
func (p *page) screenshot(path string) {
	p.t.Helper()
	var r struct {
		Data []byte `json:"data"` // base64 in JSON, decoded by encoding/json
	}
	p.do("Page.captureScreenshot", map[string]any{"format": "png"}, &r)
	if len(r.Data) == 0 {
		p.t.Fatal("empty screenshot")
	}
	if err := os.WriteFile(path, r.Data, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// problems returns the dialogs, exceptions and console errors seen.
func (p *page) problems() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for _, d := range p.dialogs {
		errs = append(errs, fmt.Errorf("a dialog opened: %q", d))
	}
	for _, e := range p.exceptions {
		errs = append(errs, fmt.Errorf("uncaught exception: %s", e))
	}
	for _, e := range p.console {
		errs = append(errs, fmt.Errorf("console error: %s", e))
	}
	return errors.Join(errs...)
}
