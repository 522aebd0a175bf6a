package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

// TestServeScheduledExport wires exports: into the daemon: an export
// whose last run is a day old runs at start (catch-up) into a folder
// inside the data dir, and its cursor moves.
func TestServeScheduledExport(t *testing.T) {
	dir := t.TempDir()
	path := writeTestConfig(t, dir, `
exports:
  - {name: nightly, schedule: "0 2 * * *", folder: bi, incremental: true, format: ndjson}
`)
	cfg, err := LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(cfg.Data, 0o755); err != nil {
		t.Fatal(err)
	}
	store, err := openStore(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().UTC().Add(-48 * time.Hour).Format(time.RFC3339)
	cp := &corpus.Checkpoint{Source: "export:nightly", Key: "state", Value: `{"cursor":"seq-0","last_run":"` + old + `"}`}
	if _, err := store.Commit(context.Background(), corpus.Batch{Source: cp.Source, Checkpoint: cp}); err != nil {
		t.Fatal(err)
	}
	store.Close()

	m, logs := startMain(t, path, false)
	folder := filepath.Join(cfg.Data, "bi")
	deadline := time.Now().Add(10 * time.Second)
	var names []string
	for len(names) == 0 {
		names, _ = filepath.Glob(filepath.Join(folder, "nightly-*-seq-0-0.ndjson"))
		if time.Now().After(deadline) {
			t.Fatalf("no catch-up export in %s; logs:\n%s", folder, logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, body := get(t, m.Addr()+"/metrics"); !strings.Contains(body, `feedbackd_export_runs_total{export="nightly"} 1`) {
		t.Errorf("metrics lack the export's run:\n%s", body)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "scheduled export written") {
		t.Errorf("no run line:\n%s", logs)
	}
}
