package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

// Size of the corpus.
const (
	// Total is about how many comments Generate returns.
	Total = 3000
	// DefaultSeed is the seed feedbackd serve --demo uses.
	DefaultSeed = 1
)

// Generate returns the demo corpus for the six months before now: about
// Total comments, a quarter of them from employees, sorted by creation time
// and numbered demo-00001 onwards. The same now and seed give the same
// corpus. It panics if the embedded data is invalid, which the package's
// tests rule out.
func Generate(now time.Time, seed int64) []corpus.Comment {
	ds := generate(now, seed)
	out := make([]corpus.Comment, len(ds))
	for i := range ds {
		out[i] = ds[i].Comment
	}
	return out
}

// draft is a generated comment with the fragments it was made of and its
// intended sentiment, which tests check against.
type draft struct {
	corpus.Comment
	parts []*fragment
	label string
	story string // the story of the main fragment, if any
}

// generator holds the state of one Generate call.
type generator struct {
	r     *rand.Rand
	now   time.Time
	start time.Time // now minus the demo period
	frags []fragment
}

func generate(now time.Time, seed int64) []draft {
	frags, err := loadFragments()
	if err != nil {
		panic(fmt.Sprintf("corpus/demo: embedded data: %v", err))
	}
	now = now.UTC()
	g := &generator{
		r:     rand.New(rand.NewPCG(uint64(seed), 0x6e6f727468776e64)), // "northwnd"
		now:   now,
		start: now.AddDate(0, 0, -days),
		frags: frags,
	}
	out := g.employees()
	out = append(out, g.customers(Total-len(out))...)
	slices.SortStableFunc(out, func(a, b draft) int { return a.CreatedAt.Compare(b.CreatedAt) })
	for i := range out {
		out[i].ID = fmt.Sprintf("demo-%05d", i+1)
	}
	return out
}

// daysAgo is how many days before now t is.
func (g *generator) daysAgo(t time.Time) float64 { return g.now.Sub(t).Hours() / 24 }

// select returns the fragments for which keep is true.
func (g *generator) selectFrags(keep func(*fragment) bool) []*fragment {
	var out []*fragment
	for i := range g.frags {
		if keep(&g.frags[i]) {
			out = append(out, &g.frags[i])
		}
	}
	return out
}

// sentimentWeight makes praise more common than any one complaint: most
// people who answer a survey are reasonably happy, the unhappy ones write
// more different things.
var sentimentWeight = map[string]float64{positive: 1.9, negative: 1, neutral: 0.8, mixed: 0.8}

// pickFrag draws one of fs by its story and sentiment weight d days before
// now.
func (g *generator) pickFrag(fs []*fragment, d float64) *fragment {
	w := make([]float64, len(fs))
	total := 0.0
	for i, f := range fs {
		w[i] = storyWeight(f.Story, d) * sentimentWeight[f.Sentiment]
		total += w[i]
	}
	if total == 0 {
		return nil
	}
	return fs[pick(g.r, w)]
}

// weekday scales customer volume by day of the week: Monday brings the
// weekend's problems, Friday is quiet.
var weekday = [7]float64{time.Sunday: 1.0, time.Monday: 1.15, time.Tuesday: 1.05, time.Wednesday: 1.0, time.Thursday: 1.0, time.Friday: 0.9, time.Saturday: 0.95}

// Hour-of-day profiles (UTC, 0–23): survey answers come in the lunch break
// and the evening; tickets and contact surveys in opening hours.
var (
	eveningHours = []float64{1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 3, 3.5, 4, 4.5, 5.5, 5, 4, 3.8, 4, 4.5, 5, 6, 6.5, 6, 4.5, 2.5}
	officeHours  = []float64{0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 2, 5, 7, 7, 6.5, 6, 6.5, 6.5, 6, 5.5, 5, 4, 3.5, 3, 2, 1, 0.5}
	shiftHours   = []float64{0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 3, 4, 4, 4, 4.5, 5, 4.5, 4, 4, 4, 3.5, 3, 2.5, 2, 1.5, 1, 0.7}
)

// at returns a time on day (midnight UTC) drawn from the hour profile,
// kept inside the demo period.
func (g *generator) at(day time.Time, hours []float64) time.Time {
	for range 20 {
		t := day.Add(time.Duration(pick(g.r, hours))*time.Hour + time.Duration(g.r.IntN(3600))*time.Second)
		if !t.Before(g.start) && t.Before(g.now) {
			return t
		}
	}
	lo, hi := maxTime(day, g.start), minTime(day.Add(24*time.Hour), g.now)
	return lo.Add(time.Duration(g.r.Int64N(int64(hi.Sub(lo)))))
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// customers generates n customer comments. Each day's volume follows the
// day of the week and the stories running that day, and so does the mix of
// what customers write about.
func (g *generator) customers(n int) []draft {
	main := g.selectFrags(func(f *fragment) bool { return f.Audience == corpus.Customer && f.Part == "" })
	closers := g.selectFrags(func(f *fragment) bool { return f.Audience == corpus.Customer && f.Part == partCloser })

	first := g.start.Truncate(24 * time.Hour)
	var dayStarts []time.Time
	var volume []float64
	for day := first; day.Before(g.now); day = day.Add(24 * time.Hour) {
		d := g.daysAgo(day.Add(12 * time.Hour))
		sum := 0.0
		for _, f := range main {
			sum += storyWeight(f.Story, d) * sentimentWeight[f.Sentiment]
		}
		noise := 0.85 + 0.3*g.r.Float64()
		share := 1.0
		if day.Before(g.start) || day.Add(24*time.Hour).After(g.now) { // part days
			share = 0.5
		}
		dayStarts = append(dayStarts, day)
		volume = append(volume, share*noise*weekday[day.Weekday()]*sum/float64(len(main)))
	}

	out := make([]draft, 0, n)
	for range n {
		day := dayStarts[pick(g.r, volume)]
		d := g.daysAgo(day.Add(12 * time.Hour))
		f := g.pickFrag(main, d)
		out = append(out, g.customer(day, d, f, main, closers))
	}
	return out
}

// sourcePreference tilts the choice between the sources a fragment fits,
// so that the corpus has about the source mix of a real programme.
var sourcePreference = map[string]float64{SourceNPS: 0.7, SourceCSAT: 2, SourceApp: 2.5, SourceTickets: 0.8}

// customer builds one customer comment around its main fragment f.
func (g *generator) customer(day time.Time, d float64, f *fragment, main, closers []*fragment) draft {
	w := make([]float64, len(f.Sources))
	for i, s := range f.Sources {
		w[i] = sourcePreference[s]
	}
	source := f.Sources[pick(g.r, w)]
	parts := []*fragment{f}

	// A second subject, sometimes, in surveys: "love the sofa, the
	// delivery was late". Tickets and app feedback stick to one issue.
	if (source == SourceNPS || source == SourceCSAT) && f.Sentiment != neutral &&
		len(f.Touchpoints) > 0 && g.r.Float64() < 0.25 {
		for range 10 {
			s := g.pickFrag(main, d)
			if s != nil && s != f && len(s.Touchpoints) > 0 && s.Sentiment != neutral && s.fits(source) &&
				!overlaps(s.topics(), f.topics()) && !conflicting(s.Story, f.Story) {
				parts = append(parts, s)
				break
			}
		}
	}
	label := combine(labels(parts)...)
	if label != mixed && g.r.Float64() < 0.12 {
		var cs []*fragment
		for _, c := range closers {
			if c.Sentiment == label && c.fits(source) {
				cs = append(cs, c)
			}
		}
		if len(cs) > 0 {
			parts = append(parts, cs[g.r.IntN(len(cs))])
		}
	}

	meta := map[string]string{}
	region := pickWeighted(g.r, regions)
	meta["region"] = region
	channel := g.channel(source, f.Channels)
	meta["channel"] = channel
	meta["product"] = products[g.r.IntN(len(products))]
	for _, p := range parts {
		if p.Product != "" {
			meta["product"] = p.Product
			break
		}
	}
	var fc fillContext
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = p.Text
	}
	text := strings.Join(texts, " ")
	if channel == "store" || strings.Contains(text, "{store}") {
		fc.store = stores[region][g.r.IntN(len(stores[region]))]
		meta["store"] = fc.store
	}
	if source == SourceCSAT || source == SourceTickets {
		meta["agent"] = agents[g.r.IntN(len(agents))]
		fc.agent, _, _ = strings.Cut(meta["agent"], " ")
	}
	for i := range texts {
		texts[i] = vary(g.r, fill(g.r, texts[i], fc), i == len(texts)-1)
	}

	hours := eveningHours
	if source == SourceCSAT || source == SourceTickets {
		hours = officeHours
	}
	created := g.at(day, hours)
	return draft{
		Comment: corpus.Comment{
			Source:     source,
			Audience:   corpus.Customer,
			Fields:     []corpus.TextField{{Name: fieldName(source), Text: strings.Join(texts, " ")}},
			CreatedAt:  created,
			ReceivedAt: g.received(created),
			Scores:     scores(g.r, source, label),
			Meta:       meta,
		},
		parts: parts,
		label: label,
		story: f.Story,
	}
}

// channel picks the comment's channel: one the fragment names that the
// source offers, else any channel of the source.
func (g *generator) channel(source string, want []string) string {
	all, _ := sourceChannels(source)
	var ok []weighted
	for _, c := range all {
		if slices.Contains(want, c.v) {
			ok = append(ok, c)
		}
	}
	if len(ok) == 0 {
		ok = all
	}
	return pickWeighted(g.r, ok)
}

// received is when the comment reached feedbackd: survey exports and
// ticket systems deliver within minutes to a few hours.
func (g *generator) received(created time.Time) time.Time {
	t := created.Add(time.Duration(2+g.r.IntN(180)) * time.Minute)
	return minTime(t, g.now)
}

// fieldName names the text field the way each source's export does.
func fieldName(source string) string {
	switch source {
	case SourceNPS:
		return "reason"
	case SourceApp:
		return "feedback"
	case SourceTickets:
		return "message"
	}
	return "comment"
}

func labels(parts []*fragment) []string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = p.Sentiment
	}
	return out
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// conflicting reports whether two stories contradict each other in one
// comment ("the app keeps crashing" next to "the new app never crashes").
func conflicting(a, b string) bool {
	pair := func(x, y string) bool { return (a == x && b == y) || (a == y && b == x) }
	return pair("app-crash", "app-release") || pair("courier", "courier-recovery") || pair("courier-switch", "courier-recovery")
}
