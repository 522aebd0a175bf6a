package rawstore

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/feedbackd/feedbackd/corpus"
)

// Quarantine entries are stored under their seq as the reject's identity
// hash (hashLen bytes) followed by the reject as JSON. Their ids are "q-"
// and the seq in decimal.
const quarantinePrefix = "q-"

// quarantineID formats a quarantine seq as an id.
func quarantineID(seq uint64) string { return quarantinePrefix + strconv.FormatUint(seq, 10) }

// parseQuarantineID is the inverse of quarantineID.
func parseQuarantineID(id string) (uint64, error) {
	n, err := strconv.ParseUint(strings.TrimPrefix(id, quarantinePrefix), 10, 64)
	if err != nil || !strings.HasPrefix(id, quarantinePrefix) || n == 0 {
		return 0, fmt.Errorf("quarantine id %q: want q-<number>: %w", id, ErrNotFound)
	}
	return n, nil
}

// rejectHash identifies a reject by where it came from, why and what it
// was, so the same reject committed twice is stored once.
func rejectHash(r *corpus.Reject) [hashLen]byte {
	h := sha256.New()
	for _, s := range []string{r.Source, r.File, strconv.FormatInt(r.Line, 10), r.Reason} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	h.Write(r.Raw)
	var out [hashLen]byte
	copy(out[:], h.Sum(nil))
	return out
}

// jsonMarshal is json.Marshal; named so the encoding can change in one place.
func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// putReject quarantines r (setting r.ID) unless the same reject is already
// there, and returns its id.
func (w *writer) putReject(r *corpus.Reject) (string, error) {
	hash := rejectHash(r)
	if k := w.quarKeys.Get(hash[:]); k != nil {
		r.ID = quarantineID(keySeq(k))
		return r.ID, nil
	}
	seq, err := w.quarantine.NextSequence()
	if err != nil {
		return "", fmt.Errorf("next quarantine seq: %w", err)
	}
	r.ID = quarantineID(seq)
	body, err := jsonMarshal(r)
	if err != nil {
		return "", fmt.Errorf("encode reject: %w", err)
	}
	v := make([]byte, 0, hashLen+len(body))
	v = append(append(v, hash[:]...), body...)
	if err := w.quarantine.Put(seqKey(seq), v); err != nil {
		return "", fmt.Errorf("quarantine %s: %w", r.ID, err)
	}
	if err := w.quarKeys.Put(hash[:], seqKey(seq)); err != nil {
		return "", fmt.Errorf("quarantine %s: %w", r.ID, err)
	}
	w.add(statQuarantined, 1)
	return r.ID, nil
}

// deleteQuarantine removes an entry; a missing one is ErrNotFound.
func (w *writer) deleteQuarantine(id string) error {
	seq, err := parseQuarantineID(id)
	if err != nil {
		return err
	}
	k := seqKey(seq)
	v := w.quarantine.Get(k)
	if v == nil {
		return fmt.Errorf("quarantine %s: %w", id, ErrNotFound)
	}
	if len(v) >= hashLen {
		if err := w.quarKeys.Delete(v[:hashLen]); err != nil {
			return fmt.Errorf("delete quarantine %s: %w", id, err)
		}
	}
	if err := w.quarantine.Delete(k); err != nil {
		return fmt.Errorf("delete quarantine %s: %w", id, err)
	}
	w.add(statQuarantined, -1)
	return nil
}

// decodeReject decodes a stored quarantine entry.
func decodeReject(v []byte) (corpus.Reject, error) {
	var r corpus.Reject
	if len(v) < hashLen {
		return r, fmt.Errorf("malformed quarantine entry (%d bytes)", len(v))
	}
	if err := json.Unmarshal(v[hashLen:], &r); err != nil {
		return r, fmt.Errorf("decode quarantine entry: %w", err)
	}
	return r, nil
}

// GetQuarantine returns one quarantine entry; a missing one is ErrNotFound.
func (s *Store) GetQuarantine(ctx context.Context, id string) (corpus.Reject, error) {
	seq, err := parseQuarantineID(id)
	if err != nil {
		return corpus.Reject{}, err
	}
	var r corpus.Reject
	err = s.view(ctx, func(tx *bolt.Tx) error {
		v := bucket(tx, bucketQuarantine).Get(seqKey(seq))
		if v == nil {
			return fmt.Errorf("quarantine %s: %w", id, ErrNotFound)
		}
		r, err = decodeReject(v)
		return err
	})
	return r, err
}

// ListQuarantine calls fn for every quarantine entry after the entry with
// id after ("" for the start), oldest first, until fn returns an error or
// limit entries were listed (limit <= 0: no limit). It reads in short
// transactions and calls fn outside them.
func (s *Store) ListQuarantine(ctx context.Context, after string, limit int, fn func(corpus.Reject) error) error {
	var from uint64
	if after != "" {
		n, err := parseQuarantineID(after)
		if err != nil {
			return err
		}
		from = n
	}
	listed := 0
	for {
		var page []corpus.Reject
		err := s.view(ctx, func(tx *bolt.Tx) error {
			c := bucket(tx, bucketQuarantine).Cursor()
			for k, v := c.Seek(seqKey(from + 1)); k != nil && len(page) < scanChunk; k, v = c.Next() {
				r, err := decodeReject(v)
				if err != nil {
					return fmt.Errorf("quarantine %s: %w", quarantineID(keySeq(k)), err)
				}
				page = append(page, r)
				from = keySeq(k)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("list quarantine: %w", err)
		}
		for _, r := range page {
			if limit > 0 && listed >= limit {
				return nil
			}
			if err := fn(r); err != nil {
				return err
			}
			listed++
		}
		if len(page) < scanChunk {
			return nil
		}
	}
}

// DeleteQuarantine removes quarantine entries in one transaction; if any is
// missing nothing is deleted and the error wraps ErrNotFound.
func (s *Store) DeleteQuarantine(ctx context.Context, ids ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		w := newWriter(tx)
		for _, id := range ids {
			if err := w.deleteQuarantine(id); err != nil {
				return err
			}
		}
		return w.flush()
	})
}
