package export

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/rs/zerolog"
)

// TestHandler streams each format over real HTTP and checks the content
// type, the cursor header, the trailers and a bad parameter.
func TestHandler(t *testing.T) {
	s := openStore(t)
	ingest(t, s, 0, 30)
	srv := httptest.NewServer(Handler(&Exporter{Store: s}, zerolog.Nop()))
	defer srv.Close()
	for f, ct := range map[Format]string{CSV: "text/csv; charset=utf-8; header=present", NDJSON: "application/x-ndjson", Parquet: "application/vnd.apache.parquet"} {
		resp, err := http.Get(srv.URL + "?format=" + string(f) + "&since_cursor=seq-10")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ct || len(body) == 0 {
			t.Errorf("%s: %d %q, %d bytes", f, resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
		if got := resp.Header.Get(HeaderNextCursor); got != "seq-30" {
			t.Errorf("%s: next cursor %q", f, got)
		}
		if resp.Trailer.Get(HeaderComplete) != "true" || resp.Trailer.Get(HeaderRows) != "20" {
			t.Errorf("%s: trailers %v", f, resp.Trailer)
		}
	}
	resp, err := http.Get(srv.URL + "?format=xls")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("format=xls: %d", resp.StatusCode)
	}
}
