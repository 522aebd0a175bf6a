package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/feedbackd/feedbackd/index/facts"
)

// noRow marks a document whose id the facts table does not know.
const noRow = ^uint32(0)

// rowMaps caches, per bleve segment, the facts row of every document
// number in it. Segments never change once built, so a map is built once
// per segment, from the ids stored in it (a cheap read: bleve keeps the
// id uncompressed in front of each stored document), and dropped when
// the segment is merged away.
type rowMaps struct {
	mu    sync.Mutex
	bySeg map[any]*rowMap
}

type rowMap struct {
	rows       []uint32
	unresolved int // entries still noRow
	tableRows  int // facts rows when the unresolved entries were last looked up
}

func newRowMaps() *rowMaps { return &rowMaps{bySeg: map[any]*rowMap{}} }

// segmentRows returns the row map of each segment of snap, in order, and
// the global document number each segment starts at.
func (m *rowMaps) segmentRows(snap *scorch.IndexSnapshot, v *facts.View) ([]*rowMap, []uint64, error) {
	segs := snap.Segments()
	maps := make([]*rowMap, len(segs))
	offsets := make([]uint64, len(segs))
	var running uint64
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, ss := range segs {
		seg := ss.Segment()
		offsets[i] = running
		n := seg.Count()
		running += n
		rm := m.bySeg[seg]
		if rm == nil {
			rm = &rowMap{rows: make([]uint32, n), unresolved: int(n)}
			for j := range rm.rows {
				rm.rows[j] = noRow
			}
			m.bySeg[seg] = rm
		}
		if rm.unresolved > 0 && rm.tableRows != v.Rows() {
			if err := rm.resolve(ss, v); err != nil {
				return nil, nil, err
			}
		}
		maps[i] = rm
	}
	return maps, offsets, nil
}

// resolve looks up the rows of the documents still unresolved.
func (rm *rowMap) resolve(ss *scorch.SegmentSnapshot, v *facts.View) error {
	rm.unresolved = 0
	for num, r := range rm.rows {
		if r != noRow {
			continue
		}
		id, err := ss.DocID(uint64(num))
		if err != nil {
			return fmt.Errorf("read document id %d: %w", num, err)
		}
		if row, ok := v.Row(string(id)); ok {
			rm.rows[num] = row
		} else {
			rm.unresolved++
		}
	}
	rm.tableRows = v.Rows()
	return nil
}

// pruneRowMaps forgets the row maps of segments merged away.
func (ix *Index) pruneRowMaps() {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return
	}
	reader, err := adv.Reader()
	if err != nil {
		return
	}
	defer reader.Close()
	if snap, ok := reader.(*scorch.IndexSnapshot); ok {
		ix.rowMaps.prune(snap)
	}
}

// prune forgets the maps of segments no longer in snap.
func (m *rowMaps) prune(snap *scorch.IndexSnapshot) {
	live := map[any]bool{}
	for _, ss := range snap.Segments() {
		live[ss.Segment()] = true
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for seg := range m.bySeg {
		if !live[seg] {
			delete(m.bySeg, seg)
		}
	}
}

// textMatches runs a text query and returns the facts rows of the
// matching comments and, when scored, each one's relevance.
func (ix *Index) textMatches(ctx context.Context, q *parsedQuery, v *facts.View, scored bool) (facts.Rows, []facts.Scored, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return facts.Rows{}, nil, fmt.Errorf("search %q: %w", ix.dir, err)
	}
	reader, err := adv.Reader()
	if err != nil {
		return facts.Rows{}, nil, fmt.Errorf("search %q: %w", ix.dir, err)
	}
	defer reader.Close()
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return facts.Rows{}, nil, fmt.Errorf("search %q: unexpected index reader %T", ix.dir, reader)
	}
	maps, offsets, err := ix.rowMaps.segmentRows(snap, v)
	if err != nil {
		return facts.Rows{}, nil, fmt.Errorf("search %q: %w", ix.dir, err)
	}
	opts := search.SearcherOptions{Score: "none"}
	if scored {
		opts.Score = ""
	}
	q.bind(v, ix.rowMaps)
	searcher, err := q.bleve.Searcher(ctx, reader, ix.bi.Mapping(), opts)
	if err != nil {
		return facts.Rows{}, nil, err
	}
	defer searcher.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0)}

	rows := facts.NewRows(v.Rows())
	var scores []facts.Scored
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return facts.Rows{}, nil, fmt.Errorf("search: %w", ctx.Err())
		}
		dm, err := searcher.Next(sctx)
		if err != nil {
			return facts.Rows{}, nil, err
		}
		if dm == nil {
			break
		}
		row := rowOf(dm.IndexInternalID, maps, offsets)
		if row != noRow {
			rows.Set(row)
			if scored {
				scores = append(scores, facts.Scored{Row: row, Score: dm.Score})
			}
		}
		sctx.DocumentMatchPool.Put(dm)
	}
	return rows, scores, nil
}

// rowOf maps a bleve internal id (a global document number) to its row.
func rowOf(id bleveindex.IndexInternalID, maps []*rowMap, offsets []uint64) uint32 {
	if len(id) != 8 {
		return noRow
	}
	num := binary.BigEndian.Uint64(id)
	i := sort.Search(len(offsets), func(i int) bool { return offsets[i] > num }) - 1
	if i < 0 {
		return noRow
	}
	local := num - offsets[i]
	if local >= uint64(len(maps[i].rows)) {
		return noRow
	}
	return maps[i].rows[local]
}
