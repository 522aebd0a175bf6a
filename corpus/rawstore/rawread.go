package rawstore

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// RawEntry is one change-log entry with the stored comment as JSON (the
// corpus.Comment encoding), for readers that decode only what they need.
type RawEntry struct {
	Seq  uint64
	JSON []byte
}

// SinceRaw is Since without decoding: it calls fn, in seq order, with
// chunks of the comments whose change-log seq is in (after, upTo]
// (upTo 0 means no upper bound). Each chunk and its bytes are fn's to
// keep: they are copied out of the read transaction, so fn may hand them
// to other goroutines. Exporters use it to decode in parallel with a
// leaner decoder than encoding/json, which is several times slower than
// bbolt here.
func (s *Store) SinceRaw(ctx context.Context, after, upTo uint64, fn func(chunk []RawEntry) error) error {
	for n := 1; ; n++ {
		if n%releaseEvery == 0 {
			s.releaseMapped()
		}
		var (
			chunk = make([]RawEntry, 0, scanChunk)
			size  int
			arena []byte
		)
		err := s.view(ctx, func(tx *bolt.Tx) error {
			// One cursor for all the lookups: Bucket.Get allocates a
			// cursor and its stack per call.
			comments := bucket(tx, bucketComments).Cursor()
			c := bucket(tx, bucketLog).Cursor()
			var bodies [][]byte
			for k, id := c.Seek(seqKey(after + 1)); k != nil && len(chunk) < scanChunk; k, id = c.Next() {
				seq := keySeq(k)
				if upTo > 0 && seq > upTo {
					break
				}
				k2, v := comments.Seek(id)
				if v == nil || !bytes.Equal(k2, id) {
					return fmt.Errorf("log seq %d names comment %q, which is missing", seq, id)
				}
				_, _, body, err := parseRecord(v)
				if err != nil {
					return fmt.Errorf("comment %q: %w", id, err)
				}
				chunk = append(chunk, RawEntry{Seq: seq})
				bodies = append(bodies, body)
				size += len(body)
			}
			// One allocation per chunk for all the bodies.
			arena = make([]byte, 0, size)
			for i, b := range bodies {
				start := len(arena)
				arena = append(arena, b...)
				chunk[i].JSON = arena[start:len(arena):len(arena)]
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("read change log after seq %d: %w", after, err)
		}
		if len(chunk) == 0 {
			return nil
		}
		if err := fn(chunk); err != nil {
			return err
		}
		after = chunk[len(chunk)-1].Seq
		if len(chunk) < scanChunk {
			return nil
		}
	}
}

// GetRaw returns the stored comment with id as JSON and its change-log
// seq; a missing one is ErrNotFound.
func (s *Store) GetRaw(ctx context.Context, id string) (RawEntry, error) {
	var e RawEntry
	err := s.view(ctx, func(tx *bolt.Tx) error {
		v := bucket(tx, bucketComments).Get([]byte(id))
		if v == nil {
			return fmt.Errorf("comment %q: %w", id, ErrNotFound)
		}
		seq, _, body, err := parseRecord(v)
		if err != nil {
			return fmt.Errorf("comment %q: %w", id, err)
		}
		e = RawEntry{Seq: seq, JSON: append([]byte(nil), body...)}
		return nil
	})
	return e, err
}
