package trends

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/feedbackd/feedbackd/index/facts"
)

// Defaults of EmergingOptions.
const (
	DefaultTop      = 20
	DefaultMinCount = 5
	// DefaultMinG2 is G² at p = 0.001 with one degree of freedom: many
	// terms are tested, so the bar is higher than 3.84 (p = 0.05).
	DefaultMinG2   = 10.83
	DefaultSamples = 3
)

// EmergingOptions describe an emerging-terms report.
type EmergingOptions struct {
	Window
	// Top is the most terms returned (DefaultTop when 0).
	Top int
	// MinCount is the fewest negative comments of the last period a
	// term must be in (DefaultMinCount when 0).
	MinCount int
	// MinG2 is the smallest log-likelihood ratio reported
	// (DefaultMinG2 when 0).
	MinG2 float64
	// Samples is how many comments' texts are asked per term to name it
	// (DefaultSamples when 0); their ids are in Term.Comments.
	Samples   int
	Anonymity Anonymity
}

// TextFunc returns the texts (corpus.Comment.Text) of the comments with
// these ids, in order; "" for one that is gone.
type TextFunc func(ctx context.Context, ids []string) ([]string, error)

// EmergingReport lists the terms that grew in negative comments.
type EmergingReport struct {
	Interval     Interval `json:"interval"`
	Period       string   `json:"period"`
	BaselineFrom string   `json:"baseline_from"`
	// Negative and BaselineNegative are the negative comments of the last
	// period and of the baseline periods.
	Negative         int    `json:"negative"`
	BaselineNegative int    `json:"baseline_negative"`
	Terms            []Term `json:"terms"`
}

// Term is a word or a two-word phrase (see facts.Terms) that grew in
// negative comments.
type Term struct {
	Term string `json:"term"`
	// Count and BaselineCount are the negative comments containing it in
	// the last period and in the baseline; Rate and BaselineRate the
	// same as percentages of the negative comments.
	Count         int     `json:"count"`
	BaselineCount int     `json:"baseline_count"`
	Rate          float64 `json:"rate"`
	BaselineRate  float64 `json:"baseline_rate"`
	// G2 is Dunning's log-likelihood ratio of the two rates.
	G2 float64 `json:"g2"`
	// Comments are ids of negative comments of the last period with it.
	Comments []string `json:"comments"`
}

// ErrNoTerms means the data was copied without CopyOptions.Terms.
var ErrNoTerms = errors.New("trends: data copied without terms")

// Emerging returns the terms whose document frequency in the negative
// comments of the last period grew most against the baseline periods,
// by Dunning's log-likelihood ratio G² over the 2×2 table (comments with
// and without the term, last period and baseline), tagged or not, so a
// new problem shows before a rule names it. Only terms whose rate grew,
// in at least MinCount comments and with G² ≥ MinG2 are kept, highest G²
// first. The table keeps 32-bit hashes of terms, so texts asks for a few
// comments with each term and the term is recovered from them; a term
// whose comments are gone or changed is dropped. A term whose comments
// of the last period are too small an employee group is dropped too.
func (d *Data) Emerging(ctx context.Context, o EmergingOptions, texts TextFunc) (*EmergingReport, error) {
	if !d.hasTerms {
		return nil, ErrNoTerms
	}
	o.Window = o.Window.withDefaults()
	if o.Top <= 0 {
		o.Top = DefaultTop
	}
	if o.MinCount <= 0 {
		o.MinCount = DefaultMinCount
	}
	if o.MinG2 <= 0 {
		o.MinG2 = DefaultMinG2
	}
	if o.Samples <= 0 {
		o.Samples = DefaultSamples
	}
	out := &EmergingReport{Interval: o.Interval, Terms: []Term{}}
	ps, ok, err := o.Window.periods(d)
	if err != nil || !ok {
		return out, err
	}
	np := ps.len()
	out.Period, out.BaselineFrom = isoDate(ps.starts[np-1]), isoDate(ps.starts[0])
	last := map[uint32]int{}
	base := map[uint32]int{}
	var lastRows []int
	for i := range d.day {
		k := ps.period(d.day[i])
		if k < 0 || d.label[i] != facts.Negative {
			continue
		}
		ts := d.terms[d.tOff[i]:d.tOff[i+1]]
		if k == np-1 {
			out.Negative++
			lastRows = append(lastRows, i)
			for _, h := range ts {
				last[h]++
			}
		} else {
			out.BaselineNegative++
			for _, h := range ts {
				base[h]++
			}
		}
	}
	n1, n2 := out.Negative, out.BaselineNegative
	type cand struct {
		hash uint32
		t    Term
		emps Respondents
	}
	var cands []*cand
	for h, a := range last {
		b := base[h]
		if a < o.MinCount || (n2 > 0 && float64(a)/float64(n1) <= float64(b)/float64(n2)) {
			continue
		}
		g := gSquared(a, n1, b, n2)
		if n2 == 0 || g < o.MinG2 {
			continue
		}
		t := Term{Count: a, BaselineCount: b, G2: round(g, 3),
			Rate: round(100*float64(a)/float64(n1), 4), BaselineRate: round(100*float64(b)/float64(n2), 4)}
		cands = append(cands, &cand{hash: h, t: t})
	}
	slices.SortFunc(cands, func(x, y *cand) int {
		if c := cmp.Compare(y.t.G2, x.t.G2); c != 0 {
			return c
		}
		return cmp.Compare(x.hash, y.hash)
	})
	// Look at a few more than Top: some may be suppressed or unnamed.
	cands = cands[:min(len(cands), 2*o.Top+10)]
	byHash := make(map[uint32]*cand, len(cands))
	for _, c := range cands {
		byHash[c.hash] = c
	}
	for _, i := range lastRows {
		for _, h := range d.terms[d.tOff[i]:d.tOff[i+1]] {
			c := byHash[h]
			if c == nil {
				continue
			}
			if len(c.t.Comments) < o.Samples {
				c.t.Comments = append(c.t.Comments, d.ids[i])
			}
			if d.employee(i) {
				c.emps.Add(d.respondent(i))
			}
		}
	}
	var ids []string
	var kept []*cand
	for _, c := range cands {
		if o.Anonymity.Suppress(c.emps.Count()) {
			continue
		}
		kept = append(kept, c)
		ids = append(ids, c.t.Comments...)
	}
	if len(kept) == 0 {
		return out, nil
	}
	got, err := texts(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("emerging terms: comment texts: %w", err)
	}
	if len(got) != len(ids) {
		return nil, fmt.Errorf("emerging terms: asked %d comment texts, got %d", len(ids), len(got))
	}
	next := 0
	for _, c := range kept {
		txt := got[next : next+len(c.t.Comments)]
		next += len(c.t.Comments)
		if len(out.Terms) == o.Top {
			continue
		}
		if c.t.Term = termOf(c.hash, txt); c.t.Term != "" {
			out.Terms = append(out.Terms, c.t)
		}
	}
	return out, nil
}

// termOf returns the term of texts whose hash is h, "" when none has it.
func termOf(h uint32, texts []string) string {
	for _, text := range texts {
		for _, t := range facts.Terms(text) {
			if facts.TermHash(t) == h {
				return t
			}
		}
	}
	return ""
}
