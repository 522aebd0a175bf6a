package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/configs"
	"github.com/feedbackd/feedbackd/corpus"
)

// runIn runs the built binary in dir, as a user would from there.
func runIn(t *testing.T, dir string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	res := result{stdout: stdout.String(), stderr: stderr.String()}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		res.code = exit.ExitCode()
	case err != nil:
		t.Fatalf("run feedbackd %v: %v", args, err)
	}
	return res
}

// decodeJSON decodes a command's JSON output into v.
func decodeJSON(t *testing.T, r result, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.stdout), v); err != nil {
		t.Fatalf("decode %q: %v (stderr %s)", r.stdout, err, r.stderr)
	}
}

// TestCommands drives ingest, stats, quarantine, reindex and retag
// through the binary on one data dir.
func TestCommands(t *testing.T) {
	dir := t.TempDir()
	conf := writeTestConfig(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "survey.csv"), []byte(testCSV), 0o644); err != nil {
		t.Fatal(err)
	}

	r := runIn(t, dir, "ingest", "--config", conf, "survey.csv")
	if r.code != exitFail || !strings.Contains(r.stdout, "3 rows: 2 accepted, 0 duplicates, 1 rejected") {
		t.Fatalf("ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var st statsReport
	decodeJSON(t, runIn(t, dir, "stats", "--config", conf, "--json"), &st)
	if st.Comments != 2 || st.Indexed != 2 || st.IndexLag != 0 || st.Quarantined != 1 || st.PerSource["inbox"] != 2 {
		t.Fatalf("stats after ingest: %+v", st)
	}
	if r := runIn(t, dir, "ingest", "--config", conf, "survey.csv"); r.code != exitOK || !strings.Contains(r.stderr, "already ingested") {
		t.Errorf("second ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	var entries []corpus.Reject
	decodeJSON(t, runIn(t, dir, "quarantine", "list", "--config", conf, "--json"), &entries)
	if len(entries) != 1 || entries[0].File != "survey.csv" || entries[0].Line != 4 || !strings.Contains(entries[0].Reason, "nps") {
		t.Fatalf("quarantine list: %+v", entries)
	}
	id := entries[0].ID
	if r := runIn(t, dir, "quarantine", "show", "--config", conf, id); r.code != exitOK || !strings.Contains(r.stdout, "c3,Refund still not processed") {
		t.Errorf("quarantine show: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, dir, "quarantine", "retry", "--config", conf, id); r.code != exitFail || !strings.Contains(r.stdout, "still rejected") {
		t.Errorf("retry before the fix: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// The fix: stop reading the nps column. Retrying now stores the row
	// and empties the quarantine.
	data, _ := os.ReadFile(conf)
	if err := os.WriteFile(conf, bytes.Replace(data, []byte("scores: {nps: nps}"), []byte("scores: {}"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	var retried []retryResult
	r = runIn(t, dir, "quarantine", "retry", "--config", conf, "--all", "--json")
	decodeJSON(t, r, &retried)
	if r.code != exitOK || len(retried) != 1 || retried[0].Status != "stored" || retried[0].CommentID != "c3" {
		t.Fatalf("retry after the fix: exit %d %+v %s", r.code, retried, r.stderr)
	}
	decodeJSON(t, runIn(t, dir, "stats", "--config", conf, "--json"), &st)
	if st.Comments != 3 || st.Quarantined != 0 || st.Indexed != 3 {
		t.Fatalf("stats after retry: %+v", st)
	}

	if r := runIn(t, dir, "reindex", "--config", conf); r.code != exitOK || !strings.Contains(r.stdout, "reindexed 3 comments") {
		t.Errorf("reindex: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	var rep corpus.RetagReport
	decodeJSON(t, runIn(t, dir, "retag", "--config", conf, "--dry-run", "--json"), &rep)
	if rep.Scanned != 3 || rep.Changed != 0 {
		t.Errorf("retag --dry-run with the same engine: %+v, want nothing changed", rep)
	}
	tax := filepath.Join(dir, "taxonomy.yaml")
	if err := os.WriteFile(tax, bytes.Replace(configs.Taxonomy(), []byte(`version: "2026.11"`), []byte(`version: "2026.12-test"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	decodeJSON(t, runIn(t, dir, "retag", "--config", conf, "--dry-run", "--json"), &rep)
	if !rep.DryRun || rep.Changed != 3 || rep.Written != 0 {
		t.Errorf("retag --dry-run after a taxonomy change: %+v, want 3 changed, none written", rep)
	}
	if r := runIn(t, dir, "retag", "--config", conf); r.code != exitOK || !strings.Contains(r.stdout, "3 changed; retagged 3") {
		t.Errorf("retag: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	decodeJSON(t, runIn(t, dir, "stats", "--config", conf, "--json"), &st)
	if st.Indexed != 3 || st.IndexLag != 0 || !strings.HasPrefix(st.TaxonomyVersion, "2026.12-test") {
		t.Errorf("stats after retag: %+v", st)
	}
}

// TestCommandsWhileServing runs the daemon as a subprocess: commands
// that need the data dir fail fast with the lock message, stats asks the
// daemon, and SIGTERM stops it cleanly.
func TestCommandsWhileServing(t *testing.T) {
	dir := t.TempDir()
	conf := writeTestConfig(t, dir)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()

	var stderr bytes.Buffer
	serve := exec.Command(binary, "serve", "--config", conf, "--addr", addr)
	serve.Stderr = &stderr
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- serve.Wait() }()
	defer func() {
		if serve.ProcessState == nil {
			serve.Process.Kill()
			<-done
		}
	}()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not come up: %v\n%s", err, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}

	start := time.Now()
	r := runIn(t, dir, "reindex", "--config", conf)
	if r.code != exitFail || !strings.Contains(r.stderr, "is in use by another feedbackd") {
		t.Errorf("reindex while serving: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("reindex took %v to fail", d)
	}
	r = runIn(t, dir, "serve", "--config", conf, "--addr", "127.0.0.1:0")
	if r.code != exitFail || !strings.Contains(r.stderr, "is in use by another feedbackd") {
		t.Errorf("second serve: exit %d\n%s", r.code, r.stderr)
	}
	var st statsReport
	decodeJSON(t, runIn(t, dir, "stats", "--config", conf, "--addr", addr, "--json"), &st)
	if st.DataDir == "" || st.PerSource == nil {
		t.Errorf("stats through the daemon: %+v", st)
	}

	if err := serve.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not stop after SIGTERM\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "feedbackd stopped cleanly") {
		t.Errorf("no clean stop in the log:\n%s", stderr.String())
	}
}
