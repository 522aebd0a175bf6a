package rawstore

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/feedbackd/feedbackd/corpus"
)

// retagChunk is how many comments Retag hands fn at a time and writes per
// transaction.
const retagChunk = 1024

// Retag streams every stored comment through fn, chunk by chunk in id
// order, and writes back the comments fn changed: each changed comment
// takes a new change-log seq (its old entry is removed), so an index
// following the log picks the new tags up. fn may modify the comments in
// place, typically their Tags; a comment whose JSON is byte-for-byte the
// same afterwards is not written. Reading, fn and writing each happen
// outside the others' transactions, so ingest goes on during a retag; a
// comment changed by another writer meanwhile is left alone.
//
// It returns how many comments were written.
func (s *Store) Retag(ctx context.Context, fn func(ctx context.Context, cs []*corpus.Comment) error) (int, error) {
	var (
		last    []byte // id of the last comment read
		written int
	)
	type item struct {
		c    *corpus.Comment
		seq  uint64
		json []byte
	}
	for {
		var page []item
		err := s.view(ctx, func(tx *bolt.Tx) error {
			c := bucket(tx, bucketComments).Cursor()
			k, v := c.First()
			if last != nil {
				k, v = c.Seek(last)
				if k != nil && bytes.Equal(k, last) {
					k, v = c.Next()
				}
			}
			for ; k != nil && len(page) < retagChunk; k, v = c.Next() {
				seq, _, body, err := parseRecord(v)
				if err != nil {
					return fmt.Errorf("comment %q: %w", k, err)
				}
				cm, _, err := decodeRecord(v)
				if err != nil {
					return fmt.Errorf("comment %q: %w", k, err)
				}
				page = append(page, item{cm, seq, bytes.Clone(body)})
				last = bytes.Clone(k)
			}
			return nil
		})
		if err != nil {
			return written, fmt.Errorf("retag: read comments: %w", err)
		}
		if len(page) == 0 {
			return written, nil
		}
		cs := make([]*corpus.Comment, len(page))
		for i := range page {
			cs[i] = page[i].c
		}
		if err := fn(ctx, cs); err != nil {
			return written, fmt.Errorf("retag: %w", err)
		}
		var changed []int
		encs := make([]encodedComment, len(page))
		for i, it := range page {
			e, err := encodeComment(it.c)
			if err != nil {
				return written, fmt.Errorf("retag: %w", err)
			}
			if !bytes.Equal(e.json, it.json) {
				encs[i] = e
				changed = append(changed, i)
			}
		}
		if len(changed) > 0 {
			if err := ctx.Err(); err != nil {
				return written, err
			}
			err = s.db.Update(func(tx *bolt.Tx) error {
				w := newWriter(tx)
				for _, i := range changed {
					ok, err := w.rewrite(page[i].c.ID, page[i].seq, encs[i])
					if err != nil {
						return err
					}
					if ok {
						written++
					}
				}
				return nil
			})
			if err != nil {
				return written, fmt.Errorf("retag: write comments: %w", err)
			}
		}
		if len(page) < retagChunk {
			return written, nil
		}
	}
}

// rewrite replaces a comment that is still at seq with e under a new seq,
// moving its change-log entry. It reports false if the comment changed or
// went away since it was read.
func (w *writer) rewrite(id string, seq uint64, e encodedComment) (bool, error) {
	old := w.comments.Get([]byte(id))
	if old == nil {
		return false, nil
	}
	cur, _, _, err := parseRecord(old)
	if err != nil || cur != seq {
		return false, err
	}
	next, err := w.log.NextSequence()
	if err != nil {
		return false, fmt.Errorf("next seq: %w", err)
	}
	if err := w.log.Delete(seqKey(seq)); err != nil {
		return false, fmt.Errorf("unlog comment %s: %w", id, err)
	}
	if err := w.log.Put(seqKey(next), []byte(id)); err != nil {
		return false, fmt.Errorf("log comment %s: %w", id, err)
	}
	if err := w.comments.Put([]byte(id), e.record(next)); err != nil {
		return false, fmt.Errorf("put comment %s: %w", id, err)
	}
	return true, nil
}
