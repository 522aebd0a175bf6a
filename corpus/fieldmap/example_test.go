package fieldmap_test

import (
	"fmt"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/fieldmap"
)

func ExampleMapper() {
	m, err := fieldmap.NewMapper("survey", corpus.Customer, fieldmap.DefaultFields(), 1<<20)
	if err != nil {
		panic(err)
	}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, raw := range []string{
		`{"id":"r1","text":"Delivery was late","created_at":"2026-03-01T10:00:00Z","scores":{"nps":"3"},"meta":{"store":"Leeds"}}`,
		`{"id":"r2","text":"","scores":{"nps":7}}`,
		`{"id":"r3","text":"Great","scores":{"nps":9.5}}`,
	} {
		item, err := fieldmap.Decode([]byte(raw))
		if err != nil {
			panic(err)
		}
		c, err := m.Comment(item, now)
		if err != nil {
			fmt.Println("reject:", err)
			continue
		}
		fmt.Println(c.ID, c.Fields[0].Name, c.Fields[0].Text, c.CreatedAt.Format(time.RFC3339), *c.Scores.NPS, c.Meta)
	}
	// Output:
	// r1 text Delivery was late 2026-03-01T10:00:00Z 3 map[store:Leeds]
	// reject: empty text: no text in "text"
	// reject: fields.scores.nps ("scores.nps"): "9.5" is not a whole-number score
}
