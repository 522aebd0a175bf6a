package rawstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketDigests holds the state of the scheduled digests: one nested
// bucket per digest name, itself holding "runs" (period key → DigestRun
// as JSON) and "history" (seq, 8 bytes big-endian → DigestEvent as
// JSON). It lives beside the comments so a digest's "already sent" record
// is as durable, and backed up, as what it summarises.
const bucketDigests = "digests"

// Nested bucket names under a digest's bucket.
const (
	digestRuns    = "runs"
	digestHistory = "history"
)

// DigestRun is what is known of one digest for one period: which channels
// it was, or is being, delivered to. The digest package gives the
// statuses their meaning; the store keeps them as given.
type DigestRun struct {
	// Period is the period's key, unique per digest.
	Period string `json:"period"`
	// At is the schedule activation (or the --at time) the run was for.
	At time.Time `json:"at"`
	// Channels maps a channel name to its delivery state.
	Channels map[string]DigestChannel `json:"channels,omitempty"`
	// Done means every channel was handled (sent or given up on), or
	// the run was skipped; a run not done is resumed at start.
	Done bool `json:"done"`
	// Skipped says why nothing was sent (e.g. too little data), if so.
	Skipped string `json:"skipped,omitempty"`
}

// DigestChannel is one channel's delivery state for one period.
type DigestChannel struct {
	Status   string    `json:"status"`
	Attempts int       `json:"attempts"`
	Error    string    `json:"error,omitempty"`
	At       time.Time `json:"at"`
}

// DigestEvent is one line of a digest's delivery history: an attempt
// on a channel, or a period skipped.
type DigestEvent struct {
	Seq     uint64    `json:"seq"`
	At      time.Time `json:"at"`
	Period  string    `json:"period"`
	Channel string    `json:"channel,omitempty"`
	Attempt int       `json:"attempt,omitempty"`
	Outcome string    `json:"outcome"`
	Error   string    `json:"error,omitempty"`
}

// DigestRun returns the run of digest name for period; ok is false when
// there is none.
func (s *Store) DigestRun(ctx context.Context, name, period string) (r DigestRun, ok bool, err error) {
	err = s.view(ctx, func(tx *bolt.Tx) error {
		runs := digestBucket(tx, name, digestRuns)
		if runs == nil {
			return nil
		}
		v := runs.Get([]byte(period))
		if v == nil {
			return nil
		}
		ok = true
		return decodeDigestRun(name, v, &r)
	})
	return r, ok, err
}

// LastDigestRun returns the run of digest name with the latest At; ok is
// false before its first run.
func (s *Store) LastDigestRun(ctx context.Context, name string) (last DigestRun, ok bool, err error) {
	err = s.view(ctx, func(tx *bolt.Tx) error {
		runs := digestBucket(tx, name, digestRuns)
		if runs == nil {
			return nil
		}
		return runs.ForEach(func(_, v []byte) error {
			var r DigestRun
			if err := decodeDigestRun(name, v, &r); err != nil {
				return err
			}
			if !ok || r.At.After(last.At) {
				last, ok = r, true
			}
			return nil
		})
	})
	return last, ok, err
}

// PutDigestRun stores r as digest name's run for r.Period and appends
// events to its history, in one fsync'd transaction; each event's Seq is
// set from the history's sequence.
func (s *Store) PutDigestRun(ctx context.Context, name string, r DigestRun, events ...DigestEvent) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if name == "" || r.Period == "" {
		return fmt.Errorf("digest run: name and period are required")
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		d, err := bucket(tx, bucketDigests).CreateBucketIfNotExists([]byte(name))
		if err != nil {
			return fmt.Errorf("digest %q: %w", name, err)
		}
		runs, err := d.CreateBucketIfNotExists([]byte(digestRuns))
		if err != nil {
			return fmt.Errorf("digest %q: %w", name, err)
		}
		hist, err := d.CreateBucketIfNotExists([]byte(digestHistory))
		if err != nil {
			return fmt.Errorf("digest %q: %w", name, err)
		}
		v, err := json.Marshal(r)
		if err != nil {
			return fmt.Errorf("digest %q: %w", name, err)
		}
		if err := runs.Put([]byte(r.Period), v); err != nil {
			return fmt.Errorf("digest %q: %w", name, err)
		}
		for _, e := range events {
			if e.Seq, err = hist.NextSequence(); err != nil {
				return fmt.Errorf("digest %q: %w", name, err)
			}
			ev, err := json.Marshal(e)
			if err != nil {
				return fmt.Errorf("digest %q: %w", name, err)
			}
			if err := hist.Put(binary.BigEndian.AppendUint64(nil, e.Seq), ev); err != nil {
				return fmt.Errorf("digest %q: %w", name, err)
			}
		}
		return nil
	})
}

// DigestHistory returns the last limit events of digest name's history,
// oldest first (all of them when limit <= 0).
func (s *Store) DigestHistory(ctx context.Context, name string, limit int) ([]DigestEvent, error) {
	var out []DigestEvent
	err := s.view(ctx, func(tx *bolt.Tx) error {
		hist := digestBucket(tx, name, digestHistory)
		if hist == nil {
			return nil
		}
		c := hist.Cursor()
		for k, v := c.Last(); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Prev() {
			var e DigestEvent
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("digest %q: history %x: %w", name, k, err)
			}
			out = append(out, e)
		}
		return nil
	})
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

// digestBucket returns the nested bucket sub of digest name, or nil.
func digestBucket(tx *bolt.Tx, name, sub string) *bolt.Bucket {
	d := bucket(tx, bucketDigests)
	if d == nil {
		return nil
	}
	if d = d.Bucket([]byte(name)); d == nil {
		return nil
	}
	return d.Bucket([]byte(sub))
}

func decodeDigestRun(name string, v []byte, r *DigestRun) error {
	if err := json.Unmarshal(v, r); err != nil {
		return fmt.Errorf("digest %q: stored run: %w", name, err)
	}
	return nil
}
