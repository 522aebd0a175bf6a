// Package trends turns the facts of a selection of comments into the
// figures leaders read next to each other: sentiment and NPS, CSAT and CES
// per period and group with the significance of each change (Trends), the
// touchpoints that pull a score down or up (Drivers), the touchpoints whose
// volume or sentiment departs from their baseline (Anomalies), and the
// words that newly turn up in negative comments (Emerging). Employee
// groups too small to stay anonymous are suppressed everywhere (Anonymity).
//
// A facts.View holds a read lock that blocks indexing, so the work is in
// two steps: Copy takes what the reports need out of the view into compact
// arrays in one pass (milliseconds), the caller closes the view, and the
// reports are computed from the copy without any lock. The package does
// no I/O; Emerging asks the caller for comment texts through a function.
package trends

import (
	"time"

	"github.com/feedbackd/feedbackd/index/facts"
)

// CopyOptions says what Copy takes beyond the columns every report reads.
type CopyOptions struct {
	// Meta are the metadata fields a trend may be grouped by.
	Meta []string
	// Respondent is the metadata field that identifies a respondent
	// (e.g. "respondent_id"), so several comments of one employee count
	// as one respondent for anonymity. Empty, or a comment without the
	// field: every comment is a respondent of its own.
	Respondent string
	// Terms copies the term hashes and ids of negative comments, which
	// Emerging needs.
	Terms bool
}

// Data is a compact copy of the selected comments' facts. It is
// read-only once made and safe for concurrent use.
type Data struct {
	loc *time.Location

	day    []int32
	score  []float32
	label  []facts.Label
	aud    []uint8
	source []uint32
	nps    []int8
	csat   []int8
	ces    []int8
	resp   []uint32 // 1 + respondent value index, 0 none; nil without a respondent field

	// Mentions of comment i are mentions[mOff[i]:mOff[i+1]].
	mOff     []uint32
	mentions []facts.Mention

	// Terms of comment i are terms[tOff[i]:tOff[i+1]]; ids[i] is its id
	// when it has terms. Nil unless CopyOptions.Terms.
	tOff  []uint32
	terms []uint32
	ids   []string

	tpNames  []string
	tpChain  [][]uint32 // per touchpoint: itself and its ancestors, nearest first
	srcNames []string
	meta     map[string]metaCopy
	hasTerms bool
	sorted   sortedScores
}

// metaCopy is one copied metadata column: values[i] is 1 + the index of
// comment i's value in names, 0 when it has none.
type metaCopy struct {
	values []uint32
	names  []string
}

// Copy copies the facts of rows out of v. It reads v and nothing else;
// the caller closes v afterwards (Copy does not).
func Copy(v *facts.View, rows *facts.Rows, o CopyOptions) *Data {
	n := rows.Count()
	d := &Data{
		loc:    v.Location(),
		day:    make([]int32, n),
		score:  make([]float32, n),
		label:  make([]facts.Label, n),
		aud:    make([]uint8, n),
		source: make([]uint32, n),
		nps:    make([]int8, n),
		csat:   make([]int8, n),
		ces:    make([]int8, n),
		mOff:   make([]uint32, n+1),
		meta:   map[string]metaCopy{},
	}
	var respCol *facts.MetaColumn
	if o.Respondent != "" {
		respCol = v.Meta(o.Respondent)
		d.resp = make([]uint32, n)
	}
	type metaSrc struct {
		name string
		col  *facts.MetaColumn
	}
	var metas []metaSrc
	for _, name := range o.Meta {
		name = facts.MetaName(name)
		if _, dup := d.meta[name]; dup {
			continue
		}
		col := v.Meta(name)
		mc := metaCopy{}
		if col != nil {
			mc.names = append([]string(nil), col.Dict.Names...)
		}
		d.meta[name] = mc
		metas = append(metas, metaSrc{name, col})
	}
	metaVals := make([][]uint32, len(metas))
	for i := range metaVals {
		metaVals[i] = make([]uint32, n)
	}
	if o.Terms {
		d.hasTerms = true
		d.tOff = make([]uint32, n+1)
		d.ids = make([]string, n)
	}
	d.mentions = make([]facts.Mention, 0, 2*n)
	i := 0
	rows.Each(func(r uint32) {
		d.day[i] = v.Day(r)
		d.score[i] = v.Score(r)
		d.label[i] = v.Label(r)
		d.aud[i] = v.Audience(r)
		d.source[i] = v.Source(r)
		d.nps[i] = v.NPS(r)
		d.csat[i] = v.CSAT(r)
		d.ces[i] = v.CES(r)
		d.mentions = append(d.mentions, v.Mentions(r)...)
		d.mOff[i+1] = uint32(len(d.mentions))
		if d.resp != nil {
			d.resp[i] = metaValue(respCol, r)
		}
		for k, m := range metas {
			metaVals[k][i] = metaValue(m.col, r)
		}
		if o.Terms {
			if ts := v.Terms(r); len(ts) > 0 {
				d.ids[i] = v.ID(r)
				d.terms = append(d.terms, ts...)
			}
			d.tOff[i+1] = uint32(len(d.terms))
		}
		i++
	})
	for i, m := range metas {
		mc := d.meta[m.name]
		mc.values = metaVals[i]
		d.meta[m.name] = mc
	}
	tps := v.Touchpoints()
	d.tpNames = append([]string(nil), tps.Names...)
	d.tpChain = make([][]uint32, tps.Len())
	for i := range d.tpChain {
		tps.Ancestors(uint32(i), func(a uint32) { d.tpChain[i] = append(d.tpChain[i], a) })
	}
	d.srcNames = append([]string(nil), v.Sources().Names...)
	return d
}

// metaValue returns 1 + the dictionary index of row r's value in col, 0
// when it has none.
func metaValue(col *facts.MetaColumn, r uint32) uint32 {
	if col == nil || int(r) >= len(col.Values) {
		return 0
	}
	return col.Values[r]
}

// Len returns the number of comments copied.
func (d *Data) Len() int { return len(d.day) }

// Location returns the time zone periods are cut in (the table's).
func (d *Data) Location() *time.Location { return d.loc }

// employee reports whether comment i is an employee's.
func (d *Data) employee(i int) bool { return d.aud[i] == facts.AudienceEmployee }

// respondent returns comment i's respondent key for Respondents.Add.
func (d *Data) respondent(i int) uint32 {
	if d.resp == nil {
		return 0
	}
	return d.resp[i]
}

// forTouchpoints calls fn once for every touchpoint comment i counts in:
// each tagged touchpoint and each ancestor, once, with the mean aspect
// score and the combined aspect label of the mentions under it (see
// combine). buf is scratch space reused between calls.
func (d *Data) forTouchpoints(i int, buf *[]facts.TouchpointHit, fn func(tp uint32, score float64, label facts.Label)) {
	ms := d.mentions[d.mOff[i]:d.mOff[i+1]]
	if len(ms) == 0 {
		return
	}
	hits := facts.AppendTouchpointHits((*buf)[:0], ms, d.tpChain)
	for _, h := range hits {
		fn(h.Touchpoint, h.Score(), h.Label())
	}
	*buf = hits
}
