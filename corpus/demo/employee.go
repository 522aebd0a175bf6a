package demo

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

// employees generates the monthly pulse: a wave every four weeks, the last
// one opened at least six days ago, each team answering with about its
// size.
func (g *generator) employees() []draft {
	open := g.now.AddDate(0, 0, -6).Truncate(24 * time.Hour)
	for open.Weekday() != time.Tuesday {
		open = open.AddDate(0, 0, -1)
	}
	var waves []time.Time
	for ; !open.Before(g.start); open = open.AddDate(0, 0, -28) {
		waves = append(waves, open)
	}
	slices.Reverse(waves)

	whole := g.selectFrags(func(f *fragment) bool { return f.Audience == corpus.Employee && f.Part == "" })
	pros := g.selectFrags(func(f *fragment) bool { return f.Audience == corpus.Employee && f.Part == partPro })
	cons := g.selectFrags(func(f *fragment) bool { return f.Audience == corpus.Employee && f.Part == partCon })

	var out []draft
	for _, wave := range waves {
		for _, tm := range teams {
			n := max(6, tm.size+g.r.IntN(3)-1)
			for range n {
				out = append(out, g.employee(wave, tm, whole, pros, cons))
			}
		}
	}
	return out
}

// responseDays are the relative chances of answering on each day after a
// wave opens.
var responseDays = []float64{35, 20, 12, 8, 6, 5, 4, 3, 3, 2}

// employee builds one pulse answer from a member of tm.
func (g *generator) employee(wave time.Time, tm team, whole, pros, cons []*fragment) draft {
	day := wave.AddDate(0, 0, pick(g.r, responseDays))
	if !day.Before(g.now) { // a wave still open: answers so far
		day = g.now.Add(-time.Nanosecond).Truncate(24 * time.Hour)
	}
	created := g.at(day, shiftHours)
	d := g.daysAgo(created)
	mine := func(fs []*fragment) []*fragment {
		var out []*fragment
		for _, f := range fs {
			if f.forDepartment(tm.dept) {
				out = append(out, f)
			}
		}
		return out
	}

	var parts []*fragment
	var fields []corpus.TextField
	if g.r.Float64() < 0.35 {
		pro, con := g.pickFrag(mine(pros), d), g.pickFrag(mine(cons), d)
		parts = []*fragment{pro, con}
		fields = []corpus.TextField{{Name: "pros", Text: vary(g.r, pro.Text, true)}, {Name: "cons", Text: vary(g.r, con.Text, true)}}
	} else {
		pool := mine(whole)
		f := g.pickFrag(pool, d)
		parts = []*fragment{f}
		if len(f.Touchpoints) > 0 && g.r.Float64() < 0.15 {
			for range 10 {
				s := g.pickFrag(pool, d)
				if s != f && len(s.Touchpoints) > 0 && !overlaps(s.topics(), f.topics()) {
					parts = append(parts, s)
					break
				}
			}
		}
		texts := make([]string, len(parts))
		for i, p := range parts {
			texts[i] = vary(g.r, p.Text, i == len(parts)-1)
		}
		fields = []corpus.TextField{{Name: "comment", Text: strings.Join(texts, " ")}}
	}
	return draft{
		Comment: corpus.Comment{
			Source:     SourceEmployee,
			Audience:   corpus.Employee,
			Fields:     fields,
			CreatedAt:  created,
			ReceivedAt: g.received(created),
			Meta: map[string]string{
				"team":       tm.name,
				"department": tm.dept,
				"region":     tm.region,
				"tenure":     pickWeighted(g.r, tenures),
				"wave":       wave.Format(time.DateOnly),
			},
		},
		parts: parts,
		label: combine(labels(parts)...),
		story: cmp.Or(parts[0].Story, parts[len(parts)-1].Story),
	}
}
