package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

const serveUsage = `
Usage:
  feedbackd serve [--config FILE] [--data DIR] [--addr ADDR] [--demo]

Runs the daemon: reads comments from the configured sources (by default the
drop folder <data>/inbox and the webhook POST /api/v1/comments), tags them,
stores them durably in <data>/raw.db and indexes them in <data>/index.
GET /healthz and GET /metrics report on it.

SIGHUP reloads the taxonomy and lexicon; SIGTERM or SIGINT finishes the
batches in hand, flushes the index and exits.

--demo loads a few thousand sample comments first (safe to repeat).
`

func runServe(ctx context.Context, e env, args []string) int {
	var cf configFlags
	var demo bool
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cf.register(fs, true)
	fs.BoolVar(&demo, "demo", false, "load the demo corpus before serving")
	pos, code, ok := parseFlags(e, fs, serveUsage, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(e, fs, serveUsage, "serve takes no arguments")
	}
	cfg, err := cf.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd serve: %v\n", err)
		return exitFail
	}
	m := NewMain(cfg, newLogger(cfg.Log, e.stderr))
	m.Demo = demo

	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	if err := m.Run(ctx); err != nil {
		m.Close()
		fmt.Fprintf(e.stderr, "feedbackd serve: %v\n", err)
		return exitFail
	}
wait:
	for {
		select {
		case <-hup:
			if err := m.Reload(); err != nil {
				m.Logger.Error().Err(err).Msg("SIGHUP: keeping the engine in use")
			}
		case <-ctx.Done():
			break wait
		}
	}
	m.Logger.Info().Msg("shutting down: finishing the batches in hand")
	if err := m.Close(); err != nil {
		fmt.Fprintf(e.stderr, "feedbackd serve: %v\n", err)
		return exitFail
	}
	return exitOK
}
