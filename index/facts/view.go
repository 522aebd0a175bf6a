package facts

import "time"

// View is a consistent read of a Table. It holds the table's read lock
// until Close, which blocks Apply: copy what you need and close it within
// milliseconds, never across I/O or a long computation.
type View struct {
	t *Table
	c *columns
}

// View returns a read view of the table; call Close when done.
func (t *Table) View() *View {
	t.mu.RLock()
	return &View{t: t, c: &t.cols}
}

// Close releases the view.
func (v *View) Close() {
	if v.t != nil {
		v.t.mu.RUnlock()
		v.t = nil
	}
}

// Gen identifies the table's contents: it changes with every Apply and
// Delete, so anything computed from a view with the same Gen (and the
// same table) is still exact.
func (v *View) Gen() uint64 { return v.t.gen }

// Location returns the zone of Day values.
func (v *View) Location() *time.Location { return v.t.loc }

// Rows returns the number of rows, dead ones included; row numbers are
// below it.
func (v *View) Rows() int { return v.c.IDs.Len() }

// Live returns every live row.
func (v *View) Live() Rows {
	n := v.c.IDs.Len()
	all := NewRows(n)
	for i := range all.words {
		w := ^uint64(0)
		if rest := n - i*64; rest < 64 {
			w = 1<<rest - 1
		}
		if i < len(v.c.Dead.words) {
			w &^= v.c.Dead.words[i]
		}
		all.words[i] = w
	}
	return all
}

// Row returns the row of the comment with this id.
func (v *View) Row(id string) (uint32, bool) {
	r, ok := v.c.IDs.Lookup(id)
	if !ok || v.c.Dead.Has(r) {
		return 0, false
	}
	return r, true
}

// ID returns the comment id of row r.
func (v *View) ID(r uint32) string { return v.c.IDs.ID(r) }

// CreatedNanos returns row r's created_at in Unix nanoseconds.
func (v *View) CreatedNanos(r uint32) int64 { return v.c.Created[r] }

// Day returns row r's created_at day in the table's zone (see DayStart).
func (v *View) Day(r uint32) int32 { return v.c.Day[r] }

// Label returns row r's overall sentiment label.
func (v *View) Label(r uint32) Label { return v.c.Label[r] }

// Score returns row r's overall sentiment score in [-1, 1] (0 untagged).
func (v *View) Score(r uint32) float32 { return v.c.Score[r] }

// Audience returns row r's audience code (AudienceCustomer…).
func (v *View) Audience(r uint32) uint8 { return v.c.Aud[r] }

// Source returns row r's source index in Sources().
func (v *View) Source(r uint32) uint32 { return v.c.Source[r] }

// NPS, CSAT and CES return row r's scores, NoScore when missing.
func (v *View) NPS(r uint32) int8 { return v.c.NPS[r] }

// CSAT returns row r's CSAT score or NoScore.
func (v *View) CSAT(r uint32) int8 { return v.c.CSAT[r] }

// CES returns row r's CES score or NoScore.
func (v *View) CES(r uint32) int8 { return v.c.CES[r] }

// Mentions returns row r's tagged touchpoints (not their ancestors). The
// slice is the table's: do not modify it or keep it past Close.
func (v *View) Mentions(r uint32) []Mention {
	off := v.c.MentionOff[r]
	return v.c.MentionBuf[off : off+uint32(v.c.MentionLen[r])]
}

// Terms returns the term hashes of row r (see TermHash), sorted; only
// negative comments have terms. The slice is the table's.
func (v *View) Terms(r uint32) []uint32 {
	off := v.c.TermOff[r]
	return v.c.TermBuf[off : off+uint32(v.c.TermLen[r])]
}

// Meta returns the metadata column of a field, nil when no comment has
// it. Values[r]-1 indexes Dict.Names; 0 means row r has no value.
func (v *View) Meta(field string) *MetaColumn { return v.c.Meta[MetaName(field)] }

// Touchpoints returns the dictionary of touchpoint ids (with ancestors).
func (v *View) Touchpoints() *Dict { return &v.c.Touchpoints }

// Sources returns the dictionary of source names.
func (v *View) Sources() *Dict { return &v.c.Sources }
