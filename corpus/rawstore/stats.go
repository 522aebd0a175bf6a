package rawstore

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Counter names in the stats bucket. The counts are kept up to date by the
// transactions that change them, so Stats never scans the store.
const (
	statComments    = "comments"
	statQuarantined = "quarantined"
	statSourcePre   = "source:"
)

// sourceStat is the counter of one source's comments.
func sourceStat(source string) string { return statSourcePre + source }

// Stats are the store's counts.
type Stats struct {
	Comments    uint64            `json:"comments"`
	PerSource   map[string]uint64 `json:"per_source"`
	Quarantined uint64            `json:"quarantined"`
	// LastSeq is the newest change-log seq (see Store.LastSeq).
	LastSeq uint64 `json:"last_seq"`
	// FileBytes is the size of the bbolt file; it never shrinks (compact
	// offline with `bbolt compact`).
	FileBytes int64 `json:"file_bytes"`
}

// Stats returns the store's counts.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{PerSource: map[string]uint64{}}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		st.LastSeq = bucket(tx, bucketLog).Sequence()
		return bucket(tx, bucketStats).ForEach(func(k, v []byte) error {
			n := decodeCount(v)
			switch name := string(k); {
			case name == statComments:
				st.Comments = n
			case name == statQuarantined:
				st.Quarantined = n
			case strings.HasPrefix(name, statSourcePre):
				st.PerSource[strings.TrimPrefix(name, statSourcePre)] = n
			}
			return nil
		})
	})
	if err != nil {
		return Stats{}, fmt.Errorf("read raw store stats: %w", err)
	}
	if fi, err := os.Stat(s.path); err == nil {
		st.FileBytes = fi.Size()
	}
	return st, nil
}

// LastSeq returns the newest change-log seq: every insert and every retag
// takes the next one, so an index that has applied everything up to
// LastSeq is complete.
func (s *Store) LastSeq(ctx context.Context) (uint64, error) {
	var seq uint64
	err := s.view(ctx, func(tx *bolt.Tx) error {
		seq = bucket(tx, bucketLog).Sequence()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read last seq: %w", err)
	}
	return seq, nil
}

// writer is one write transaction's buckets and pending counter changes,
// applied once by flush rather than per record.
type writer struct {
	tx         *bolt.Tx
	comments   *bolt.Bucket
	log        *bolt.Bucket
	quarantine *bolt.Bucket
	quarKeys   *bolt.Bucket
	deltas     map[string]int64
}

// newWriter opens the buckets of tx.
func newWriter(tx *bolt.Tx) *writer {
	return &writer{
		tx:         tx,
		comments:   bucket(tx, bucketComments),
		log:        bucket(tx, bucketLog),
		quarantine: bucket(tx, bucketQuarantine),
		quarKeys:   bucket(tx, bucketQuarKeys),
		deltas:     map[string]int64{},
	}
}

// add changes a counter by d when the transaction flushes.
func (w *writer) add(name string, d int64) { w.deltas[name] += d }

// flush writes the counter changes.
func (w *writer) flush() error {
	b := bucket(w.tx, bucketStats)
	for name, d := range w.deltas {
		if d == 0 {
			continue
		}
		n := int64(decodeCount(b.Get([]byte(name)))) + d
		if n < 0 {
			n = 0
		}
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], uint64(n))
		if err := b.Put([]byte(name), v[:]); err != nil {
			return fmt.Errorf("update counter %s: %w", name, err)
		}
	}
	return nil
}

// decodeCount reads a counter value; a missing one is zero.
func decodeCount(v []byte) uint64 {
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}
