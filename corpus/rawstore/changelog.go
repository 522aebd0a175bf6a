package rawstore

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/feedbackd/feedbackd/corpus"
)

// scanChunk is how many entries a streaming read takes per read
// transaction. Callbacks run between transactions, so a slow consumer (the
// index) never holds a transaction open: long bbolt read transactions block
// the writer when the file has to grow.
const scanChunk = 512

// Get returns the stored comment with id; a missing one is ErrNotFound.
func (s *Store) Get(ctx context.Context, id string) (*corpus.Comment, error) {
	var c *corpus.Comment
	err := s.view(ctx, func(tx *bolt.Tx) error {
		v := bucket(tx, bucketComments).Get([]byte(id))
		if v == nil {
			return fmt.Errorf("comment %q: %w", id, ErrNotFound)
		}
		var err error
		c, _, err = decodeRecord(v)
		if err != nil {
			return fmt.Errorf("comment %q: %w", id, err)
		}
		return nil
	})
	return c, err
}

// Since calls fn, in seq order, for every comment whose change-log seq is
// greater than after: the comments inserted or retagged since the index
// last caught up. A comment appears once, at its latest seq. Comments
// committed while Since runs may be included. It stops at the first error
// from fn and returns it.
//
// Since(ctx, 0, fn) streams the whole store with bounded memory.
func (s *Store) Since(ctx context.Context, after uint64, fn func(seq uint64, c *corpus.Comment) error) error {
	type entry struct {
		seq uint64
		c   *corpus.Comment
	}
	page := make([]entry, 0, scanChunk)
	for chunk := 1; ; chunk++ {
		if chunk%releaseEvery == 0 {
			s.releaseMapped()
		}
		page = page[:0]
		err := s.view(ctx, func(tx *bolt.Tx) error {
			comments := bucket(tx, bucketComments)
			c := bucket(tx, bucketLog).Cursor()
			for k, id := c.Seek(seqKey(after + 1)); k != nil && len(page) < scanChunk; k, id = c.Next() {
				v := comments.Get(id)
				if v == nil {
					return fmt.Errorf("log seq %d names comment %q, which is missing", keySeq(k), id)
				}
				cm, _, err := decodeRecord(v)
				if err != nil {
					return fmt.Errorf("comment %q: %w", id, err)
				}
				page = append(page, entry{keySeq(k), cm})
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("read change log after seq %d: %w", after, err)
		}
		for _, e := range page {
			if err := fn(e.seq, e.c); err != nil {
				return err
			}
			after = e.seq
		}
		if len(page) < scanChunk {
			return nil
		}
	}
}
