//go:build bench

package main

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
)

// TestIngestProfile runs `feedbackd ingest` in-process on the files in
// INGEST_FILES (space-separated) into INGEST_DATA, so that go test's
// -cpuprofile and -memprofile see the whole pipeline:
//
//	go test -tags bench -run IngestProfile -cpuprofile cpu.out ./cmd/feedbackd
func TestIngestProfile(t *testing.T) {
	files, data := os.Getenv("INGEST_FILES"), os.Getenv("INGEST_DATA")
	if files == "" || data == "" {
		t.Skip("set INGEST_FILES and INGEST_DATA")
	}
	args := append([]string{"--data", data}, strings.Fields(files)...)
	var out strings.Builder
	code := runIngest(context.Background(), env{stdin: strings.NewReader(""), stdout: &out, stderr: io.Discard}, args)
	t.Log(out.String())
	if code != exitOK {
		t.Fatalf("ingest exited %d", code)
	}
}
