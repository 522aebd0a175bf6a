package export

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/feedbackd/feedbackd/corpus/rawstore"
	"github.com/feedbackd/feedbackd/index"
)

// Store is what an export reads of the raw store.
type Store interface {
	SinceRaw(ctx context.Context, after, upTo uint64, fn func(chunk []rawstore.RawEntry) error) error
	GetRaw(ctx context.Context, id string) (rawstore.RawEntry, error)
	LastSeq(ctx context.Context) (uint64, error)
}

// Searcher is what an export with a full-text query reads of the index.
type Searcher interface {
	Search(ctx context.Context, q index.Query) (*index.Results, error)
	IndexedUpTo() (uint64, error)
}

// ErrNoIndex means a request has a full-text query but the exporter has
// no index to run it on.
var ErrNoIndex = errors.New("a full-text query (q) needs the search index")

// Exporter runs exports over a raw store and, for full-text queries, the
// search index.
type Exporter struct {
	Store Store
	// Index runs full-text queries; nil refuses them with ErrNoIndex.
	Index Searcher
	// Workers decode stored comments in parallel (0: one per CPU).
	Workers int
}

// Job is a prepared export: Next is known before the first row is
// written, so the API can send it as a header.
type Job struct {
	x    *Exporter
	req  Request
	upTo uint64
	// Next is the cursor to pass as since_cursor to the next incremental
	// export: everything up to it is covered by this one.
	Next Cursor
}

// Stats is what an export wrote.
type Stats struct {
	Comments int // comments selected
	Rows     int // rows written (long: one per comment and touchpoint)
}

// Prepare fixes the change-log range of the export: (req.After, Next].
// Comments added or retagged after Prepare are left for the next run.
// With a full-text query, Next stops at what the index has applied, so a
// comment not yet searchable is not skipped for good.
func (x *Exporter) Prepare(ctx context.Context, req Request) (*Job, error) {
	if req.Query.Q != "" && x.Index == nil {
		return nil, ErrNoIndex
	}
	last, err := x.Store.LastSeq(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare export: %w", err)
	}
	upTo := last
	if req.Query.Q != "" {
		indexed, err := x.Index.IndexedUpTo()
		if err != nil {
			return nil, fmt.Errorf("prepare export: %w", err)
		}
		upTo = min(upTo, indexed)
		// Check the query before anything is written: a mistake in it
		// is an *index.QueryError the API answers with 400.
		check := req.Query
		check.Sort, check.Size, check.After, check.Facets = index.Oldest, 0, "", index.FacetRequest{}
		if _, err := x.Index.Search(ctx, check); err != nil {
			return nil, err
		}
	}
	if upTo < uint64(req.After) {
		// A cursor from the future (another data dir, or a store restored
		// from an older backup): export nothing and keep the cursor.
		upTo = uint64(req.After)
	}
	return &Job{x: x, req: req, upTo: upTo, Next: Cursor(upTo)}, nil
}

// rowWriter is one format's writer.
type rowWriter interface {
	WriteRow(r *Row) error
	Close() error
}

func newRowWriter(w io.Writer, f Format, s Shape) (rowWriter, error) {
	switch f {
	case NDJSON:
		return newNDJSONWriter(w, s), nil
	case Parquet:
		return newParquetWriter(w, s), nil
	default:
		return newCSVWriter(w, s)
	}
}

// WriteTo writes the export to w and closes the format (CSV and NDJSON
// flush, Parquet writes its footer); it does not close w. Memory stays
// bounded whatever the row count.
func (j *Job) WriteTo(ctx context.Context, w io.Writer) (Stats, error) {
	rw, err := newRowWriter(w, j.req.Format, j.req.Shape)
	if err != nil {
		return Stats{}, err
	}
	var st Stats
	emit := func(r *Row) error {
		st.Comments++
		if j.req.Shape == Long && len(r.Touchpoints) > 1 {
			st.Rows += len(r.Touchpoints)
		} else {
			st.Rows++
		}
		return rw.WriteRow(r)
	}
	if j.req.Query.Q != "" {
		err = j.search(ctx, emit)
	} else {
		bw, _ := rw.(byteWriter)
		err = j.stream(ctx, emit, bw, &st)
	}
	if err != nil {
		return st, err
	}
	if err := rw.Close(); err != nil {
		return st, err
	}
	return st, nil
}

// searchPage is how many ids a full-text export asks the index for at a
// time.
const searchPage = index.MaxSize

// search pages through the index's hits with search-after and writes the
// stored version of each hit whose seq is in the job's range.
func (j *Job) search(ctx context.Context, emit func(*Row) error) error {
	q := j.req.Query
	q.Sort, q.Size, q.After, q.Facets = index.Oldest, searchPage, "", index.FacetRequest{}
	var row Row
	for {
		res, err := j.x.Index.Search(ctx, q)
		if err != nil {
			return fmt.Errorf("export search: %w", err)
		}
		for _, h := range res.Hits {
			e, err := j.x.Store.GetRaw(ctx, h.ID)
			if errors.Is(err, rawstore.ErrNotFound) {
				continue
			}
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			if e.Seq <= uint64(j.req.After) || e.Seq > j.upTo {
				continue
			}
			row = Row{} // a writer may keep the last row's slices
			if err := decodeRow(e.Seq, string(e.JSON), &row); err != nil {
				return fmt.Errorf("export: decode comment %s: %w", h.ID, err)
			}
			if !j.req.match(&row) {
				continue
			}
			if err := emit(&row); err != nil {
				return err
			}
		}
		if res.Next == "" {
			return nil
		}
		q.After = res.Next
	}
}
