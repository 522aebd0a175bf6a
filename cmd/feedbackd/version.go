package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
)

const versionUsage = `
Usage:
  feedbackd version [--taxonomy FILE] [--lexicon FILE]

Prints the version of the binary and of the taxonomy and lexicon it would
use. Stored comments carry the taxonomy and lexicon versions, so they show
which comments a rule change would retag.
`

func runVersion(_ context.Context, e env, args []string) int {
	var ef engineFlags
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	ef.register(fs)
	pos, code, ok := parseFlags(e, fs, versionUsage, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return usageError(e, fs, versionUsage, "version takes no arguments")
	}
	fmt.Fprintf(e.stdout, "feedbackd %s (%s)\n", buildVersion(), runtime.Version())
	eng, err := ef.build()
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd version: %v\n", err)
		return exitFail
	}
	tv, lv := eng.Versions()
	fmt.Fprintf(e.stdout, "taxonomy %s\nlexicon  %s\n", tv, lv)
	return exitOK
}

// buildVersion is the module version, or the VCS revision for a build from
// a checkout, or "devel".
func buildVersion() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "devel"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return "devel " + rev
}
