package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/feedbackd/feedbackd/index/facts"
)

// schemaKey holds the mapping version and time zone the index was built
// with, written in the index's internal key space.
const schemaKey = "feedbackd/schema"

// schema is the value stored under schemaKey.
func (o Options) schema() string {
	return fmt.Sprintf("mapping=%d zone=%s", mappingVersion, o.Location.String())
}

// Open opens the index in dir, creating it when dir is missing or empty.
//
// It returns an error wrapping ErrLocked when another process holds dir
// for longer than opts.LockTimeout, and one wrapping ErrCorrupt when dir
// holds something that is not a complete index of this version (including
// ErrStale: another mapping version or time zone). On ErrCorrupt the
// caller should log it, call OpenFresh and replay the raw store.
func Open(dir string, opts Options) (*Index, error) {
	opts = opts.withDefaults()
	empty, err := isEmptyDir(dir)
	if err != nil {
		return nil, fmt.Errorf("open index %q: %w", dir, err)
	}
	if empty {
		ix, err := create(dir, opts)
		if !errors.Is(err, bleve.ErrorIndexPathExists) {
			return ix, err
		}
		// Another process created it first: open theirs (and most likely
		// fail with ErrLocked).
	}
	return open(dir, opts)
}

// OpenFresh removes whatever is in dir (see Remove) and creates an empty
// index there.
func OpenFresh(dir string, opts Options) (*Index, error) {
	opts = opts.withDefaults()
	if err := Remove(dir, opts.LockTimeout); err != nil {
		return nil, err
	}
	return create(dir, opts)
}

// Remove deletes the index in dir so it can be rebuilt. It refuses when
// another process holds the index (ErrLocked) and when dir holds files
// that are not part of a bleve index, so a wrong path cannot delete
// unrelated data. A missing dir is not an error.
func Remove(dir string, lockTimeout time.Duration) error {
	if dir == "" || filepath.Clean(dir) == string(filepath.Separator) {
		return fmt.Errorf("remove index: refusing to remove %q", dir)
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("remove index %q: %w", dir, err)
	}
	for _, e := range entries {
		switch e.Name() {
		case "index_meta.json", "index_meta.json_temp", "store", factsFile:
		default:
			if strings.HasPrefix(e.Name(), factsFile+".tmp-") {
				continue
			}
			return fmt.Errorf("remove index %q: refusing: %q is not part of an index", dir, e.Name())
		}
	}
	if err := checkUnlocked(dir, lockTimeout); err != nil {
		return fmt.Errorf("remove index %q: %w", dir, err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("remove index %q: %w", dir, err)
	}
	return nil
}

// checkUnlocked returns ErrLocked when another process holds the index's
// root bolt file. Any other failure to open it (garbage, missing) means
// nobody holds it.
func checkUnlocked(dir string, timeout time.Duration) error {
	p := filepath.Join(dir, "store", "root.bolt")
	if _, err := os.Stat(p); err != nil {
		return nil
	}
	db, err := bolt.Open(p, 0o600, &bolt.Options{Timeout: timeout, ReadOnly: true})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return ErrLocked
	}
	if err == nil {
		_ = db.Close()
	}
	return nil
}

func isEmptyDir(dir string) (bool, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return len(entries) == 0, nil
}

// maxSegmentDocs is the most documents a merge puts in one segment.
const maxSegmentDocs = 200_000

func runtimeConfig(opts Options) map[string]any {
	// numPersisterWorkers stays at its default of 1: more has corrupted
	// indexes (blevesearch/bleve#2324, #2363).
	return map[string]any{
		"bolt_timeout": opts.LockTimeout.String(),
		// A merge maps and reads every segment it merges, and they stay
		// resident until it ends: with bleve's default ceiling of 5,000,000
		// documents the last merges of a 1,000,000-comment ingest held
		// hundreds of MB of segment files resident at once. Segments stop
		// growing at maxSegmentDocs instead (a search visits a few more).
		"scorchMergePlanOptions": map[string]any{"MaxSegmentSize": maxSegmentDocs},
	}
}

func create(dir string, opts Options) (*Index, error) {
	bi, err := bleve.NewUsing(dir, newMapping(), scorch.Name, scorch.Name, runtimeConfig(opts))
	if errors.Is(err, bleve.ErrorIndexPathExists) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("create index %q: %w", dir, err)
	}
	if err := bi.SetInternal([]byte(schemaKey), []byte(opts.schema())); err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("create index %q: %w", dir, err)
	}
	return &Index{dir: dir, opts: opts, bi: bi, created: true,
		facts: facts.New(opts.Location), rowMaps: newRowMaps(), lastSave: time.Now()}, nil
}

func open(dir string, opts Options) (ix *Index, err error) {
	// A damaged segment can make the decoder panic; that is corruption too.
	defer func() {
		if r := recover(); r != nil {
			ix, err = nil, fmt.Errorf("open index %q: %w: panic: %v", dir, ErrCorrupt, r)
		}
	}()
	bi, err := bleve.OpenUsing(dir, runtimeConfig(opts))
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open index %q: %w (waited %s)", dir, ErrLocked, opts.LockTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("open index %q: %w: %w", dir, ErrCorrupt, err)
	}
	ix = &Index{dir: dir, opts: opts, bi: bi}
	if err := ix.checkSchema(); err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("open index %q: %w", dir, err)
	}
	if ix.marker, err = ix.readMarker(); err != nil {
		_ = bi.Close()
		return nil, fmt.Errorf("open index %q: %w: %w", dir, ErrCorrupt, err)
	}
	ix.rowMaps, ix.lastSave = newRowMaps(), time.Now()
	ix.facts, err = facts.Load(ix.factsPath(), opts.Location)
	if err != nil {
		ix.facts, ix.factsNote = facts.New(opts.Location), err.Error()
	}
	return ix, nil
}

func (ix *Index) checkSchema() error {
	got, err := ix.bi.GetInternal([]byte(schemaKey))
	if err != nil {
		return fmt.Errorf("%w: read schema: %w", ErrCorrupt, err)
	}
	if want := ix.opts.schema(); string(got) != want {
		if got == nil {
			got = []byte("none")
		}
		return fmt.Errorf("%w: %w: built with %s, this feedbackd needs %s", ErrCorrupt, ErrStale, got, want)
	}
	return nil
}
