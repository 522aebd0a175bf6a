package digest_test

import (
	"fmt"
	"net/url"
	"time"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/digest"
)

// A weekly digest run on Monday morning covers the seven whole days
// before, compared with the seven before those.
func ExamplePeriodAt() {
	week, _ := digest.ParseLength("1w")
	p := digest.PeriodAt(week, time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC), time.UTC)
	fmt.Println(p.Label(), "vs", p.PrevLabel())
	fmt.Println(p.Key())
	// Output:
	// 16–22 Nov 2026 vs 9–15 Nov 2026
	// 2026-11-16_2026-11-23
}

// Links open the web UI's search on the digest's scope and period,
// narrowed to one item.
func ExampleSpec_Link() {
	specs, err := digest.Parse([]digest.Config{{
		Name: "weekly", Schedule: "0 8 * * 1",
		Scope:    digest.ScopeConfig{Audience: digest.StringList{"customer"}, Segment: map[string]digest.StringList{"region": {"EU"}}},
		Channels: []digest.ChannelConfig{{File: &digest.FileConfig{}}},
	}}, digest.Defaults{BaseURL: "https://feedback.example.com", DataDir: "/var/lib/feedbackd"})
	if err != nil {
		panic(err)
	}
	s := specs[0]
	p := digest.PeriodAt(s.Length, time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC), s.Location)
	fmt.Println(s.Link(p, url.Values{"touchpoint": {"billing/refunds"}}))
	// Output:
	// https://feedback.example.com/?audience=customer&from=2026-11-16&q=%2Bmeta%3A%22region%3DEU%22&to=2026-11-22&touchpoint=billing%2Frefunds
}
