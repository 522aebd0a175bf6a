package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/webhook"
)

// acceptSink accepts every comment and rejects every reject.
type acceptSink struct{}

func (acceptSink) Commit(ctx context.Context, b corpus.Batch) ([]corpus.ItemResult, error) {
	res := make([]corpus.ItemResult, len(b.Records))
	for i, r := range b.Records {
		if r.Reject != nil {
			res[i] = corpus.ItemResult{Outcome: corpus.Rejected, Reason: r.Reject.Reason}
			continue
		}
		res[i] = corpus.ItemResult{ID: r.Comment.ID, Outcome: corpus.Accepted}
	}
	return res, nil
}

// Example posts two NDJSON comments, one of them with an NPS out of range.
func Example() {
	cfg := webhook.DefaultConfig()
	cfg.Audience = corpus.Customer
	h, err := webhook.New(cfg, acceptSink{}, webhook.Tokens("t0ken"), zerolog.Nop())
	if err != nil {
		fmt.Println(err)
		return
	}
	body := `{"id":"c1","text":"Quick refund, thanks","scores":{"nps":10}}
{"id":"c2","text":"Never again","scores":{"nps":12}}
`
	req := httptest.NewRequest(http.MethodPost, cfg.Path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer t0ken")
	req.Header.Set("Content-Type", "application/x-ndjson")
	req.Header.Set("X-Request-Id", "example")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output:
	// 200 {"request_id":"example","accepted":1,"duplicates":0,"rejected":1,"items":[{"index":0,"id":"c1","status":"accepted"},{"index":1,"id":"c2","status":"rejected","reason":"nps score 12 is outside 0–10"}]}
}
