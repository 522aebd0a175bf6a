package rawstore

import (
	"bytes"
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/feedbackd/feedbackd/corpus"
)

// MaxIDLen is the longest comment id the store accepts; longer ids are
// quarantined (bbolt keys are limited, and such an id is junk anyway).
const MaxIDLen = 512

// Reasons the store gives in item results and quarantine entries.
const (
	ReasonAlreadyStored = "already stored"
	ReasonConflict      = "duplicate id with different content"
)

// Commit stores a batch in one fsync'd transaction: every comment, every
// reject and the checkpoint are written together or not at all, and the
// quarantine entries named in b.Resolves are deleted. It returns one result
// per record, in order.
//
// A comment whose id is already stored with the same content is a
// Duplicate and changes nothing. One whose id is stored with different
// content is quarantined with ReasonConflict, so nothing is silently lost.
// Each new comment gets the next change-log seq. Rejects go to the
// quarantine; the same reject (source, file, line, reason and raw record)
// committed twice, e.g. re-read after a crash, is stored once.
//
// Commit neither validates, redacts nor tags: corpus.Pipeline does that
// before it calls Commit.
func (s *Store) Commit(ctx context.Context, b corpus.Batch) ([]corpus.ItemResult, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// Encode outside the write transaction, which only one goroutine can
	// hold at a time.
	enc := make([]encodedComment, len(b.Records))
	recs := make([]corpus.Record, len(b.Records))
	copy(recs, b.Records)
	for i := range recs {
		r := &recs[i]
		if c := r.Comment; c != nil {
			if reason := checkID(c.ID); reason != "" {
				r.Reject = s.rejectComment(c, r, reason)
				r.Comment = nil
				continue
			}
			e, err := encodeComment(c)
			if err != nil {
				return nil, fmt.Errorf("commit batch from %q: %w", b.Source, err)
			}
			enc[i] = e
			continue
		}
		if r.Reject == nil {
			return nil, fmt.Errorf("commit batch from %q: record %d has neither comment nor reject", b.Source, i)
		}
		rj := *r.Reject // never modify the caller's reject
		if rj.Source == "" {
			rj.Source = b.Source
		}
		if rj.At.IsZero() {
			rj.At = s.Now().UTC()
		}
		rj.Truncate(s.MaxRaw)
		r.Reject = &rj
	}

	results := make([]corpus.ItemResult, len(recs))
	err := s.db.Update(func(tx *bolt.Tx) error {
		w := newWriter(tx)
		for i := range recs {
			res, err := s.commitRecord(w, &recs[i], enc[i])
			if err != nil {
				return fmt.Errorf("record %d: %w", i, err)
			}
			results[i] = res
		}
		if cp := b.Checkpoint; cp != nil {
			if err := bucket(tx, bucketCheckpoints).Put(checkpointKey(cp.Source, cp.Key), []byte(cp.Value)); err != nil {
				return fmt.Errorf("checkpoint %s/%s: %w", cp.Source, cp.Key, err)
			}
		}
		for _, id := range b.Resolves {
			if err := w.deleteQuarantine(id); err != nil {
				return err
			}
		}
		return w.flush()
	})
	if err != nil {
		return nil, fmt.Errorf("commit batch of %d records from %q: %w", len(recs), b.Source, err)
	}
	return results, nil
}

// commitRecord writes one record inside the batch's transaction.
func (s *Store) commitRecord(w *writer, r *corpus.Record, e encodedComment) (corpus.ItemResult, error) {
	if r.Reject != nil {
		qid, err := w.putReject(r.Reject)
		if err != nil {
			return corpus.ItemResult{}, err
		}
		return corpus.ItemResult{Outcome: corpus.Rejected, Reason: r.Reject.Reason, QuarantineID: qid}, nil
	}
	c := r.Comment
	id := []byte(c.ID)
	if old := w.comments.Get(id); old != nil {
		_, hash, _, err := parseRecord(old)
		if err != nil {
			return corpus.ItemResult{}, fmt.Errorf("comment %s: %w", c.ID, err)
		}
		if bytes.Equal(hash, e.hash[:]) {
			return corpus.ItemResult{ID: c.ID, Outcome: corpus.Duplicate, Reason: ReasonAlreadyStored}, nil
		}
		rj := s.rejectComment(c, r, fmt.Sprintf("%s: comment %q is already stored with other content", ReasonConflict, c.ID))
		qid, err := w.putReject(rj)
		if err != nil {
			return corpus.ItemResult{}, err
		}
		return corpus.ItemResult{ID: c.ID, Outcome: corpus.Rejected, Reason: rj.Reason, QuarantineID: qid}, nil
	}
	seq, err := w.log.NextSequence()
	if err != nil {
		return corpus.ItemResult{}, fmt.Errorf("next seq: %w", err)
	}
	if err := w.comments.Put(id, e.record(seq)); err != nil {
		return corpus.ItemResult{}, fmt.Errorf("put comment %s: %w", c.ID, err)
	}
	if err := w.log.Put(seqKey(seq), id); err != nil {
		return corpus.ItemResult{}, fmt.Errorf("log comment %s: %w", c.ID, err)
	}
	w.add(statComments, 1)
	w.add(sourceStat(c.Source), 1)
	return corpus.ItemResult{ID: c.ID, Outcome: corpus.Accepted, Seq: seq}, nil
}

// checkID returns why an id cannot be stored, or "".
func checkID(id string) string {
	switch {
	case id == "":
		return "comment has no id"
	case len(id) > MaxIDLen:
		return fmt.Sprintf("comment id is %d bytes, over the %d-byte limit", len(id), MaxIDLen)
	}
	return ""
}

// rejectComment turns a comment that cannot be stored into a quarantine
// entry holding the comment as JSON.
func (s *Store) rejectComment(c *corpus.Comment, r *corpus.Record, reason string) *corpus.Reject {
	raw, err := jsonMarshal(c)
	if err != nil {
		raw = []byte(fmt.Sprintf("%+v", *c))
	}
	rj := &corpus.Reject{Source: c.Source, File: r.File, Line: r.Line, Raw: raw, Reason: reason, At: s.Now().UTC()}
	rj.Truncate(s.MaxRaw)
	return rj
}

// checkpointKey is the checkpoints bucket key of a source's key.
func checkpointKey(source, key string) []byte {
	return []byte(source + "\x00" + key)
}

// Checkpoint returns the value last committed for source and key, and
// whether there is one.
func (s *Store) Checkpoint(ctx context.Context, source, key string) (string, bool, error) {
	var v []byte
	err := s.view(ctx, func(tx *bolt.Tx) error {
		if b := bucket(tx, bucketCheckpoints).Get(checkpointKey(source, key)); b != nil {
			v = bytes.Clone(b)
		}
		return nil
	})
	if err != nil {
		return "", false, fmt.Errorf("read checkpoint %s/%s: %w", source, key, err)
	}
	return string(v), v != nil, nil
}

// DeleteCheckpoint removes a checkpoint a source no longer needs, such as
// the offset of a file moved to processed/.
func (s *Store) DeleteCheckpoint(ctx context.Context, source, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.Update(func(tx *bolt.Tx) error {
		return bucket(tx, bucketCheckpoints).Delete(checkpointKey(source, key))
	})
	if err != nil {
		return fmt.Errorf("delete checkpoint %s/%s: %w", source, key, err)
	}
	return nil
}
