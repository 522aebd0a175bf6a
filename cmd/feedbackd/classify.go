package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"github.com/feedbackd/feedbackd/classify"
	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/ndjson"
)

const classifyUsage = `
Usage:
  feedbackd classify [flags] [FILE...]
  feedbackd classify [flags] --text "COMMENT"

Tags comments with touchpoints and sentiment.

Without --text it reads NDJSON from the files (or stdin when there are none,
or for "-"): one JSON object a line with "text" (required) and optionally
"id" (string or number), "audience" ("customer" or "employee"), "created_at",
"scores" and "meta" (an object of strings, e.g. {"channel": "phone"}). It
writes one JSON object per non-blank input line to stdout, in input order:
"id", "sentiment" {label, score}, "touchpoints" [{id, label, sentiment,
sentiment_from, evidence}], "untagged", "explanation" {sentences, evidence},
"taxonomy_version", "lexicon_version", the passed-through "audience",
"created_at", "scores" and "meta", and "warnings" when the input was repaired
(invalid UTF-8 is replaced with U+FFFD).

A line that cannot be classified (invalid JSON, missing or non-string text,
longer than --max-line) is replaced by {"line": N, "error": "..."} (plus
"file" when reading files) and processing goes on. Blank lines are skipped.
The exit status is 1 if any line failed, 2 for a usage error.

With --text it classifies one comment and prints a readable explanation (or
the JSON object with --json).
`

type classifyOptions struct {
	engine   engineFlags
	workers  int
	text     string
	hasText  bool
	json     bool
	audience string
	meta     map[string]string
	maxLine  int
}

func runClassify(ctx context.Context, e env, args []string) int {
	opt := classifyOptions{meta: map[string]string{}}
	fs := flag.NewFlagSet("classify", flag.ContinueOnError)
	opt.engine.register(fs)
	fs.IntVar(&opt.workers, "workers", runtime.NumCPU(), "classify with `N` goroutines")
	fs.Func("text", "classify this one `COMMENT` and explain the result", func(s string) error {
		opt.text, opt.hasText = s, true
		return nil
	})
	fs.BoolVar(&opt.json, "json", false, "with --text, print the JSON object instead of the explanation")
	fs.StringVar(&opt.audience, "audience", "", "`AUDIENCE` (customer or employee) for comments that do not give one")
	fs.Func("meta", "with --text, metadata `KEY=VALUE` for metadata rules (repeatable)", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return errors.New("want KEY=VALUE")
		}
		opt.meta[k] = v
		return nil
	})
	fs.IntVar(&opt.maxLine, "max-line", ndjson.DefaultMaxLine, "longest input line in `BYTES`; longer lines are errors")
	files, code, ok := parseFlags(e, fs, classifyUsage, args)
	if !ok {
		return code
	}
	switch {
	case opt.workers < 1:
		return usageError(e, fs, classifyUsage, "--workers must be at least 1")
	case opt.maxLine < 1:
		return usageError(e, fs, classifyUsage, "--max-line must be at least 1")
	case opt.audience != "" && opt.audience != "customer" && opt.audience != "employee":
		return usageError(e, fs, classifyUsage, "--audience must be customer or employee")
	case opt.hasText && len(files) > 0:
		return usageError(e, fs, classifyUsage, "--text takes no FILE arguments")
	case !opt.hasText && (opt.json || len(opt.meta) > 0):
		return usageError(e, fs, classifyUsage, "--json and --meta apply only with --text")
	}

	// Open every input before the engine loads, so a mistyped name fails
	// before any output.
	var inputs []namedReader
	if !opt.hasText {
		var err error
		inputs, err = openInputs(e, files)
		defer closeInputs(inputs)
		if err != nil {
			fmt.Fprintf(e.stderr, "feedbackd classify: %v\n", err)
			return exitFail
		}
	}
	eng, err := opt.engine.build()
	if err != nil {
		fmt.Fprintf(e.stderr, "feedbackd classify: %v\n", err)
		return exitFail
	}
	if opt.hasText {
		return classifyText(e, eng, opt)
	}
	if os.Getenv("GOGC") == "" {
		// Each line allocates ~13 KB of short-lived garbage; a larger heap
		// target cut CPU per comment by ~8% for ~20 MB more RSS (memory
		// stays bounded by the pipeline's window).
		debug.SetGCPercent(400)
	}
	return classifyStreams(ctx, e, eng, opt, inputs)
}

// namedReader is an input: a file, or stdin with name "".
type namedReader struct {
	name string
	r    io.Reader
}

// openInputs opens the named files ("-" is stdin; none means stdin).
func openInputs(e env, names []string) ([]namedReader, error) {
	if len(names) == 0 {
		names = []string{"-"}
	}
	var out []namedReader
	for _, name := range names {
		if name == "-" {
			out = append(out, namedReader{r: e.stdin})
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			return out, err
		}
		out = append(out, namedReader{name: name, r: f})
	}
	return out, nil
}

func closeInputs(inputs []namedReader) {
	for _, in := range inputs {
		if c, ok := in.r.(io.Closer); ok && in.name != "" {
			c.Close()
		}
	}
}

// classifyText classifies the --text comment.
func classifyText(e env, eng *engine, opt classifyOptions) int {
	c := classify.Comment{Text: opt.text, Audience: opt.audience}
	if len(opt.meta) > 0 {
		c.Meta = opt.meta
	}
	in := input{Comment: c}
	if !utf8.ValidString(opt.text) {
		in.Comment.Text = strings.ToValidUTF8(opt.text, "\uFFFD")
		in.Warnings = append(in.Warnings, "invalid UTF-8 replaced with U+FFFD")
	}
	out := classifyInput(eng, in)
	if opt.json {
		b, err := marshal(out)
		if err != nil {
			fmt.Fprintf(e.stderr, "feedbackd classify: %v\n", err)
			return exitFail
		}
		fmt.Fprintf(e.stdout, "%s\n", b)
		return exitOK
	}
	if err := explain(e.stdout, in.Comment.Text, out); err != nil {
		fmt.Fprintf(e.stderr, "feedbackd classify: %v\n", err)
		return exitFail
	}
	return exitOK
}

// classifyStreams classifies the inputs in order.
func classifyStreams(ctx context.Context, e env, eng classifier, opt classifyOptions, inputs []namedReader) int {
	var total ndjson.Stats
	for _, in := range inputs {
		p := lineClassifier{eng: eng, file: in.name, audience: opt.audience}
		st, err := ndjson.Run(ctx, in.r, e.stdout, ndjson.Options{Workers: opt.workers, MaxLine: opt.maxLine}, p.line)
		total.Lines += st.Lines
		total.Failed += st.Failed
		if err != nil {
			if in.name != "" {
				err = fmt.Errorf("%s: %w", in.name, err)
			}
			fmt.Fprintf(e.stderr, "feedbackd classify: %v\n", err)
			return exitFail
		}
	}
	if total.Failed > 0 {
		fmt.Fprintf(e.stderr, "classified %d comments, %d lines failed\n", total.Lines-total.Failed, total.Failed)
		return exitFail
	}
	return exitOK
}

// lineClassifier turns one NDJSON line into its output line.
type lineClassifier struct {
	eng      classifier
	file     string // "" for stdin
	audience string // default audience
}

func (p lineClassifier) line(l ndjson.Line) ([]byte, bool) {
	if l.Err != nil {
		return p.failed(l.N, nil, l.Err.Error()), false
	}
	in, lerr := decodeInput(l.Data, p.audience)
	if lerr != nil {
		return p.failed(l.N, lerr.id, lerr.msg), false
	}
	out := classifyInput(p.eng, in)
	b, err := appendOutput(make([]byte, 0, 512+2*len(l.Data)), &out)
	if err != nil {
		return p.failed(l.N, in.ID, "encode result: "+err.Error()), false
	}
	return b, true
}

func (p lineClassifier) failed(n int, id []byte, msg string) []byte {
	b, err := marshal(errorOutput{Line: n, File: p.file, ID: id, Error: msg})
	if err != nil { // only an unencodable id could do this; drop it
		b, _ = marshal(errorOutput{Line: n, File: p.file, Error: msg})
	}
	return b
}
