package digest

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Link returns a link to the web UI's search page showing the spec's
// scope over the period, narrowed by add: page parameters such as
// touchpoint, sentiment, q (ANDed with the scope's query) or open (a
// comment id). It is "" without a base URL.
//
// The page knows the filters q, touchpoint, sentiment, source, audience
// and channel; another metadata field of the scope becomes a meta:"k=v"
// clause of q when it has one value, and is left out (the link shows
// more) when it has several.
func (s *Spec) Link(p Period, add url.Values) string {
	if s.BaseURL == "" {
		return ""
	}
	v := url.Values{}
	var metas []string
	for k, vals := range s.Scope.Params {
		switch {
		case k == "touchpoint" || k == "sentiment" || k == "source" || k == "audience":
			v[k] = slices.Clone(vals)
		case k == "meta.channel":
			v["channel"] = slices.Clone(vals)
		case strings.HasPrefix(k, "meta.") && len(vals) == 1:
			metas = append(metas, "+meta:"+strconv.Quote(strings.TrimPrefix(k, "meta.")+"="+vals[0]))
		}
	}
	slices.Sort(metas)
	var qs []string
	if s.Scope.Q != "" {
		qs = append(qs, s.Scope.Q)
	}
	qs = append(qs, metas...)
	for k, vals := range add {
		if k == "q" {
			qs = append(qs, vals...)
			continue
		}
		v[k] = vals // replaces the scope's: the item is inside it
	}
	if len(qs) > 0 {
		v.Set("q", strings.Join(qs, " "))
	}
	if v.Get("from") == "" {
		v.Set("from", p.Start.Format(time.DateOnly))
		v.Set("to", p.Last().Format(time.DateOnly))
	}
	return s.BaseURL + "/?" + v.Encode()
}

// fillLinks sets every empty link of c from the spec.
func fillLinks(c *Content, s *Spec) {
	p := c.Period
	if c.Link == "" {
		c.Link = s.Link(p, nil)
	}
	drivers := func(ds []Driver) {
		for i := range ds {
			d := &ds[i]
			if d.Link == "" && d.Touchpoint != "" {
				d.Link = s.Link(p, url.Values{"touchpoint": {d.Touchpoint}})
			}
			for j := range d.Comments {
				if q := &d.Comments[j]; q.Link == "" && q.ID != "" {
					q.Link = s.Link(p, url.Values{"open": {q.ID}})
				}
			}
		}
	}
	drivers(c.PainPoints)
	drivers(c.Improvements)
	for i := range c.Anomalies {
		a := &c.Anomalies[i]
		if a.Link != "" {
			continue
		}
		add := url.Values{}
		if a.Touchpoint != "" {
			add.Set("touchpoint", a.Touchpoint)
		}
		if !a.Day.IsZero() {
			day := a.Day.In(s.Location).Format(time.DateOnly)
			add.Set("from", day)
			add.Set("to", day)
		}
		a.Link = s.Link(p, add)
	}
	for i := range c.EmergingTerms {
		if t := &c.EmergingTerms[i]; t.Link == "" && t.Term != "" {
			t.Link = s.Link(p, url.Values{"q": {strconv.Quote(t.Term)}})
		}
	}
}

// Describe says what the scope covers, for people, as the start of a
// sentence: "Saved search “Angry refunds”", "Customer comments on
// billing, delivery", "All comments".
func (sc Scope) Describe() string {
	if sc.SavedSearch != "" {
		return "Saved search “" + sc.SavedSearch + "”"
	}
	var b strings.Builder
	if a := sc.Params["audience"]; len(a) > 0 {
		b.WriteString(strings.Join(a, " and ") + " comments")
	} else {
		b.WriteString("comments")
	}
	if t := sc.Params["touchpoint"]; len(t) > 0 {
		b.WriteString(" on " + strings.Join(t, ", "))
	}
	if s := sc.Params["source"]; len(s) > 0 {
		b.WriteString(" from " + strings.Join(s, ", "))
	}
	var keys []string
	for k := range sc.Params {
		if strings.HasPrefix(k, "meta.") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for i, k := range keys {
		if i == 0 {
			b.WriteString(" with ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(strings.TrimPrefix(k, "meta.") + " " + strings.Join(sc.Params[k], " or "))
	}
	if sc.Q != "" {
		b.WriteString(" matching " + strconv.Quote(sc.Q))
	}
	if b.String() == "comments" {
		return "All comments"
	}
	return strings.ToUpper(b.String()[:1]) + b.String()[1:]
}
