// Command feedbackd tags customer and employee feedback with touchpoints and
// sentiment, offline, and explains every tag.
//
// This file holds the dispatcher; each subcommand lives in its own file
// (servecmd.go, ingestcmd.go, search.go, stats.go, quarantine.go, reindex.go,
// exportcmd.go, digestcmd.go, retag.go, classify.go, eval.go, version.go,
// gen.go), engine.go wires the text engine from flags and serve.go wires
// the daemon. Run `feedbackd help` for usage.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	applyDefaultMemoryLimit(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1 // the command ran and something failed (including bad input lines)
	exitUsage = 2 // the command line was wrong
)

// env is what a command may touch of the outside world.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one subcommand.
type command struct {
	name     string
	synopsis string // one line for `feedbackd help`
	hidden   bool   // left out of `feedbackd help` (developer tools)
	run      func(ctx context.Context, e env, args []string) int
}

// commands returns the subcommands in the order `feedbackd help` lists them.
func commands() []command {
	return []command{
		{name: "serve", synopsis: "run the daemon: sources, ingest, index, /healthz, /metrics, webhook", run: runServe},
		{name: "ingest", synopsis: "ingest files in the foreground through the same pipeline", run: runIngest},
		{name: "search", synopsis: "search the comments (local data dir or a running daemon)", run: runSearch},
		{name: "report", synopsis: "trends, drivers and anomalies of sentiment and NPS, CSAT, CES", run: runReport},
		{name: "stats", synopsis: "print the counts of a data dir", run: runStats},
		{name: "quarantine", synopsis: "list, show and retry quarantined records", run: runQuarantine},
		{name: "reindex", synopsis: "drop and rebuild the search index from the raw store", run: runReindex},
		{name: "export", synopsis: "write stored comments as CSV, NDJSON or Parquet for BI tools", run: runExport},
		{name: "digest", synopsis: "list, preview, send and show the history of the scheduled digests", run: runDigest},
		{name: "retag", synopsis: "re-run the engine over stored comments and report the changes", run: runRetag},
		{name: "classify", synopsis: "tag comments (NDJSON or --text) with touchpoints and sentiment", run: runClassify},
		{name: "eval", synopsis: "measure the engine on labelled comments", run: runEval},
		{name: "version", synopsis: "print the version of the binary, taxonomy and lexicon", run: runVersion},
		{name: "gen", synopsis: "write synthetic comments as NDJSON (for benchmarks)", hidden: true, run: runGen},
	}
}

// run dispatches to a subcommand and returns the process exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printUsage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && name == "help" {
			if c, ok := lookup(args[1]); ok {
				return c.run(ctx, e, []string{"-h"})
			}
			fmt.Fprintf(stderr, "feedbackd: unknown command %q\n\n", args[1])
			printUsage(stderr)
			return exitUsage
		}
		printUsage(stdout)
		return exitOK
	case "-version", "--version":
		name = "version"
	}
	c, ok := lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "feedbackd: unknown command %q\n\n", name)
		printUsage(stderr)
		return exitUsage
	}
	return c.run(ctx, e, args[1:])
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `feedbackd tags customer and employee feedback with touchpoints and sentiment,
offline, and explains every tag.

Usage:
  feedbackd <command> [flags] [arguments]

Commands:
`)
	for _, c := range commands() {
		if !c.hidden {
			fmt.Fprintf(w, "  %-10s %s\n", c.name, c.synopsis)
		}
	}
	fmt.Fprint(w, `
Run "feedbackd help <command>" or "feedbackd <command> -h" for a command's flags.
`)
}

// parseFlags parses args with fs, allowing flags after positional arguments
// ("classify in.ndjson --workers 2"); everything after "--" is positional.
// On -h it prints the usage to stdout and returns exitOK; on a bad flag it
// prints the error and usage to stderr and returns exitUsage. ok reports
// whether the command should go on.
func parseFlags(e env, fs *flag.FlagSet, usage string, args []string) (pos []string, code int, ok bool) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			printFlags(e.stdout, fs, usage)
			return nil, exitOK, false
		}
		if err != nil {
			return nil, usageError(e, fs, usage, err.Error()), false
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), exitOK, true
		}
		if len(rest) == 0 {
			return pos, exitOK, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// usageError prints msg and the command's usage to stderr.
func usageError(e env, fs *flag.FlagSet, usage, msg string) int {
	fmt.Fprintf(e.stderr, "feedbackd %s: %s\n\n", fs.Name(), msg)
	printFlags(e.stderr, fs, usage)
	return exitUsage
}

func printFlags(w io.Writer, fs *flag.FlagSet, usage string) {
	fmt.Fprint(w, strings.TrimLeft(usage, "\n"))
	fmt.Fprint(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}
