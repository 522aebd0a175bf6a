package export

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"
)

// csvReference writes one record with encoding/csv, which the
// hand-written field writer must match byte for byte.
func csvReference(t testing.TB, fields ...string) string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.Write(fields); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return buf.String()
}

var csvFieldSeeds = []string{"", "plain", " leading space", "\tleading tab", "a,b", `q"uote`, "line\nbreak",
	"lone\rcr", "crlf\r\nend", `\.`, "=1+2", "-3", "@x,y", "+\"q\"", "=\nx", "\r=", "\u00a0nbsp", "日本語, ok", "\u2028", "'"}

// FuzzCSVField checks appendCSVField against encoding/csv, and
// appendCSVText against encoding/csv of the neutralised text.
func FuzzCSVField(f *testing.F) {
	for _, s := range csvFieldSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendCSVField([]byte("x,"), s))+"\r\n", csvReference(t, "x", s); got != want {
			t.Errorf("field %q: got %q, want %q", s, got, want)
		}
		if got, want := string(appendCSVText([]byte("x,"), s))+"\r\n", csvReference(t, "x", neutralise(s)); got != want {
			t.Errorf("text %q: got %q, want %q", s, got, want)
		}
	})
}

// TestAppendUTCTime checks the fast timestamp writer against time.Format.
func TestAppendUTCTime(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	for _, tm := range []time.Time{
		time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC),
		time.Date(1999, 1, 2, 3, 4, 5, 123456789, time.UTC),
		time.Date(2026, 3, 29, 1, 30, 0, 999, paris),
		time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC),
		time.Date(12026, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC),
	} {
		if got, want := string(appendUTCTime(nil, tm)), tm.UTC().Format(timeLayout); got != want {
			t.Errorf("%v: got %s, want %s", tm, got, want)
		}
	}
	if got := appendUTCTime(nil, time.Time{}); len(got) != 0 {
		t.Errorf("zero time: %q", got)
	}
}
