package facts

import "hash/maphash"

// IDs holds the comment id of every row without a Go string or map entry
// per row: the ids are concatenated in Bytes and looked up through an
// open-addressing table of row numbers. A million strings and a
// map[string]uint32 are millions of pointers the garbage collector scans
// on every cycle; these slices hold none.
type IDs struct {
	Bytes []byte
	Ends  []uint32 // Ends[r] is where row r's id ends in Bytes

	seed  maphash.Seed
	slots []uint32 // 0: empty, else 1 + row; len is a power of two
}

// Len returns the number of rows.
func (t *IDs) Len() int { return len(t.Ends) }

// ID returns row r's id.
func (t *IDs) ID(r uint32) string { return string(t.bytes(r)) }

func (t *IDs) bytes(r uint32) []byte {
	start := uint32(0)
	if r > 0 {
		start = t.Ends[r-1]
	}
	return t.Bytes[start:t.Ends[r]]
}

// Lookup returns the row of id.
func (t *IDs) Lookup(id string) (uint32, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := maphash.String(t.seed, id) & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, false
		}
		if string(t.bytes(s-1)) == id {
			return s - 1, true
		}
	}
}

// Add appends a row for id, which must not be in the table yet.
func (t *IDs) Add(id string) uint32 {
	r := uint32(len(t.Ends))
	t.Bytes = append(t.Bytes, id...)
	t.Ends = append(t.Ends, uint32(len(t.Bytes)))
	if 4*len(t.Ends) > 3*len(t.slots) {
		t.rehash()
	} else {
		t.insert(r)
	}
	return r
}

// rehash rebuilds the slots at twice the size (or for loaded rows).
func (t *IDs) rehash() {
	n := 1024
	for 2*len(t.Ends) > n {
		n *= 2
	}
	t.seed = maphash.MakeSeed()
	t.slots = make([]uint32, n)
	for r := range uint32(len(t.Ends)) {
		t.insert(r)
	}
}

func (t *IDs) insert(r uint32) {
	mask := uint64(len(t.slots) - 1)
	i := maphash.Bytes(t.seed, t.bytes(r)) & mask
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = r + 1
}

// check verifies that Ends is non-decreasing and within Bytes.
func (t *IDs) check() bool {
	prev := uint32(0)
	for _, e := range t.Ends {
		if e < prev || int(e) > len(t.Bytes) {
			return false
		}
		prev = e
	}
	return true
}
