package facts

import (
	"cmp"
	"container/heap"
	"math/bits"
	"strings"
)

// Order is the order Top ranks rows in. Every order breaks ties by id,
// so pages that continue after a Key never overlap or skip.
type Order uint8

// Orders.
const (
	Newest       Order = iota // created_at, newest first
	Oldest                    // created_at, oldest first
	MostNegative              // sentiment score, lowest first
	MostPositive              // sentiment score, highest first
	ByRelevance               // the caller's relevance score, highest first
)

// Key is a row's position in an Order: Time for Newest and Oldest, Score
// for the others, then ID.
type Key struct {
	Time  int64   // created_at, Unix nanoseconds
	Score float64 // sentiment or relevance score
	ID    string
}

// before reports whether a sorts before b in order o.
func (o Order) compare(a, b *Key) int {
	var c int
	switch o {
	case Newest:
		c = cmp.Compare(b.Time, a.Time)
	case Oldest:
		c = cmp.Compare(a.Time, b.Time)
	case MostNegative:
		c = cmp.Compare(a.Score, b.Score)
	default:
		c = cmp.Compare(b.Score, a.Score)
	}
	if c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// Scored is a row with a relevance score, for ByRelevance.
type Scored struct {
	Row   uint32
	Score float64
}

// Top returns the first k of rows in order o that come after the key
// after (nil: from the start), with their keys. For ByRelevance the
// candidates are scored (those of them in rows); it is ignored otherwise.
func (v *View) Top(rows *Rows, o Order, scored []Scored, after *Key, k int) ([]uint32, []Key) {
	if k <= 0 {
		return nil, nil
	}
	if o == ByRelevance {
		return v.topScored(rows, scored, after, k)
	}
	c := v.c
	h := &keyHeap{order: o}
	key := func(r uint32) Key {
		kk := Key{ID: c.IDs.ID(r)}
		switch o {
		case Newest, Oldest:
			kk.Time = c.Created[r]
		default:
			kk.Score = float64(c.Score[r])
		}
		return kk
	}
	// worse reports whether row r certainly ranks after the worst of a
	// full heap, from its sort value alone (ties need the id).
	worse := func(r uint32) bool {
		if h.Len() < k {
			return false
		}
		w := &h.items[0].key
		switch o {
		case Newest:
			return c.Created[r] < w.Time
		case Oldest:
			return c.Created[r] > w.Time
		case MostNegative:
			return float64(c.Score[r]) > w.Score
		case MostPositive:
			return float64(c.Score[r]) < w.Score
		}
		return false
	}
	for wi, w := range rows.words {
		for ; w != 0; w &= w - 1 {
			r := uint32(wi<<6 + bits.TrailingZeros64(w))
			if worse(r) {
				continue
			}
			kk := key(r)
			if after != nil && o.compare(&kk, after) <= 0 {
				continue
			}
			if h.Len() < k {
				heap.Push(h, ranked{r, kk})
				continue
			}
			// h.items[0] is the worst of the best k so far.
			if o.compare(&kk, &h.items[0].key) < 0 {
				h.items[0] = ranked{r, kk}
				heap.Fix(h, 0)
			}
		}
	}
	return h.sorted()
}

// topScored is Top for ByRelevance.
func (v *View) topScored(rows *Rows, scored []Scored, after *Key, k int) ([]uint32, []Key) {
	h := &keyHeap{order: ByRelevance}
	for _, s := range scored {
		if !rows.Has(s.Row) {
			continue
		}
		if h.Len() == k && s.Score < h.items[0].key.Score {
			continue
		}
		kk := Key{Score: s.Score, ID: v.c.IDs.ID(s.Row)}
		if after != nil && ByRelevance.compare(&kk, after) <= 0 {
			continue
		}
		if h.Len() < k {
			heap.Push(h, ranked{s.Row, kk})
		} else if ByRelevance.compare(&kk, &h.items[0].key) < 0 {
			h.items[0] = ranked{s.Row, kk}
			heap.Fix(h, 0)
		}
	}
	return h.sorted()
}

// sorted empties the heap into rows and keys, best first.
func (h *keyHeap) sorted() ([]uint32, []Key) {
	n := h.Len()
	outRows, outKeys := make([]uint32, n), make([]Key, n)
	for i := n - 1; i >= 0; i-- {
		it := heap.Pop(h).(ranked)
		outRows[i], outKeys[i] = it.row, it.key
	}
	return outRows, outKeys
}

type ranked struct {
	row uint32
	key Key
}

// keyHeap keeps the worst ranked item on top.
type keyHeap struct {
	order Order
	items []ranked
}

func (h *keyHeap) Len() int           { return len(h.items) }
func (h *keyHeap) Less(i, j int) bool { return h.order.compare(&h.items[i].key, &h.items[j].key) > 0 }
func (h *keyHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *keyHeap) Push(x any)         { h.items = append(h.items, x.(ranked)) }
func (h *keyHeap) Pop() any {
	it := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return it
}
