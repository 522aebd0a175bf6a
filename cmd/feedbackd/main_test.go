package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// binary is the feedbackd executable built once by TestMain; the end-to-end
// tests run it as a subprocess, as users and scripts do.
var binary string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "feedbackd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "feedbackd")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build feedbackd: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// result is what one run of the binary did.
type result struct {
	stdout, stderr string
	code           int
}

// feedbackd runs the binary with stdin and args and waits up to a minute.
func feedbackd(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
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
	if ctx.Err() != nil {
		t.Fatalf("feedbackd %v timed out", args)
	}
	return res
}

// lines decodes NDJSON output into one generic object per line.
func lines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if l == "" && out == "" {
			break
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("output line %d is not a JSON object: %v\n%.300s", i+1, err, l)
		}
		objs = append(objs, m)
	}
	return objs
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		stdout   string // substring expected on stdout
		stderr   string // substring expected on stderr
		noStdout bool
	}{
		{name: "no command", args: nil, code: 2, stderr: "Commands:", noStdout: true},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`, noStdout: true},
		{name: "help", args: []string{"help"}, code: 0, stdout: "classify"},
		{name: "help lists eval", args: []string{"--help"}, code: 0, stdout: "eval"},
		{name: "help classify", args: []string{"help", "classify"}, code: 0, stdout: "-workers N"},
		{name: "classify -h", args: []string{"classify", "-h"}, code: 0, stdout: `{"line": N, "error": "..."}`},
		{name: "eval -h", args: []string{"eval", "-h"}, code: 0, stdout: "Spearman"},
		{name: "gen -h", args: []string{"gen", "-h"}, code: 0, stdout: "--seed"},
		{name: "bad flag", args: []string{"classify", "--frob"}, code: 2, stderr: "flag provided but not defined", noStdout: true},
		{name: "zero workers", args: []string{"classify", "--workers", "0"}, code: 2, stderr: "--workers must be at least 1", noStdout: true},
		{name: "text with files", args: []string{"classify", "--text", "hi", "x.ndjson"}, code: 2, stderr: "--text takes no FILE", noStdout: true},
		{name: "json without text", args: []string{"classify", "--json"}, code: 2, stderr: "only with --text", noStdout: true},
		{name: "bad audience", args: []string{"classify", "--audience", "martians"}, code: 2, stderr: "--audience must be", noStdout: true},
		{name: "bad format", args: []string{"eval", "--format", "xml"}, code: 2, stderr: "--format must be text or json", noStdout: true},
		{name: "missing file", args: []string{"classify", "--taxonomy", "testdata/taxonomy.yaml", "no-such-file.ndjson"}, code: 1, stderr: "no-such-file.ndjson", noStdout: true},
		{name: "bad taxonomy", args: []string{"classify", "--taxonomy", "testdata/eval.ndjson", "--text", "hi"}, code: 1, stderr: "testdata/eval.ndjson", noStdout: true},
		{name: "version", args: []string{"version", "--taxonomy", "testdata/taxonomy.yaml"}, code: 0, stdout: "taxonomy cmd-test-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := feedbackd(t, "", tt.args...)
			if res.code != tt.code {
				t.Errorf("exit code %d, want %d\nstderr: %s", res.code, tt.code, res.stderr)
			}
			if !strings.Contains(res.stdout, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, res.stdout)
			}
			if !strings.Contains(res.stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, res.stderr)
			}
			if tt.noStdout && res.stdout != "" {
				t.Errorf("unexpected stdout:\n%s", res.stdout)
			}
			if tt.code == 2 && !strings.Contains(res.stderr, "Usage") && !strings.Contains(res.stderr, "Commands:") {
				t.Errorf("usage error without usage:\n%s", res.stderr)
			}
		})
	}
}
