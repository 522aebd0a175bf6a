package index

import (
	"encoding/binary"
	"math/bits"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/scorer"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/feedbackd/feedbackd/index/facts"
)

// docSetSearcher is a bleve searcher over a fixed set of documents: the
// live documents of one index snapshot whose facts row is in a row set.
// The set is a bitmap of global document numbers, filled once from the
// per-segment row maps (a few nanoseconds a document, against about 100
// for bleve's match-all searcher with a filter on top).
type docSetSearcher struct {
	words  []uint64 // bit n: global document number n is in the set
	next   uint64   // the next document number Next may return
	count  uint64
	scorer *scorer.ConstantScorer
	id     [8]byte
}

func newDocSetSearcher(snap *scorch.IndexSnapshot, maps []*rowMap, keep *facts.Rows, sc *scorer.ConstantScorer) *docSetSearcher {
	var total uint64
	for _, m := range maps {
		total += uint64(len(m.rows))
	}
	s := &docSetSearcher{words: make([]uint64, (total+63)/64), scorer: sc}
	var base uint64
	for i, ss := range snap.Segments() {
		rows := maps[i].rows
		for local, row := range rows {
			if row != noRow && keep.Has(row) {
				n := base + uint64(local)
				s.words[n/64] |= 1 << (n % 64)
			}
		}
		// A deleted document is an older version of a comment whose row
		// now belongs to its newest version, in a later segment.
		if del := ss.Deleted(); del != nil {
			it := del.Iterator()
			for it.HasNext() {
				n := base + uint64(it.Next())
				if n/64 < uint64(len(s.words)) {
					s.words[n/64] &^= 1 << (n % 64)
				}
			}
		}
		base += uint64(len(rows))
	}
	for _, w := range s.words {
		s.count += uint64(bits.OnesCount64(w))
	}
	return s
}

// Next returns the next document in the set.
func (s *docSetSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for w := s.next / 64; w < uint64(len(s.words)); w++ {
		word := s.words[w]
		if w == s.next/64 {
			word &^= 1<<(s.next%64) - 1
		}
		if word != 0 {
			n := w*64 + uint64(bits.TrailingZeros64(word))
			s.next = n + 1
			binary.BigEndian.PutUint64(s.id[:], n)
			return s.scorer.Score(ctx, s.id[:]), nil
		}
	}
	s.next = uint64(len(s.words)) * 64
	return nil, nil
}

// Advance returns the first document in the set at or after id.
func (s *docSetSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	if len(id) == 8 {
		s.next = max(s.next, binary.BigEndian.Uint64(id))
	}
	return s.Next(ctx)
}

func (s *docSetSearcher) Close() error               { return nil }
func (s *docSetSearcher) Weight() float64            { return s.scorer.Weight() }
func (s *docSetSearcher) SetQueryNorm(norm float64)  { s.scorer.SetQueryNorm(norm) }
func (s *docSetSearcher) Count() uint64              { return s.count }
func (s *docSetSearcher) Min() int                   { return 0 }
func (s *docSetSearcher) Size() int                  { return 64 + 8*len(s.words) + s.scorer.Size() }
func (s *docSetSearcher) DocumentMatchPoolSize() int { return 1 }
