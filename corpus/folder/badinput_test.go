package folder

import (
	"context"
	"strings"
	"testing"
)

// rejectWant is an expected reject: its line and a part of its reason.
type rejectWant struct {
	line   int64
	reason string
}

// TestBadInput runs each bad input of the issue through a source and
// checks that every good row is delivered and every bad one is a reject
// with the right file, line and reason.
func TestBadInput(t *testing.T) {
	big := strings.Repeat("x", 5<<20)
	const hdr = "id,date,text,nps,region\n"
	cases := []struct {
		name    string
		file    string
		content string
		cfg     func(*Config)
		texts   []string // accepted comments' first text field, in order
		rejects []rejectWant
		dups    int64
	}{
		{
			name:    "good csv with BOM and CRLF",
			file:    "a.csv",
			content: "\xEF\xBB\xBF" + strings.ReplaceAll(hdr+"1,2025-01-01T10:00:00Z,great app,9,EU\n2,2025-01-02T10:00:00Z,slow,3,US\n", "\n", "\r\n"),
			texts:   []string{"great app", "slow"},
		},
		{
			name:    "wrong column count",
			file:    "a.csv",
			content: hdr + "1,2025-01-01T10:00:00Z,ok,9,EU\n2,2025-01-02T10:00:00Z,too,many,3,US\n3,2025-01-03T10:00:00Z,short\n4,2025-01-04T10:00:00Z,fine,,\n",
			texts:   []string{"ok", "fine"},
			rejects: []rejectWant{{3, "line 3: 6 columns, header has 5"}, {4, "line 4: 3 columns, header has 5"}},
		},
		{
			name:    "unclosed quote resyncs at the next line",
			file:    "a.csv",
			content: hdr + "1,2025-01-01T10:00:00Z,\"never closed,9,EU\n2,2025-01-02T10:00:00Z,\"quoted, fine\",3,US\n3,2025-01-03T10:00:00Z,plain,5,EU\n",
			texts:   []string{"quoted, fine", "plain"},
			rejects: []rejectWant{{2, `line 3 column 25: unexpected 'q' after the closing quote`}},
		},
		{
			name:    "unclosed quote running to the end of the file",
			file:    "a.csv",
			content: hdr + "1,2025-01-01T10:00:00Z,\"never closed,9,EU\n2,2025-01-02T10:00:00Z,after,3,US\n3,2025-01-03T10:00:00Z,plain,5,EU\n",
			texts:   []string{"after", "plain"},
			rejects: []rejectWant{{2, "line 2 column 24: quote never closed before the end of the file; reading resumed at line 3"}},
		},
		{
			name:    "unclosed quote on the last line",
			file:    "a.csv",
			content: hdr + "1,2025-01-01T10:00:00Z,ok,9,EU\n2,2025-01-02T10:00:00Z,\"cut off",
			texts:   []string{"ok"},
			rejects: []rejectWant{{3, "line 3 column 24: quote never closed before the end of the file"}},
		},
		{
			name:    "bare quote in an unquoted cell",
			file:    "a.csv",
			content: hdr + "1,2025-01-01T10:00:00Z,he said \"hi\",9,EU\n2,2025-01-02T10:00:00Z,next,3,US\n",
			texts:   []string{"next"},
			rejects: []rejectWant{{2, "line 2 column 32: bare quote in an unquoted cell"}},
		},
		{
			name:    "multi-line quoted cell",
			file:    "a.csv",
			content: hdr + "1,2025-01-01T10:00:00Z,\"first line\nsecond \"\"quoted\"\" line\",9,EU\n2,2025-01-02T10:00:00Z,next,3,US\n",
			texts:   []string{"first line\nsecond \"quoted\" line", "next"},
		},
		{
			name:    "invalid UTF-8 repaired",
			file:    "a.csv",
			content: hdr + "1,2025-01-01T10:00:00Z,caf\xe9 was great,9,EU\n",
			texts:   []string{"caf\uFFFD was great"},
		},
		{
			name:    "text that is mostly not UTF-8",
			file:    "a.csv",
			content: hdr + "1,2025-01-01T10:00:00Z,\xe9\xe8\xff\xfe\xfa,9,EU\n2,2025-01-02T10:00:00Z,next,3,US\n",
			texts:   []string{"next"},
			rejects: []rejectWant{{2, `columns.text ("text"): text is not UTF-8 (5 of 5 bytes invalid)`}},
		},
		{
			name:    "empty text",
			file:    "a.csv",
			content: hdr + "1,2025-01-01T10:00:00Z,,9,EU\n2,2025-01-02T10:00:00Z,  ,9,EU\n3,2025-01-03T10:00:00Z,ok,9,EU\n",
			texts:   []string{"ok"},
			rejects: []rejectWant{{2, `line 2: empty text: no text in "text"`}, {3, "line 3: empty text"}},
		},
		{
			name:    "5 MB text field in csv",
			file:    "a.csv",
			content: hdr + "1,2025-01-01T10:00:00Z,\"" + big + "\",9,EU\n2,2025-01-02T10:00:00Z,next,3,US\n",
			texts:   []string{"next"},
			rejects: []rejectWant{{2, `text longer than 1048576 bytes: column "text" has 5242880 bytes`}},
		},
		{
			name:    "unparsable date",
			file:    "a.csv",
			content: hdr + "1,31/12/2025,bad date,9,EU\n2,,no date,9,EU\n3,2025-01-03T10:00:00Z,ok,9,EU\n",
			texts:   []string{"ok"},
			rejects: []rejectWant{
				{2, `line 2: columns.created_at ("date"): format "rfc3339" does not parse "31/12/2025"`},
				{3, `line 3: columns.created_at ("date"): no timestamp`},
			},
		},
		{
			name:    "score out of range or not a number",
			file:    "a.csv",
			content: hdr + "1,2025-01-01T10:00:00Z,eleven,11,EU\n2,2025-01-02T10:00:00Z,half,9.5,EU\n3,2025-01-03T10:00:00Z,nine,9.0,EU\n4,2025-01-04T10:00:00Z,none,,EU\n",
			texts:   []string{"nine", "none"},
			rejects: []rejectWant{{2, "line 2: nps score 11 is outside 0–10"}, {3, `line 3: columns.scores.nps ("nps"): "9.5" is not a whole-number score`}},
		},
		{
			name:    "duplicate ids within a file",
			file:    "a.csv",
			content: hdr + "7,2025-01-01T10:00:00Z,first,9,EU\n7,2025-01-01T10:00:00Z,first,9,EU\n8,2025-01-01T10:00:00Z,other,9,EU\n",
			texts:   []string{"first", "other"},
			dups:    1,
		},
		{
			name:    "tsv",
			file:    "a.tsv",
			content: "id\tdate\ttext\tnps\tregion\n1\t2025-01-01T10:00:00Z\tcomma, inside\t9\tEU\n",
			texts:   []string{"comma, inside"},
		},
		{
			name:    "semicolon delimiter",
			file:    "a.csv",
			content: "id;date;text;nps;region\n1;2025-01-01T10:00:00Z;comma, inside;9;EU\n",
			cfg:     func(c *Config) { c.Delimiter = ";" },
			texts:   []string{"comma, inside"},
		},
		{
			name:    "blank lines are skipped",
			file:    "a.csv",
			content: hdr + "\n1,2025-01-01T10:00:00Z,one,9,EU\n\r\n\n2,2025-01-02T10:00:00Z,two,9,EU\n",
			texts:   []string{"one", "two"},
		},
		{
			name: "ndjson with a truncated last line",
			file: "a.ndjson",
			content: `{"id":"1","date":"2025-01-01T10:00:00Z","text":"one"}` + "\n\n" +
				`{"id":"2","date":"2025-01-02T10:00:00Z","text":"two"}` + "\n" +
				`{"id":"3","date":"2025-01-03T10:00:00Z","te`,
			texts:   []string{"one", "two"},
			rejects: []rejectWant{{4, "line 4: truncated JSON: the file ends inside the item"}},
		},
		{
			name: "ndjson with a broken line and a non-object",
			file: "a.jsonl",
			content: `{"id":"1","date":"2025-01-01T10:00:00Z","text":"one"` + "\n" +
				`[1,2]` + "\n" +
				`{"id":"2","date":"2025-01-02T10:00:00Z","text":"two","nps":11}` + "\n" +
				`{"id":"3","date":"2025-01-03T10:00:00Z","text":"three","nps":10}` + "\n",
			texts:   []string{"three"},
			rejects: []rejectWant{{1, "line 1: invalid JSON: unexpected EOF"}, {2, "line 2: is a JSON array, not an object"}, {3, "line 3: nps score 11 is outside 0–10"}},
		},
		{
			name: "json array with nested paths",
			file: "a.json",
			content: "\xEF\xBB\xBF[\n" + `{"id":"1","date":"2025-01-01T10:00:00Z","answer":{"text":"nested"},"text":"top"},` + "\n" +
				`{"id":2,"date":"2025-01-02T10:00:00Z","text":"two","nps":7}` + "\n]\n",
			texts: []string{"top", "two"},
		},
		{
			name: "json array with a bad item, a string item and a truncated end",
			file: "a.json",
			content: "[\n" + `{"id":"1","date":"2025-01-01T10:00:00Z","text":"one"},` + "\n" +
				`{"id":"2" "date":"x"},` + "\n" +
				`"just a string",` + "\n" +
				`{"id":"3","date":"2025-01-03T10:00:00Z","text":{"nested":"object"}},` + "\n" +
				`{"id":"4","date":"2025-01-04T10:00:00Z","text":"four"},` + "\n" +
				`{"id":"5","date":"2025-01-05T10:00:00Z","te`,
			texts: []string{"one", "four"},
			rejects: []rejectWant{
				{3, "item 2: invalid JSON: invalid character '\"' after object key:value pair"},
				{4, "item 3: is a JSON string, not an object"},
				{5, `item 4: columns.text ("text"): is a JSON object or array, not text`},
				{7, "item 6: truncated JSON: the file ends inside the item"},
			},
		},
		{
			name:    "json array that lost its structure",
			file:    "a.json",
			content: `[{"id":"1","date":"2025-01-01T10:00:00Z","text":"one"} x {"id":"2"}]`,
			texts:   []string{"one"},
			rejects: []rejectWant{{1, `line 1: unexpected 'x' after an item; want , or ]; the rest of the file (13 bytes) was not parsed`}},
		},
		{
			name:    "json objects without an array, header case differs",
			file:    "a.json",
			content: `{"id":"1","date":"2025-01-01T10:00:00Z","text":"one"}` + "\n" + `{"id":"2","date":"2025-01-02T10:00:00Z","text":"two"} 7`,
			texts:   []string{"one", "two"},
			rejects: []rejectWant{{2, "item 3: is a JSON number, not an object"}},
		},
		{
			name:    "csv header in another case",
			file:    "a.csv",
			content: "ID,Date,Text,NPS,Region\n1,2025-01-01T10:00:00Z,one,9,EU\n",
			texts:   []string{"one"},
		},
		{
			name:    "json 5 MB text",
			file:    "a.json",
			content: `[{"id":"1","date":"2025-01-01T10:00:00Z","text":"` + big + `"},{"id":"2","date":"2025-01-02T10:00:00Z","text":"two"}]`,
			texts:   []string{"two"},
			rejects: []rejectWant{{1, "item 1: text longer than 1048576 bytes: a string of 5242880 bytes"}},
		},
		{
			name:    "json 2 MB text within the record limit",
			file:    "a.json",
			content: `[{"id":"1","date":"2025-01-01T10:00:00Z","text":"` + big[:2<<20] + `"},{"id":"2","date":"2025-01-02T10:00:00Z","text":"two"}]`,
			texts:   []string{"two"},
			rejects: []rejectWant{{1, `item 1: text longer than 1048576 bytes: columns.text ("text") has 2097152 bytes`}},
		},
		{
			name:    "zero-byte file",
			file:    "a.csv",
			content: "",
		},
		{
			name:    "header only",
			file:    "a.json",
			content: "[]",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := testConfig(dir)
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			sink := newFakeSink()
			s := newTestSource(t, cfg, sink)
			path := writeFile(t, dir, tc.file, tc.content)
			st, err := s.Ingest(context.Background(), path)
			if err != nil {
				t.Fatalf("Ingest: %v", err)
			}
			if got := sink.texts(); strings.Join(got, "|") != strings.Join(tc.texts, "|") {
				t.Errorf("accepted texts = %q, want %q", got, tc.texts)
			}
			if len(sink.rejects) != len(tc.rejects) {
				for _, r := range sink.rejects {
					t.Logf("reject line %d: %s", r.Line, r.Reason)
				}
				t.Fatalf("%d rejects, want %d", len(sink.rejects), len(tc.rejects))
			}
			for i, w := range tc.rejects {
				r := sink.rejects[i]
				if r.Line != w.line || !strings.Contains(r.Reason, w.reason) || r.File != tc.file || r.Source != "exports" || len(r.Raw) == 0 && !strings.Contains(r.Reason, "truncated") {
					t.Errorf("reject %d = %s line %d %q (raw %d bytes), want line %d containing %q", i, r.File, r.Line, r.Reason, len(r.Raw), w.line, w.reason)
				}
			}
			rows := int64(len(tc.texts)) + tc.dups + int64(len(tc.rejects))
			if st.Rows != rows || st.Rejected != int64(len(tc.rejects)) || st.Duplicates != tc.dups || st.Accepted != int64(len(tc.texts)) {
				t.Errorf("stats = %+v, want %d rows, %d accepted, %d duplicates, %d rejected", st, rows, len(tc.texts), tc.dups, len(tc.rejects))
			}
		})
	}
}
