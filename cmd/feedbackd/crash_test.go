//go:build crash

package main

// The crash test: the real binary ingests comments from the drop folder
// and the webhook while it is killed with SIGKILL at random moments, then
// the raw store and the index are checked comment by comment. It is not
// part of `go test ./...`; run it with
//
//	go test -tags crash ./cmd/feedbackd -run Crash -v
//
// CRASH_SEED (default: the clock, logged), CRASH_N (200000) and
// CRASH_KILLS (5) change the run.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashToken is the webhook's bearer token, passed in CRASH_TOKEN.
const crashToken = "crash-test-token"

// crashRun is one crash test: a data dir, a config and the daemon
// currently running, if any.
type crashRun struct {
	t      *testing.T
	dir    string // data dir
	inbox  string
	config string
	addr   string
	runs   int
	cmd    *exec.Cmd
	exited chan error
	logs   []string // one log file per start
}

func TestCrash(t *testing.T) {
	seed := envUint(t, "CRASH_SEED", uint64(time.Now().UnixNano()))
	n := int(envUint(t, "CRASH_N", 200000))
	kills := int(envUint(t, "CRASH_KILLS", 5))
	t.Logf("crash test: seed %d (rerun with CRASH_SEED=%d), %d comments, %d kills", seed, seed, n, kills)
	rnd := rand.New(rand.NewPCG(seed, 1))

	ctx, cancel := context.WithTimeout(context.Background(), 9*time.Minute)
	defer cancel()
	r := newCrashRun(t)
	work := newCrashWork(n, seed)
	t.Logf("input: %d files (%d comments, NDJSON and CSV) and %d webhook requests (%d comments)",
		len(work.files), work.fileComments, len(work.requests), work.hookComments)

	start := time.Now()
	r.start()
	feedDone := make(chan error, 1)
	go func() { feedDone <- work.writeFiles(ctx, r.inbox, rnd.Uint64()) }()
	hook := newHookClient("http://"+r.addr, crashToken)
	hookDone := make(chan error, 1)
	go func() { hookDone <- hook.post(ctx, work.requests, 4) }()

	var killAt []time.Duration
	for k := range kills {
		// A random moment 0.3–4s after the start: during start-up, the
		// index replay, a file's batches, webhook commits or a bleve Apply.
		d := 300*time.Millisecond + time.Duration(rnd.Int64N(int64(3700*time.Millisecond)))
		select {
		case <-time.After(d):
		case <-ctx.Done():
			t.Fatalf("kill %d: %v", k+1, ctx.Err())
		}
		h, _ := r.health(ctx)
		r.kill()
		killAt = append(killAt, time.Since(start).Round(time.Millisecond))
		t.Logf("kill %d: SIGKILL %s after its start (t=%s; stored %d, indexed %d, webhook acked %d)",
			k+1, d.Round(time.Millisecond), killAt[k], h.Stats.Comments, h.Stats.Indexed, hook.acked.Load())
		r.stats(ctx) // the offline stats command reads the crashed data dir
		r.start()
	}

	if err := <-feedDone; err != nil {
		t.Fatalf("write files: %v", err)
	}
	if err := <-hookDone; err != nil {
		t.Fatalf("webhook client: %v", err)
	}
	fed := time.Since(start)
	t.Logf("all input delivered after %s (webhook: %d requests, %d retried attempts)",
		fed.Round(time.Millisecond), len(work.requests), hook.retries.Load())
	h := r.waitIndexed(ctx, uint64(n))
	done := time.Since(start)
	r.stop()

	acked := hook.ackedIDs()
	v := verify(t, r, work, acked)
	t.Logf("SUMMARY: %d comments (%d from %d files, %d from %d webhook requests), %d SIGKILLs at %v, %d daemon starts; "+
		"stored %d, indexed %d, duplicates %d, lost %d, quarantined %d, webhook retries %d; "+
		"all indexed after %s (%.0f comments/s end to end, index lag 0 at seq %d), %d done checkpoints left, verified in %s (raw store %s)",
		n, work.fileComments, len(work.files), work.hookComments, len(work.requests), kills, killAt, r.runs,
		v.stored, v.indexed, v.duplicates, v.lost, v.quarantined, hook.retries.Load(),
		done.Round(time.Millisecond), float64(n)/done.Seconds(), h.Stats.LastSeq, v.doneCheckpoints,
		v.took.Round(time.Millisecond), v.storeTook.Round(time.Millisecond))
}

// newCrashRun writes the config of a fresh data dir and picks a port.
func newCrashRun(t *testing.T) *crashRun {
	dir := t.TempDir()
	r := &crashRun{t: t, dir: filepath.Join(dir, "data"), addr: freeAddr(t)}
	r.inbox = filepath.Join(r.dir, "inbox")
	r.config = filepath.Join(dir, "feedbackd.yaml")
	cfg := fmt.Sprintf(`data: %s
http: {addr: %q, shutdown_timeout: 10s}
log: {level: info, format: json}
index: {batch_size: 5000, max_delay: 200ms, lock_timeout: 5s}
auth:
  tokens:
    - {name: crash, token_env: CRASH_TOKEN}
sources:
  - kind: folder
    folder:
      name: inbox
      path: inbox
      audience: customer
      batch_size: 500
      poll_interval: 100ms
      stable_for: 200ms
      columns:
        text: text
        id: id
        created_at: created_at
        audience: audience
        scores: {nps: nps}
        meta: {channel: "", team: "", survey: ""}
  - kind: webhook
    webhook:
      name: webhook
      path: /api/v1/comments
      audience: customer
`, r.dir, r.addr)
	if err := os.WriteFile(r.config, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(r.inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	return r
}

// freeAddr returns a loopback address with a port nobody listens on.
func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// start starts the daemon, logging to a new file.
func (r *crashRun) start() {
	r.runs++
	logPath := filepath.Join(filepath.Dir(r.dir), fmt.Sprintf("serve-%d.log", r.runs))
	f, err := os.Create(logPath)
	if err != nil {
		r.t.Fatal(err)
	}
	cmd := exec.Command(binary, "serve", "--config", r.config)
	cmd.Env = append(os.Environ(), "CRASH_TOKEN="+crashToken)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		f.Close()
		r.t.Fatalf("start feedbackd: %v", err)
	}
	r.cmd, r.logs = cmd, append(r.logs, logPath)
	r.exited = make(chan error, 1)
	go func() { r.exited <- cmd.Wait(); f.Close() }()
}

// kill sends SIGKILL and waits for the process to be gone.
func (r *crashRun) kill() {
	if err := r.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		r.t.Fatalf("kill feedbackd: %v", err)
	}
	select {
	case <-r.exited:
	case <-time.After(30 * time.Second):
		r.t.Fatal("feedbackd did not die within 30s of SIGKILL")
	}
}

// stop sends SIGTERM and expects a clean exit.
func (r *crashRun) stop() {
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		r.t.Fatalf("stop feedbackd: %v", err)
	}
	select {
	case err := <-r.exited:
		if err != nil {
			r.dumpLogs()
			r.t.Fatalf("feedbackd after SIGTERM: %v", err)
		}
	case <-time.After(60 * time.Second):
		r.cmd.Process.Kill()
		r.t.Fatal("feedbackd did not stop within 60s of SIGTERM")
	}
}

// stats runs `feedbackd stats --json` on the stopped daemon's data dir and
// logs what it says.
func (r *crashRun) stats(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, binary, "stats", "--json", "--config", r.config).CombinedOutput()
	if err != nil {
		r.t.Logf("  stats after the kill: %v: %s", err, bytes.TrimSpace(out))
		return
	}
	var st statsReport
	if err := json.Unmarshal(out, &st); err != nil {
		r.t.Fatalf("stats --json: %v: %s", err, out)
	}
	r.t.Logf("  stats after the kill: comments %d, indexed %d (up to seq %d of %d), quarantined %d",
		st.Comments, st.Indexed, st.IndexedUpTo, st.LastSeq, st.Quarantined)
}

// health asks /healthz; it fails while the daemon is starting or dead.
func (r *crashRun) health(ctx context.Context) (health, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var h health
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+r.addr+"/healthz", nil)
	if err != nil {
		return h, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return h, err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&h); err != nil {
		return h, err
	}
	if resp.StatusCode != http.StatusOK {
		return h, fmt.Errorf("healthz: %s (%s)", resp.Status, h.Status)
	}
	return h, nil
}

// waitIndexed polls /healthz until n comments are stored and indexed and
// the inbox is empty.
func (r *crashRun) waitIndexed(ctx context.Context, n uint64) health {
	var last health
	for {
		h, err := r.health(ctx)
		if err == nil {
			last = h
			s := h.Stats
			if s.Comments >= n && s.Indexed >= n && s.IndexLag == 0 && r.inboxEmpty() {
				return h
			}
		}
		select {
		case err := <-r.exited:
			r.dumpLogs()
			r.t.Fatalf("feedbackd exited while finishing: %v", err)
		case <-ctx.Done():
			r.dumpLogs()
			r.t.Fatalf("waiting for %d comments indexed: %v (last: %+v)", n, ctx.Err(), last.Stats)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// inboxEmpty reports whether the drop folder has no file left to read.
func (r *crashRun) inboxEmpty() bool {
	entries, err := os.ReadDir(r.inbox)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			return false
		}
	}
	return true
}

// dumpLogs prints the end of every run's log.
func (r *crashRun) dumpLogs() {
	for _, p := range r.logs {
		b, _ := os.ReadFile(p)
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		r.t.Logf("--- %s (last lines)", filepath.Base(p))
		for _, l := range lines[max(0, len(lines)-15):] {
			r.t.Log(l)
		}
	}
}

// envUint reads a positive integer from the environment.
func envUint(t *testing.T, name string, def uint64) uint64 {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil || n == 0 {
		t.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}
