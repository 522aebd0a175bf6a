package demo

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/redact"
)

// testNow is a fixed "now" so failures reproduce; TestGenerateAnyNow checks
// other instants.
var testNow = time.Date(2026, 11, 20, 15, 4, 5, 0, time.UTC)

func TestFragmentsLoad(t *testing.T) {
	frags, err := loadFragments()
	if err != nil {
		t.Fatal(err)
	}
	if len(frags) < 300 {
		t.Errorf("%d fragments, want a few hundred", len(frags))
	}
	seen := map[string]string{}
	for _, f := range frags {
		if prev, ok := seen[f.Text]; ok {
			t.Errorf("%s: duplicate fragment (also in %s): %q", f.file, prev, f.Text)
		}
		seen[f.Text] = f.file
		if n := len(strings.Fields(f.Text)); f.Part == "" && n > 60 {
			t.Errorf("%s: %d words, want at most 60: %q", f.file, n, f.Text)
		}
	}
}

func TestGenerateDeterministic(t *testing.T) {
	a, b := Generate(testNow, 7), Generate(testNow, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed and now gave different corpora")
	}
	c := Generate(testNow, 8)
	if reflect.DeepEqual(a, c) {
		t.Fatal("different seeds gave the same corpus")
	}
}

func TestGenerateAnyNow(t *testing.T) {
	for _, now := range []time.Time{
		testNow,
		time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC),                            // midnight
		time.Date(2026, 6, 30, 23, 59, 59, 0, time.FixedZone("NZST", 12*3600)), // not UTC
	} {
		cs := Generate(now, DefaultSeed)
		if n := len(cs); n < Total*95/100 || n > Total*105/100 {
			t.Errorf("now %v: %d comments, want about %d", now, n, Total)
		}
		from := now.AddDate(0, 0, -days)
		for i, c := range cs {
			if c.CreatedAt.Before(from) || !c.CreatedAt.Before(now) {
				t.Fatalf("now %v: %s created %v, outside [%v, %v)", now, c.ID, c.CreatedAt, from, now)
			}
			if c.CreatedAt.Location() != time.UTC || c.ReceivedAt.Location() != time.UTC {
				t.Fatalf("%s: times not in UTC", c.ID)
			}
			if c.ReceivedAt.Before(c.CreatedAt) || c.ReceivedAt.After(now) {
				t.Fatalf("%s: received %v, created %v", c.ID, c.ReceivedAt, c.CreatedAt)
			}
			if i > 0 && c.CreatedAt.Before(cs[i-1].CreatedAt) {
				t.Fatalf("%s: not sorted by creation time", c.ID)
			}
		}
		if cs[0].CreatedAt.Sub(from) > 3*24*time.Hour || now.Sub(cs[len(cs)-1].CreatedAt) > 24*time.Hour {
			t.Errorf("now %v: corpus spans %v to %v, want the whole six months", now, cs[0].CreatedAt, cs[len(cs)-1].CreatedAt)
		}
	}
}

func TestCommentsValid(t *testing.T) {
	red := redact.Default()
	for i, c := range Generate(testNow, DefaultSeed) {
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("demo-%05d", i+1); c.ID != want {
			t.Fatalf("id %q, want %q", c.ID, want)
		}
		text := c.Text()
		if strings.ContainsAny(text, "{}") {
			t.Errorf("%s: unfilled placeholder: %q", c.ID, text)
		}
		if out, kinds := red.Redact(text); len(kinds) > 0 {
			t.Errorf("%s: redaction would change the demo text (%v): %q", c.ID, kinds, out)
		}
		for _, k := range []string{"region", "channel"} {
			if c.Audience == corpus.Customer && c.Meta[k] == "" {
				t.Errorf("%s: no %s", c.ID, k)
			}
		}
		if (c.Source == SourceCSAT || c.Source == SourceTickets) && c.Meta["agent"] == "" {
			t.Errorf("%s: contact-centre comment without an agent", c.ID)
		}
		if c.Meta["channel"] == "store" && c.Meta["store"] == "" {
			t.Errorf("%s: store comment without a store", c.ID)
		}
		if c.Audience == corpus.Employee && (c.Meta["team"] == "" || c.Meta["tenure"] == "" || c.Meta["department"] == "") {
			t.Errorf("%s: employee comment without team, department or tenure: %v", c.ID, c.Meta)
		}
	}
}

func TestScores(t *testing.T) {
	type mean struct{ sum, n float64 }
	byLabel := map[string]*mean{}
	for _, d := range generate(testNow, DefaultSeed) {
		s := d.Scores
		has := map[string]bool{"nps": s.NPS != nil, "csat": s.CSAT != nil, "ces": s.CES != nil}
		want := map[string]bool{"nps": d.Source == SourceNPS, "csat": d.Source == SourceCSAT}
		want["ces"] = has["ces"] && d.Source == SourceTickets
		if !reflect.DeepEqual(has, want) {
			t.Fatalf("%s from %s has scores %v", d.ID, d.Source, has)
		}
		if s.NPS != nil {
			if *s.NPS < corpus.NPSMin || *s.NPS > corpus.NPSMax {
				t.Fatalf("%s: NPS %d", d.ID, *s.NPS)
			}
			m := byLabel[d.label]
			if m == nil {
				m = &mean{}
				byLabel[d.label] = m
			}
			m.sum += float64(*s.NPS)
			m.n++
		}
		if s.CSAT != nil && (*s.CSAT < corpus.CSATMin || *s.CSAT > corpus.CSATMax) {
			t.Fatalf("%s: CSAT %d", d.ID, *s.CSAT)
		}
		if s.CES != nil && (*s.CES < corpus.CESMin || *s.CES > corpus.CESMax) {
			t.Fatalf("%s: CES %d", d.ID, *s.CES)
		}
	}
	avg := func(l string) float64 { return byLabel[l].sum / byLabel[l].n }
	t.Logf("mean NPS score: positive %.1f, neutral %.1f, mixed %.1f, negative %.1f", avg(positive), avg(neutral), avg(mixed), avg(negative))
	if !(avg(positive) > avg(neutral)+1 && avg(neutral) > avg(negative)+1 && avg(mixed) > avg(negative)) {
		t.Error("NPS scores do not follow the intended sentiment")
	}
}

func TestMix(t *testing.T) {
	cs := Generate(testNow, DefaultSeed)
	bySource := map[string]int{}
	employees := 0
	for _, c := range cs {
		bySource[c.Source]++
		if c.Audience == corpus.Employee {
			employees++
		}
	}
	t.Logf("sources: %v", bySource)
	if share := pct(employees, len(cs)); share < 22 || share > 28 {
		t.Errorf("employees %.1f%% of comments, want about 25%%", share)
	}
	want := map[string][2]float64{ // share of customer comments, %
		SourceNPS: {35, 50}, SourceCSAT: {12, 25}, SourceApp: {10, 20}, SourceTickets: {18, 32},
	}
	for src, r := range want {
		if share := pct(bySource[src], len(cs)-employees); share < r[0] || share > r[1] {
			t.Errorf("%s: %.1f%% of customer comments, want %v", src, share, r)
		}
	}
	if bySource[SourceEmployee] != employees {
		t.Errorf("employee-pulse has %d comments, employees wrote %d", bySource[SourceEmployee], employees)
	}
}

// TestTeamsAboveAnonymityThreshold: every team answers every wave with at
// least five people, so a threshold of five never blanks a team's month.
func TestTeamsAboveAnonymityThreshold(t *testing.T) {
	perWave := map[[2]string]int{}
	waves := map[string]bool{}
	for _, c := range Generate(testNow, DefaultSeed) {
		if c.Audience == corpus.Employee {
			perWave[[2]string{c.Meta["team"], c.Meta["wave"]}]++
			waves[c.Meta["wave"]] = true
		}
	}
	if len(waves) < 6 {
		t.Errorf("%d pulse waves, want one a month", len(waves))
	}
	for _, tm := range teams {
		for w := range waves {
			if n := perWave[[2]string{tm.name, w}]; n < 5 {
				t.Errorf("team %s, wave %s: %d answers, want >= 5", tm.name, w, n)
			}
		}
	}
}
