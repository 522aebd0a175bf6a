package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rs/zerolog"
)

// parseLevel maps a configured log level to zerolog's.
func parseLevel(s string) (zerolog.Level, error) {
	switch strings.ToLower(s) {
	case "debug":
		return zerolog.DebugLevel, nil
	case "", "info":
		return zerolog.InfoLevel, nil
	case "warn", "warning":
		return zerolog.WarnLevel, nil
	case "error":
		return zerolog.ErrorLevel, nil
	}
	return zerolog.NoLevel, fmt.Errorf("%q: want debug, info, warn or error", s)
}

// newLogger returns the process logger writing to w: JSON, or zerolog's
// console format when format says so or is "auto" and w is a terminal
// (the console writer is slow; never use it for machines).
func newLogger(cfg LogConfig, w io.Writer) zerolog.Logger {
	level, err := parseLevel(cfg.Level)
	if err != nil {
		level = zerolog.InfoLevel // Validate reports it
	}
	if cfg.Format == "console" || (cfg.Format == "auto" && isTerminal(w)) {
		w = zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}

// component returns a child logger for one part of the daemon.
func component(l zerolog.Logger, name string) zerolog.Logger {
	return l.With().Str("component", name).Logger()
}

// isTerminal reports whether w is a character device such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
