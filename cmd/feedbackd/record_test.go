package main

import (
	"flag"
	"strings"
	"testing"
)

func TestDecodeInput(t *testing.T) {
	tests := []struct {
		name     string
		line     string
		text     string
		id       string
		audience string
		meta     map[string]string
		warning  string // substring of a warning
		err      string // substring of the error
	}{
		{name: "minimal", line: `{"text": "hi"}`, text: "hi"},
		{name: "string id", line: `{"id": "x", "text": "hi"}`, text: "hi", id: `"x"`},
		{name: "number id kept as written", line: `{"id": 12345678901234567890, "text": "hi"}`, text: "hi", id: `12345678901234567890`},
		{name: "null id", line: `{"id": null, "text": "hi"}`, text: "hi"},
		{name: "bool id", line: `{"id": true, "text": "hi"}`, err: `"id" must be a string or a number, got boolean`},
		{name: "audience", line: `{"text": "hi", "audience": " Employee "}`, text: "hi", audience: "employee"},
		{name: "unknown audience", line: `{"text": "hi", "audience": "partner"}`, text: "hi", warning: `unknown audience "partner"`},
		{name: "audience not string", line: `{"text": "hi", "audience": 3}`, err: `"audience" must be a string`},
		{name: "meta", line: `{"text": "hi", "meta": {"channel": "phone", "n": 3, "ok": true, "gone": null}}`, text: "hi",
			meta: map[string]string{"channel": "phone", "n": "3", "ok": "true"}},
		{name: "meta not object", line: `{"text": "hi", "meta": "phone"}`, err: `"meta" must be an object of strings, got string`},
		{name: "meta array value", line: `{"text": "hi", "meta": {"tags": ["a"]}}`, err: `"meta" field "tags" must be a string, got array`},
		{name: "missing text", line: `{"id": 1}`, err: `missing "text"`},
		{name: "null text", line: `{"text": null}`, err: `missing "text"`},
		{name: "array text", line: `{"text": ["a"]}`, err: `"text" must be a string, got array`},
		{name: "invalid JSON", line: `{"text": "hi"`, err: "invalid JSON"},
		{name: "trailing garbage", line: `{"text": "hi"} x`, err: "invalid JSON"},
		{name: "not an object", line: `"just a string"`, err: "not a JSON object"},
		{name: "garbage", line: `hello`, err: "invalid JSON"},
		{name: "invalid UTF-8", line: "{\"text\": \"a\xffb\"}", text: "a\uFFFDb", warning: "invalid UTF-8"},
		{name: "escaped unicode", line: `{"text": "caf\u00e9 \ud83d\ude00"}`, text: "café 😀"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, lerr := decodeInput([]byte(tt.line), "")
			if tt.err != "" {
				if lerr == nil || !strings.Contains(lerr.msg, tt.err) {
					t.Fatalf("error = %v, want %q", lerr, tt.err)
				}
				return
			}
			if lerr != nil {
				t.Fatalf("unexpected error %v", lerr)
			}
			if in.Comment.Text != tt.text || string(in.ID) != tt.id || in.Comment.Audience != tt.audience {
				t.Errorf("got text %q id %s audience %q", in.Comment.Text, in.ID, in.Comment.Audience)
			}
			if len(in.Comment.Meta) != len(tt.meta) {
				t.Errorf("meta = %v, want %v", in.Comment.Meta, tt.meta)
			}
			for k, v := range tt.meta {
				if in.Comment.Meta[k] != v {
					t.Errorf("meta[%q] = %q, want %q", k, in.Comment.Meta[k], v)
				}
			}
			if w := strings.Join(in.Warnings, "; "); !strings.Contains(w, tt.warning) || (tt.warning == "" && w != "") {
				t.Errorf("warnings = %q, want %q", w, tt.warning)
			}
		})
	}
}

func TestDecodeInputDefaultAudience(t *testing.T) {
	in, _ := decodeInput([]byte(`{"text": "hi"}`), "employee")
	if in.Comment.Audience != "employee" {
		t.Errorf("audience = %q, want the default", in.Comment.Audience)
	}
	in, _ = decodeInput([]byte(`{"text": "hi", "audience": "customer"}`), "employee")
	if in.Comment.Audience != "customer" {
		t.Errorf("audience = %q, want the line's own", in.Comment.Audience)
	}
}

func TestParseFlagsInterspersed(t *testing.T) {
	tests := []struct {
		args    []string
		pos     string
		workers int
	}{
		{[]string{"a", "--workers", "3", "b"}, "a b", 3},
		{[]string{"--workers=2", "a"}, "a", 2},
		{[]string{"a", "-", "--", "--workers", "5"}, "a - --workers 5", 1},
		{nil, "", 1},
	}
	for _, tt := range tests {
		opt := struct{ workers int }{}
		fs := newTestFlagSet(&opt.workers)
		var out strings.Builder
		pos, code, ok := parseFlags(env{stdout: &out, stderr: &out}, fs, "usage", tt.args)
		if !ok || code != 0 {
			t.Fatalf("%v: code %d: %s", tt.args, code, out.String())
		}
		if got := strings.Join(pos, " "); got != tt.pos || opt.workers != tt.workers {
			t.Errorf("%v: positional %q workers %d, want %q %d", tt.args, got, opt.workers, tt.pos, tt.workers)
		}
	}
}

func newTestFlagSet(workers *int) *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.IntVar(workers, "workers", 1, "")
	return fs
}
