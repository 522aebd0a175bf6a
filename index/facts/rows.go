package facts

import "math/bits"

// Rows is a set of row numbers, a bitmap.
type Rows struct {
	words []uint64
}

// NewRows returns an empty set sized for n rows.
func NewRows(n int) Rows { return Rows{words: make([]uint64, (n+63)/64)} }

// Grow makes room for n rows.
func (s *Rows) Grow(n int) {
	for len(s.words)*64 < n {
		s.words = append(s.words, 0)
	}
}

// Set adds r, growing the set when needed.
func (s *Rows) Set(r uint32) {
	w := int(r / 64)
	if w >= len(s.words) {
		s.Grow(int(r) + 1)
	}
	s.words[w] |= 1 << (r % 64)
}

// Clear removes r.
func (s *Rows) Clear(r uint32) {
	if w := int(r / 64); w < len(s.words) {
		s.words[w] &^= 1 << (r % 64)
	}
}

// Has reports whether r is in the set.
func (s *Rows) Has(r uint32) bool {
	w := int(r / 64)
	return w < len(s.words) && s.words[w]&(1<<(r%64)) != 0
}

// Count returns the number of rows in the set.
func (s *Rows) Count() int {
	n := 0
	for _, w := range s.words {
		n += bits.OnesCount64(w)
	}
	return n
}

// Each calls fn for every row in the set in increasing order.
func (s *Rows) Each(fn func(r uint32)) {
	for i, w := range s.words {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			fn(uint32(i*64 + b))
			w &= w - 1
		}
	}
}

// And keeps only the rows also in o.
func (s *Rows) And(o *Rows) {
	for i := range s.words {
		if i < len(o.words) {
			s.words[i] &= o.words[i]
		} else {
			s.words[i] = 0
		}
	}
}

// sweep clears every row of s for which keep returns false.
func (s *Rows) sweep(keep func(r uint32) bool) {
	for wi, w := range s.words {
		var drop uint64
		for x := w; x != 0; x &= x - 1 {
			b := bits.TrailingZeros64(x)
			var no uint64
			if !keep(uint32(wi<<6 + b)) {
				no = 1
			}
			drop |= no << b
		}
		s.words[wi] = w &^ drop
	}
}

// sweepLookup clears every row r of s whose value col[r] is not kept:
// sweep without a function call per row, for the columns filtered by a
// table of accepted values.
func sweepLookup[T ~uint8 | ~uint32](s *Rows, col []T, keep []bool) {
	for wi, w := range s.words {
		var drop uint64
		for x := w; x != 0; x &= x - 1 {
			b := bits.TrailingZeros64(x)
			// Branch-free: the values are in no order, so a branch would
			// be mispredicted half the time.
			var no uint64
			if !keep[col[wi<<6+b]] {
				no = 1
			}
			drop |= no << b
		}
		s.words[wi] = w &^ drop
	}
}

// sweepBetween clears every row r of s whose col[r] is outside [lo, hi].
func sweepBetween[T int64 | float32](s *Rows, col []T, lo, hi T) {
	for wi, w := range s.words {
		var drop uint64
		for x := w; x != 0; x &= x - 1 {
			b := bits.TrailingZeros64(x)
			var no uint64
			if v := col[wi<<6+b]; v < lo || v > hi {
				no = 1
			}
			drop |= no << b
		}
		s.words[wi] = w &^ drop
	}
}

// sweepScores clears every row r of s whose score col[r] (NoScore when
// missing) is not kept: keep is indexed by the score's byte.
func sweepScores(s *Rows, col []int8, keep *[256]bool) {
	for wi, w := range s.words {
		var drop uint64
		for x := w; x != 0; x &= x - 1 {
			b := bits.TrailingZeros64(x)
			var no uint64
			if !keep[uint8(col[wi<<6+b])] {
				no = 1
			}
			drop |= no << b
		}
		s.words[wi] = w &^ drop
	}
}

// scoreTable returns the sweepScores table of the scores in [lo, hi];
// NoScore is never kept.
func scoreTable(lo, hi float64) [256]bool {
	var keep [256]bool
	for v := range 128 { // scores are small non-negative integers
		if f := float64(v); f >= lo && f <= hi {
			keep[v] = true
		}
	}
	return keep
}
