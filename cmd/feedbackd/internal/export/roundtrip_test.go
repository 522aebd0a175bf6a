package export

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/feedbackd/feedbackd/corpus"
)

// wantWide is the wide row of a comment as the schema documents it, as
// strings (CSV's view; "" is null).
func wantWide(seq uint64, c *corpus.Comment, neutral bool) map[string]string {
	n := func(s string) string {
		if neutral {
			return neutralise(s)
		}
		return s
	}
	ts := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(timeLayout)
	}
	ip := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	fields, _ := json.Marshal(c.Fields)
	meta, _ := json.Marshal(c.Meta)
	m := map[string]string{
		"seq": strconv.FormatUint(seq, 10), "id": n(c.ID), "source": n(c.Source), "audience": n(string(c.Audience)),
		"created_at": ts(c.CreatedAt), "received_at": ts(c.ReceivedAt), "text": n(c.Text()),
		"fields": string(fields), "nps": ip(c.Scores.NPS), "csat": ip(c.Scores.CSAT), "ces": ip(c.Scores.CES),
		"meta": string(meta), "redacted": n(strings.Join(c.Redacted, "|")), "untagged": "false",
		"sentiment": "", "sentiment_score": "", "touchpoints": "", "taxonomy_version": "", "lexicon_version": "", "tagged_at": "",
	}
	if tg := c.Tags; tg != nil {
		var ids []string
		for _, tp := range tg.Touchpoints {
			ids = append(ids, tp.ID)
		}
		m["sentiment"], m["sentiment_score"] = n(string(tg.Sentiment.Label)), strconv.FormatFloat(tg.Sentiment.Score.Score, 'g', -1, 64)
		m["touchpoints"], m["untagged"] = n(strings.Join(ids, "|")), strconv.FormatBool(tg.Untagged)
		m["taxonomy_version"], m["lexicon_version"], m["tagged_at"] = tg.TaxonomyVersion, tg.LexiconVersion, ts(tg.TaggedAt)
	}
	return m
}

// TestCSVRoundTrip parses a wide CSV export back with encoding/csv and
// compares every field of every row.
func TestCSVRoundTrip(t *testing.T) {
	s := openStore(t)
	cs := ingest(t, s, 0, 60)
	out, _, st := run(t, s, Request{Format: CSV, Shape: Wide})
	if !bytes.Contains(out, []byte("\r\n")) {
		t.Error("CSV lines do not end in CRLF")
	}
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(recs[0], WideColumns) {
		t.Fatalf("header %v", recs[0])
	}
	if len(recs)-1 != len(cs) || st.Rows != len(cs) {
		t.Fatalf("%d rows (stats %d), want %d", len(recs)-1, st.Rows, len(cs))
	}
	for i, rec := range recs[1:] {
		got := map[string]string{}
		for k, col := range WideColumns {
			got[col] = rec[k]
		}
		if want := wantWide(uint64(i+1), cs[i], true); !reflect.DeepEqual(got, want) {
			t.Errorf("row %d:\n got %v\nwant %v", i, got, want)
		}
	}
}

// TestFormulaInjection checks which CSV cells get the apostrophe.
func TestFormulaInjection(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1)": "'=SUM(A1)", "+44 1234": "'+44 1234", "-bad": "'-bad", "@cmd": "'@cmd",
		"\tx": "'\tx", "\rx": "'\rx", "fine": "fine", "": "", "a=b": "a=b", "'quoted": "'quoted",
	} {
		if got := neutralise(in); got != want {
			t.Errorf("neutralise(%q) = %q, want %q", in, got, want)
		}
	}
	s := openStore(t)
	ingest(t, s, 0, 6)
	out, _, _ := run(t, s, Request{Format: CSV, Shape: Wide})
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		for k, cell := range rec {
			col := WideColumns[k]
			if col == "sentiment_score" {
				if _, err := strconv.ParseFloat(cell, 64); cell != "" && err != nil {
					t.Errorf("sentiment_score %q is not a number", cell)
				}
				continue
			}
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("column %s cell %q starts with a formula character", col, cell)
			}
		}
	}
}

// TestNDJSONRoundTrip decodes every NDJSON line with encoding/json.
func TestNDJSONRoundTrip(t *testing.T) {
	s := openStore(t)
	cs := ingest(t, s, 0, 40)
	out, _, _ := run(t, s, Request{Format: NDJSON, Shape: Wide})
	sc := bufio.NewScanner(bytes.NewReader(out))
	i := 0
	for ; sc.Scan(); i++ {
		var got map[string]any
		if err := json.Unmarshal(sc.Bytes(), &got); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		c := cs[i]
		want := wantWide(uint64(i+1), c, false)
		str := func(v any) string {
			switch v := v.(type) {
			case nil:
				return ""
			case float64:
				return strconv.FormatFloat(v, 'g', -1, 64)
			case bool:
				return strconv.FormatBool(v)
			case string:
				return v
			case []any:
				var ss []string
				for _, e := range v {
					s, ok := e.(string)
					if !ok {
						b, _ := json.Marshal(v)
						return string(b)
					}
					ss = append(ss, s)
				}
				return strings.Join(ss, "|")
			}
			b, _ := json.Marshal(v)
			return string(b)
		}
		if len(got) != len(WideColumns) {
			t.Errorf("line %d has %d keys", i, len(got))
		}
		for _, col := range WideColumns {
			if g := str(got[col]); g != want[col] {
				t.Errorf("line %d %s = %q, want %q", i, col, g, want[col])
			}
		}
	}
	if i != len(cs) {
		t.Errorf("%d lines, want %d", i, len(cs))
	}
}

// readWide is a struct of its own for reading the wide Parquet file back
// with parquet-go's generic reader: field order, Go names and types
// (int64 for timestamps) differ from the writer's wideRecord.
type readWide struct {
	Touchpoints []string `parquet:"touchpoints,list"`
	Redacted    []string `parquet:"redacted,list"`
	ID          string   `parquet:"id"`
	Seq         int64    `parquet:"seq"`
	Src         string   `parquet:"source"`
	Aud         string   `parquet:"audience"`
	Created     int64    `parquet:"created_at"`
	Received    int64    `parquet:"received_at"`
	Tagged      *int64   `parquet:"tagged_at,optional"`
	Text        string   `parquet:"text"`
	Fields      string   `parquet:"fields"`
	Label       *string  `parquet:"sentiment,optional"`
	Score       *float64 `parquet:"sentiment_score,optional"`
	NPS         *int32   `parquet:"nps,optional"`
	CSAT        *int32   `parquet:"csat,optional"`
	CES         *int32   `parquet:"ces,optional"`
	Meta        string   `parquet:"meta"`
	Untagged    bool     `parquet:"untagged"`
	Tax         string   `parquet:"taxonomy_version"`
	Lex         string   `parquet:"lexicon_version"`
}

// TestParquetRoundTrip reads a wide Parquet export back into readWide and
// compares every field, and checks the column types in the file schema.
func TestParquetRoundTrip(t *testing.T) {
	s := openStore(t)
	cs := ingest(t, s, 0, 50)
	out, _, _ := run(t, s, Request{Format: Parquet, Shape: Wide})
	f, err := parquet.OpenFile(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.Lookup("feedbackd.export.schema_version"); v != SchemaVersion {
		t.Errorf("schema_version metadata %q", v)
	}
	schema := f.Schema().String()
	for _, want := range []string{"TIMESTAMP(isAdjustedToUTC=true,unit=MICROS)", "optional int32 nps (INT", "optional double sentiment_score", "repeated group list"} {
		if !strings.Contains(schema, want) {
			t.Errorf("schema lacks %q:\n%s", want, schema)
		}
	}
	rd := parquet.NewGenericReader[readWide](bytes.NewReader(out))
	defer rd.Close()
	rows := make([]readWide, len(cs)+1)
	n, _ := rd.Read(rows)
	if n != len(cs) {
		t.Fatalf("read %d rows, want %d", n, len(cs))
	}
	us := func(v int64) string { return time.UnixMicro(v).UTC().Format(timeLayout) }
	for i, r := range rows[:n] {
		got := map[string]string{
			"seq": strconv.FormatInt(r.Seq, 10), "id": r.ID, "source": r.Src, "audience": r.Aud,
			"created_at": us(r.Created), "received_at": us(r.Received), "text": r.Text, "fields": r.Fields,
			"meta": r.Meta, "untagged": strconv.FormatBool(r.Untagged), "taxonomy_version": r.Tax, "lexicon_version": r.Lex,
			"touchpoints": strings.Join(r.Touchpoints, "|"), "redacted": strings.Join(r.Redacted, "|"),
		}
		opt := func(p *int32) string {
			if p == nil {
				return ""
			}
			return strconv.Itoa(int(*p))
		}
		got["nps"], got["csat"], got["ces"] = opt(r.NPS), opt(r.CSAT), opt(r.CES)
		got["sentiment"], got["sentiment_score"], got["tagged_at"] = "", "", ""
		if r.Label != nil {
			got["sentiment"] = *r.Label
		}
		if r.Score != nil {
			got["sentiment_score"] = strconv.FormatFloat(*r.Score, 'g', -1, 64)
		}
		if r.Tagged != nil {
			got["tagged_at"] = us(*r.Tagged)
		}
		if want := wantWide(uint64(i+1), cs[i], false); !reflect.DeepEqual(got, want) {
			t.Errorf("row %d:\n got %v\nwant %v", i, got, want)
		}
	}
}
