package folder_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/folder"
)

// printSink prints what it is given instead of storing it.
type printSink struct{}

func (printSink) Commit(ctx context.Context, b corpus.Batch) ([]corpus.ItemResult, error) {
	res := make([]corpus.ItemResult, len(b.Records))
	for i, r := range b.Records {
		if r.Reject != nil {
			fmt.Printf("reject %s line %d: %s\n", r.Reject.File, r.Reject.Line, r.Reject.Reason)
			res[i].Outcome = corpus.Rejected
			continue
		}
		c := r.Comment
		fmt.Printf("comment %s %s nps=%d %q\n", c.ID, c.CreatedAt.Format("2006-01-02"), *c.Scores.NPS, c.Text())
		res[i].Outcome = corpus.Accepted
	}
	fmt.Println("checkpoint", b.Checkpoint.Key, b.Checkpoint.Value)
	return res, nil
}

// Example reads one survey export through a folder source.
func Example() {
	dir, _ := os.MkdirTemp("", "inbox")
	defer os.RemoveAll(dir)
	yaml := `
name: nps-survey
path: ` + dir + `
audience: customer
columns:
  text: [{column: Comment, name: comment}]
  id: Response ID
  created_at: {column: Date, format: "02/01/2006"}
  scores: {nps: Score}
`
	cfg, err := folder.ParseConfig([]byte(yaml))
	if err != nil {
		fmt.Println(err)
		return
	}
	src, err := folder.New(cfg, printSink{}, nil, zerolog.Nop())
	if err != nil {
		fmt.Println(err)
		return
	}
	path := filepath.Join(dir, "export.csv")
	os.WriteFile(path, []byte("Response ID,Date,Score,Comment\n"+
		"r1,31/12/2025,9,\"Fast delivery, friendly driver\"\n"+
		"r2,2025-12-31,3,Late again\n"), 0o644)
	st, err := src.Ingest(context.Background(), path)
	fmt.Println(st.Rows, "rows,", st.Accepted, "accepted,", st.Rejected, "rejected,", err)
	// Output:
	// comment r1 2025-12-31 nps=9 "Fast delivery, friendly driver"
	// reject export.csv line 3: line 3: columns.created_at ("Date"): format "02/01/2006" does not parse "2025-12-31"
	// checkpoint export.csv off=107 line=4 items=2 size=107 head=2d9e1494f036c958 done
	// 2 rows, 1 accepted, 1 rejected, <nil>
}
