// Package rawstore is feedbackd's source of truth: a bbolt file holding every
// stored comment, a change log the search index replays, the sources'
// checkpoints, the quarantine of rejected records, running counts and the
// saved searches of the API (searches.go) and the scheduled digests' state
// (digests.go).
//
// Each Commit is one fsync'd bbolt transaction, so a batch of comments and
// the checkpoint that follows them are stored together or not at all. The
// bleve index is derived from this store and can always be rebuilt from it.
package rawstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	boltErrors "go.etcd.io/bbolt/errors"

	"github.com/feedbackd/feedbackd/corpus"
)

// Sentinel errors.
var (
	// ErrLocked means another process (or another Store in this one) holds
	// the file. Open returns it after its timeout instead of hanging.
	ErrLocked = errors.New("raw store is locked by another process")
	// ErrNotFound means no comment or quarantine entry has the given id.
	ErrNotFound = errors.New("not found")
)

// DefaultTimeout is how long Open waits for the file lock when given none.
const DefaultTimeout = time.Second

// formatVersion is written into the meta bucket of a new store; Open
// refuses a store written in a format it does not know.
const formatVersion = "1"

// Bucket names.
const (
	bucketMeta        = "meta"
	bucketComments    = "comments"    // id → record (see record.go)
	bucketLog         = "log"         // seq (8 bytes, big-endian) → id
	bucketCheckpoints = "checkpoints" // source \x00 key → value
	bucketQuarantine  = "quarantine"  // seq (8 bytes) → entry
	bucketQuarKeys    = "quarkeys"    // hash of a reject → quarantine seq
	bucketStats       = "stats"       // counter name → uint64
)

// bucket returns a bucket that initBuckets created.
func bucket(tx *bolt.Tx, name string) *bolt.Bucket { return tx.Bucket([]byte(name)) }

// Store is an open raw store. Its methods are safe for concurrent use;
// bbolt serialises writers and lets readers run alongside them.
type Store struct {
	db   *bolt.DB
	path string

	// MaxRaw caps the raw record of a quarantine entry (corpus.MaxRaw by
	// default). Set it before the first Commit.
	MaxRaw int
	// Now returns the current time (time.Now by default); tests replace it.
	Now func() time.Time
}

// Open opens or creates the store at path, waiting at most timeout for the
// file lock (DefaultTimeout when timeout <= 0). If another process holds the
// file it fails with an error wrapping ErrLocked.
func Open(path string, timeout time.Duration) (*Store, error) {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open raw store %q: %w", path, err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      timeout,
		FreelistType: bolt.FreelistMapType,
	})
	if errors.Is(err, boltErrors.ErrTimeout) {
		return nil, fmt.Errorf("open raw store %q: %w (waited %s; is another feedbackd using this data directory?)",
			path, ErrLocked, timeout)
	}
	if err != nil {
		return nil, fmt.Errorf("open raw store %q: %w", path, err)
	}
	if err := db.Update(initBuckets); err != nil {
		db.Close()
		return nil, fmt.Errorf("open raw store %q: %w", path, err)
	}
	return &Store{db: db, path: path, MaxRaw: corpus.MaxRaw, Now: time.Now}, nil
}

// initBuckets creates the buckets of a new store and checks the format of
// an existing one.
func initBuckets(tx *bolt.Tx) error {
	for _, name := range []string{bucketMeta, bucketComments, bucketLog,
		bucketCheckpoints, bucketQuarantine, bucketQuarKeys, bucketStats, bucketDigests} {
		if _, err := tx.CreateBucketIfNotExists([]byte(name)); err != nil {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	meta := bucket(tx, bucketMeta)
	switch v := meta.Get([]byte("format")); {
	case v == nil:
		return meta.Put([]byte("format"), []byte(formatVersion))
	case string(v) != formatVersion:
		return fmt.Errorf("store format %q, this build reads %q", v, formatVersion)
	}
	return nil
}

// Path returns the file the store was opened from.
func (s *Store) Path() string { return s.path }

// Close closes the file and releases its lock.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close raw store %q: %w", s.path, err)
	}
	return nil
}

// view runs fn in a read transaction after checking ctx.
func (s *Store) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(fn)
}
