package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDigestCommand previews, sends and lists a digest through the
// binary on an ingested data dir, and checks a period is sent only once.
func TestDigestCommand(t *testing.T) {
	dir := t.TempDir()
	conf := writeTestConfig(t, dir, `
digests:
  - name: weekly
    schedule: "0 8 * * 1"
    min_comments: 1
    base_url: https://feedback.example.com
    channels:
      - file: {folder: out}
`)
	if err := os.WriteFile(filepath.Join(dir, "survey.csv"), []byte(testCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	runIn(t, dir, "ingest", "--config", conf, "survey.csv") // c1 and c2 stored, c3 quarantined

	out := filepath.Join(dir, "data", "out")
	r := runIn(t, dir, "digest", "run", "weekly", "--dry-run", "--at", "2026-10-05", "--config", conf)
	if r.code != exitOK || !strings.Contains(r.stdout, "# weekly: 28 Sep – 4 Oct 2026") || !strings.Contains(r.stdout, "| Comments | 2 | +2 vs 0 |") {
		t.Fatalf("dry run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a dry run wrote files: %v", err)
	}
	r = runIn(t, dir, "digest", "run", "weekly", "--at", "2026-10-05", "--config", conf)
	if r.code != exitOK || r.stdout != "weekly 2026-09-28_2026-10-05: sent to file\n" {
		t.Fatalf("run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	md, err := os.ReadFile(filepath.Join(out, "weekly-2026-09-28_2026-10-05.md"))
	if err != nil || !strings.Contains(string(md), "https://feedback.example.com/?from=2026-09-28&to=2026-10-04") {
		t.Fatalf("file: %v\n%s", err, md)
	}
	r = runIn(t, dir, "digest", "run", "weekly", "--at", "2026-10-05T18:00:00Z", "--config", conf)
	if r.code != exitOK || !strings.Contains(r.stdout, "already sent to every channel") {
		t.Errorf("second run: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = runIn(t, dir, "digest", "history", "weekly", "--config", conf)
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 2 || !strings.Contains(lines[1], "2026-09-28_2026-10-05  file     1        sent") {
		t.Errorf("history:\n%s%s", r.stdout, r.stderr)
	}
	r = runIn(t, dir, "digest", "list", "--config", conf)
	if !strings.Contains(r.stdout, "weekly  0 8 * * 1  7d      file") || !strings.Contains(r.stdout, "2026-09-28_2026-10-05 (sent)") {
		t.Errorf("list:\n%s%s", r.stdout, r.stderr)
	}
	if r := runIn(t, dir, "digest", "run", "monthly", "--config", conf); r.code != exitFail || !strings.Contains(r.stderr, `"monthly": no such digest`) {
		t.Errorf("unknown digest: exit %d %s", r.code, r.stderr)
	}
}

// TestDigestConfigError checks a bad digest stops start-up with an error
// naming the field.
func TestDigestConfigError(t *testing.T) {
	dir := t.TempDir()
	conf := writeTestConfig(t, dir, `
digests:
  - name: weekly
    schedule: "CRON_TZ=UTC"
    channels: [{file: {}}]
`)
	r := runIn(t, dir, "digest", "list", "--config", conf)
	if r.code != exitFail || !strings.Contains(r.stderr, `digests[0].schedule: "CRON_TZ=UTC" has a time zone but no schedule after it`) {
		t.Errorf("exit %d\n%s", r.code, r.stderr)
	}
}
