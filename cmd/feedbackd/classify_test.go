package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testTaxonomy = "testdata/taxonomy.yaml"

// TestClassifyContract runs one NDJSON stream with every kind of line
// through the binary and checks each output line.
func TestClassifyContract(t *testing.T) {
	input := strings.Join([]string{
		`{"id": 1, "text": "Love the app, it is brilliant"}`,
		`{"id": "a-2", "text": "The refund still hasn't arrived and nobody answers", "audience": "customer", "created_at": "2026-11-01T10:00:00Z", "scores": {"nps": 2}, "meta": {"channel": "phone", "region": "north", "store": 12}}`,
		`{"id": 3, "text": "unterminated`,
		`{"id": 4}`,
		`{"id": 5, "text": 42}`,
		"{\"id\": 6, \"text\": \"caf\xff\xfe was great\"}",
		`{"id": 7, "text": ""}`,
		``,
		`   `,
		`[1, 2]`,
		`{"id": 11, "text": null}`,
		`{"id": {"x": 1}, "text": "object ids are not allowed"}`,
		`{"id": 13, "text": "fine", "audience": "martians"}`,
		`{"id": 14, "text": "fine", "meta": {"nested": {"a": 1}}}`,
		`{"id": 15, "text": "<b>Tom & Jerry</b> loved it"}`,
	}, "\n") + "\n"
	res := feedbackd(t, input, "classify", "--taxonomy", testTaxonomy, "--workers", "3")
	if res.code != 1 {
		t.Errorf("exit code %d, want 1 (some lines failed)", res.code)
	}
	if want := "classified 6 comments, 7 lines failed\n"; res.stderr != want {
		t.Errorf("stderr = %q, want %q", res.stderr, want)
	}
	out := lines(t, res.stdout)
	type want struct {
		id    any    // expected id (float64 for numbers), nil if none
		line  int    // for error lines
		error string // substring of the error, "" for a classified line
	}
	wants := []want{
		{id: 1.0},
		{id: "a-2"},
		{line: 3, error: "invalid JSON"},
		{line: 4, id: 4.0, error: `missing "text"`},
		{line: 5, id: 5.0, error: `"text" must be a string, got number`},
		{id: 6.0},
		{id: 7.0},
		{line: 10, error: "not a JSON object"},
		{line: 11, id: 11.0, error: `missing "text"`},
		{line: 12, error: `"id" must be a string or a number`},
		{id: 13.0},
		{line: 14, id: 14.0, error: `"meta" field "nested" must be a string`},
		{id: 15.0},
	}
	if len(out) != len(wants) {
		t.Fatalf("got %d output lines, want %d (blank lines skipped):\n%s", len(out), len(wants), res.stdout)
	}
	for i, w := range wants {
		o := out[i]
		if o["id"] != w.id {
			t.Errorf("line %d: id = %#v, want %#v", i, o["id"], w.id)
		}
		if w.error != "" {
			msg, _ := o["error"].(string)
			if !strings.Contains(msg, w.error) || o["line"] != float64(w.line) {
				t.Errorf("output %d = %v, want line %d and error containing %q", i, o, w.line, w.error)
			}
			continue
		}
		for _, key := range []string{"sentiment", "touchpoints", "untagged", "explanation", "taxonomy_version", "lexicon_version"} {
			if _, ok := o[key]; !ok {
				t.Errorf("output %d lacks %q: %v", i, key, o)
			}
		}
		s, _ := o["sentiment"].(map[string]any)
		if _, ok := s["label"].(string); !ok {
			t.Errorf("output %d: sentiment has no label: %v", i, s)
		}
		if v, ok := s["score"].(float64); !ok || v < -1 || v > 1 {
			t.Errorf("output %d: sentiment score %v not in [-1, 1]", i, s["score"])
		}
		if o["taxonomy_version"] == "" || !strings.HasPrefix(o["taxonomy_version"].(string), "cmd-test-1") {
			t.Errorf("output %d: taxonomy_version = %v", i, o["taxonomy_version"])
		}
	}

	// The first comment is about the app, and positive.
	if ids := touchpointIDs(out[0]); len(ids) != 1 || ids[0] != "app" {
		t.Errorf("touchpoints of line 1 = %v, want [app]", ids)
	}
	// Passed-through fields; the meta rule channel=phone tags support.
	o := out[1]
	if o["audience"] != "customer" || o["created_at"] != "2026-11-01T10:00:00Z" {
		t.Errorf("audience/created_at not passed through: %v", o)
	}
	if sc, _ := o["scores"].(map[string]any); sc["nps"] != 2.0 {
		t.Errorf("scores not passed through: %v", o["scores"])
	}
	if m, _ := o["meta"].(map[string]any); m["channel"] != "phone" || m["store"] != "12" {
		t.Errorf("meta = %v, want channel phone and store \"12\"", o["meta"])
	}
	if ids := strings.Join(touchpointIDs(o), ","); !strings.Contains(ids, "billing/refunds") || !strings.Contains(ids, "support") {
		t.Errorf("touchpoints of line 2 = %s, want billing/refunds and support", ids)
	}
	// Invalid UTF-8 is repaired and flagged.
	if w := fmt.Sprint(out[5]["warnings"]); !strings.Contains(w, "invalid UTF-8") {
		t.Errorf("no UTF-8 warning: %v", out[5])
	}
	// Empty text is neutral and untagged.
	if s := out[6]["sentiment"].(map[string]any); s["label"] != "neutral" || s["score"] != 0.0 || out[6]["untagged"] != true {
		t.Errorf("empty text: %v", out[6])
	}
	if tps := out[6]["touchpoints"].([]any); len(tps) != 0 {
		t.Errorf("empty text has touchpoints %v", tps)
	}
	// An unknown audience is dropped with a warning.
	if w := fmt.Sprint(out[10]["warnings"]); !strings.Contains(w, `unknown audience "martians"`) {
		t.Errorf("no audience warning: %v", out[10])
	}
	// No HTML escaping in the output.
	if !strings.Contains(res.stdout, `"<b>Tom & Jerry</b>`) && strings.Contains(res.stdout, `\u003c`) {
		t.Errorf("output escapes HTML")
	}
}

func touchpointIDs(o map[string]any) []string {
	var ids []string
	tps, _ := o["touchpoints"].([]any)
	for _, tp := range tps {
		m, _ := tp.(map[string]any)
		id, _ := m["id"].(string)
		ids = append(ids, id)
		for _, key := range []string{"label", "sentiment", "sentiment_from", "evidence"} {
			if _, ok := m[key]; !ok {
				ids = append(ids, "(missing "+key+")")
			}
		}
	}
	return ids
}

// TestClassifyOrder checks that output order is input order with several
// workers, and that error lines keep their place.
func TestClassifyOrder(t *testing.T) {
	g := newGenerator(7)
	var in strings.Builder
	for i := range 2000 {
		if i%250 == 99 {
			fmt.Fprintf(&in, "{\"id\": %d, \"text\": false}\n", i)
			continue
		}
		c := g.comment(i)
		b, _ := json.Marshal(map[string]any{"id": i, "text": c.Text, "audience": c.Audience})
		in.Write(b)
		in.WriteByte('\n')
	}
	res := feedbackd(t, in.String(), "classify", "--taxonomy", testTaxonomy, "--workers", "4")
	if res.code != 1 || res.stderr != "classified 1992 comments, 8 lines failed\n" {
		t.Errorf("exit %d, stderr %q", res.code, res.stderr)
	}
	out := lines(t, res.stdout)
	if len(out) != 2000 {
		t.Fatalf("got %d lines, want 2000", len(out))
	}
	for i, o := range out {
		if o["id"] != float64(i) {
			t.Fatalf("output %d has id %v: order not kept", i, o["id"])
		}
		if _, failed := o["error"]; failed != (i%250 == 99) {
			t.Fatalf("output %d: error = %v", i, o["error"])
		}
	}
}

// TestClassifyLongLines: a 1 MB comment is classified; a line over
// --max-line is an error in its place.
func TestClassifyLongLines(t *testing.T) {
	big := bigComment(1 << 20)
	b, _ := json.Marshal(map[string]any{"id": "big", "text": big})
	in := string(b) + "\n" + `{"id": "after", "text": "the parcel was late"}` + "\n"
	res := feedbackd(t, in, "classify", "--taxonomy", testTaxonomy)
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	out := lines(t, res.stdout)
	if len(out) != 2 || out[0]["id"] != "big" || out[1]["id"] != "after" {
		t.Fatalf("unexpected output for a 1 MB comment")
	}
	if len(touchpointIDs(out[0])) == 0 {
		t.Errorf("1 MB comment has no touchpoints")
	}

	res = feedbackd(t, in, "classify", "--taxonomy", testTaxonomy, "--max-line", "100000")
	out = lines(t, res.stdout)
	if res.code != 1 || len(out) != 2 || out[1]["id"] != "after" {
		t.Fatalf("exit %d, %d lines", res.code, len(out))
	}
	if msg, _ := out[0]["error"].(string); out[0]["line"] != 1.0 || !strings.Contains(msg, "too long") {
		t.Errorf("over-long line: %v", out[0])
	}
}

// bigComment returns about n bytes of varied comment text.
func bigComment(n int) string {
	g := newGenerator(1)
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(g.comment(i).Text)
		b.WriteByte(' ')
	}
	return b.String()
}

// TestClassifyFiles reads files given as arguments, with flags after them,
// and names the file in error objects.
func TestClassifyFiles(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.ndjson")
	b := filepath.Join(dir, "b.ndjson")
	os.WriteFile(a, []byte(`{"id": "a1", "text": "my parcel is lost"}`+"\n"), 0o644)
	os.WriteFile(b, []byte("\n"+`{"id": "b1"}`+"\n"+`{"id": "b2", "text": "great app"}`), 0o644)
	res := feedbackd(t, "", "classify", a, b, "--taxonomy", testTaxonomy, "--workers", "2")
	if res.code != 1 {
		t.Errorf("exit %d, want 1", res.code)
	}
	out := lines(t, res.stdout)
	if len(out) != 3 || out[0]["id"] != "a1" || out[2]["id"] != "b2" {
		t.Fatalf("output = %v", out)
	}
	if out[1]["file"] != b || out[1]["line"] != 2.0 {
		t.Errorf("error object = %v, want file %s line 2", out[1], b)
	}
}

func TestClassifyText(t *testing.T) {
	const text = "Waited 40 minutes on hold and the refund still hasn't arrived"
	res := feedbackd(t, "", "classify", "--taxonomy", testTaxonomy, "--text", text)
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	for _, want := range []string{"Sentiment: ", "Sentences:", "Evidence:", "Touchpoints:", "support (Support)", "billing/refunds (Refunds)", `"on hold"`, "[18:25]", "Taxonomy cmd-test-1"} {
		if !strings.Contains(res.stdout, want) {
			t.Errorf("explanation lacks %q:\n%s", want, res.stdout)
		}
	}

	res = feedbackd(t, "", "classify", "--text", text, "--json", "--taxonomy", testTaxonomy, "--meta", "channel=phone", "--audience", "customer")
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	out := lines(t, res.stdout)
	if len(out) != 1 || out[0]["sentiment"] == nil || out[0]["audience"] != "customer" {
		t.Errorf("--json output = %v", out)
	}

	res = feedbackd(t, "", "classify", "--taxonomy", testTaxonomy, "--text", "")
	if res.code != 0 || !strings.Contains(res.stdout, "Sentiment: neutral") || !strings.Contains(res.stdout, "untagged") {
		t.Errorf("empty --text: exit %d\n%s", res.code, res.stdout)
	}
}

// TestClassifyDefaults runs the embedded taxonomy and lexicon, as the
// README's first command does.
func TestClassifyDefaults(t *testing.T) {
	res := feedbackd(t, "", "classify", "--text", "Waited 40 minutes on hold and the refund still hasn't arrived")
	if res.code != 0 || !strings.Contains(res.stdout, "Sentiment: negative") {
		t.Errorf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res = feedbackd(t, `{"id": 1, "text": "Great staff, terrible parking"}`+"\n", "classify")
	if res.code != 0 || len(lines(t, res.stdout)) != 1 {
		t.Errorf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
}
