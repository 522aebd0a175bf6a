package httppull_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/httppull"
)

// printSink prints what it is given instead of storing it.
type printSink struct{}

func (printSink) Commit(ctx context.Context, b corpus.Batch) ([]corpus.ItemResult, error) {
	res := make([]corpus.ItemResult, len(b.Records))
	for i, r := range b.Records {
		fmt.Printf("comment %s %q\n", r.Comment.ID, r.Comment.Text())
		res[i] = corpus.ItemResult{ID: r.Comment.ID, Outcome: corpus.Accepted}
	}
	fmt.Println("checkpoint", b.Checkpoint.Value)
	return res, nil
}

// Example pulls two pages from an API that pages with a token.
func Example() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") == "" {
			fmt.Fprint(w, `{"responses":[{"id":"r1","text":"Great app"}],"meta":{"next_cursor":"p2"}}`)
			return
		}
		fmt.Fprint(w, `{"responses":[{"id":"r2","text":"Login keeps failing"}],"meta":{"next_cursor":null}}`)
	}))
	defer api.Close()
	cfg, err := httppull.ParseConfig([]byte(`
name: surveys
url: ` + api.URL + `/responses
schedule: "@hourly"
cursor: {kind: page_token, param: cursor, next: meta.next_cursor}
items: responses
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	src, err := httppull.New(cfg, printSink{}, nil, zerolog.Nop())
	if err != nil {
		fmt.Println(err)
		return
	}
	st, err := src.RunOnce(context.Background())
	fmt.Println(st.Pages, "pages,", st.Accepted, "accepted,", err)
	// Output:
	// comment r1 "Great app"
	// checkpoint page_token:p2
	// comment r2 "Login keeps failing"
	// checkpoint page_token:p2
	// 2 pages, 2 accepted, <nil>
}
