package rawstore

import (
	bolt "go.etcd.io/bbolt"
)

// releaseEvery is how many change-log chunks a streaming read takes
// between two releases of the file's mapped pages (about 16,000 comments).
const releaseEvery = 32

// releaseMapped drops the pages of the memory-mapped file from the
// process's resident set. bbolt reads through a shared, read-only mapping,
// so every page a reader touched stays resident until the mapping is
// replaced: streaming the whole change log into the index would otherwise
// make the resident set grow with the file (840 MB of raw.db resident
// after indexing 1,000,000 comments). The page cache keeps the data; a
// later read faults the page back in.
//
// It runs inside a read transaction, which holds bbolt's mmap lock, so
// the mapping cannot be replaced while it is being released.
func (s *Store) releaseMapped() {
	_ = s.db.View(func(tx *bolt.Tx) error {
		adviseDontNeed(s.db.Info().Data, tx.Size())
		return nil
	})
}
