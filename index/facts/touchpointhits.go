package facts

// TouchpointHit is one touchpoint a comment counts in — a touchpoint it
// mentions or an ancestor of one — with the mentions under it.
type TouchpointHit struct {
	Touchpoint uint32
	sum        float64
	n          int
	labels     uint8 // a bit per Label
}

// Score is the mean aspect score of the mentions under the touchpoint.
func (h TouchpointHit) Score() float64 { return h.sum / float64(h.n) }

// Label is the touchpoint's aspect label, combined from the mentions under
// it: their label when they agree, mixed when positive and negative meet
// or any is mixed, else positive or negative over neutral.
func (h TouchpointHit) Label() Label {
	has := func(l Label) bool { return h.labels&(1<<l) != 0 }
	switch {
	case has(Mixed), has(Positive) && has(Negative):
		return Mixed
	case has(Positive):
		return Positive
	case has(Negative):
		return Negative
	case has(Neutral):
		return Neutral
	}
	return Unlabelled
}

// AppendTouchpointHits appends to buf each touchpoint the mentions ms
// count in, once: chain[t] lists touchpoint t and its ancestors.
func AppendTouchpointHits(buf []TouchpointHit, ms []Mention, chain [][]uint32) []TouchpointHit {
	for _, m := range ms {
		for _, tp := range chain[m.Touchpoint] {
			found := false
			for i := range buf {
				if buf[i].Touchpoint == tp {
					buf[i].sum += float64(m.Score)
					buf[i].n++
					buf[i].labels |= 1 << m.Label
					found = true
					break
				}
			}
			if !found {
				buf = append(buf, TouchpointHit{Touchpoint: tp, sum: float64(m.Score), n: 1, labels: 1 << m.Label})
			}
		}
	}
	return buf
}
