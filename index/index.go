// Package index makes stored comments searchable. It is the only package
// that imports bleve: it owns the mapping, turns corpus.Comment values into
// bleve documents, keeps an "indexed up to" marker in the same batches as
// the documents, and answers searches with filters, facets, highlighting
// and search-after paging. No bleve type appears in its API.
//
// The index is derived data: the raw store is the source of truth. When
// Open returns ErrCorrupt the caller drops the index with OpenFresh and
// replays the raw store into it.
package index

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/feedbackd/feedbackd/index/facts"
)

// Sentinel errors returned by Open.
var (
	// ErrLocked means another process holds the index directory.
	ErrLocked = errors.New("index is locked: another feedbackd is using the data dir")
	// ErrCorrupt means the index directory exists but cannot be opened as
	// this version's index. Rebuild it: OpenFresh, then replay.
	ErrCorrupt = errors.New("index is corrupt or incomplete")
	// ErrStale means the index was built with another mapping version or
	// time zone. Errors wrapping ErrStale also match ErrCorrupt, so a
	// caller that rebuilds on ErrCorrupt handles both.
	ErrStale = errors.New("index was built with another mapping or time zone")
)

// Options configure Open. The zero value is usable.
type Options struct {
	// LockTimeout is how long Open waits for another process to release
	// the directory before returning ErrLocked. Default 1s.
	LockTimeout time.Duration
	// Location is the time zone of the day buckets used by the date
	// histogram. It is fixed when the index is created; opening with
	// another zone returns an error wrapping ErrStale. Default UTC.
	Location *time.Location
	// MinEmployeeGroup is the anonymity threshold: a search lists or
	// counts employee comments only in groups of at least this many
	// employees (a smaller group's comments are left out of the hits and
	// total, and out of each facet value's count). 0 or 1 turns it off.
	MinEmployeeGroup int
	// RespondentField names the metadata field that identifies an
	// employee, so MinEmployeeGroup counts people, not comments; "" counts
	// each comment as an employee.
	RespondentField string
	// FactsGrown, when set, is called after an Apply that grew the facts
	// table's memory by a step (16 MiB), with its new size in bytes: the
	// daemon raises its soft memory limit by it.
	FactsGrown func(bytes int64)
}

// employeeGroups is the anonymity rule of o.
func (o Options) employeeGroups() facts.EmployeeGroups {
	return facts.EmployeeGroups{Min: o.MinEmployeeGroup, Respondent: o.RespondentField}
}

func (o Options) withDefaults() Options {
	if o.LockTimeout <= 0 {
		o.LockTimeout = time.Second
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	return o
}

// Index is an open comment index. It is safe for concurrent use: searches
// run while Apply indexes.
type Index struct {
	dir     string
	opts    Options
	bi      bleve.Index
	created bool

	mu     sync.Mutex // serialises Apply/Delete and guards marker and the save state
	marker uint64

	// facts holds the columns filters, facets and sorts read; it is saved
	// to factsFile from time to time and at Close.
	facts      *facts.Table
	factsNote  string // why the table starts empty, "" when loaded
	unsaved    int    // comments applied since the last save
	factsBytes int64  // the table's size when Options.FactsGrown was last called
	lastSave   time.Time
	rowMaps    *rowMaps
	selections selectionCache // of recent searches, for their next pages
}

// Dir returns the index directory.
func (ix *Index) Dir() string { return ix.dir }

// Created reports whether Open found no index and created an empty one,
// so the caller can log that it is building the index from the raw store.
func (ix *Index) Created() bool { return ix.created }

// FactsRebuild returns why the facts table could not be loaded from its
// snapshot and is being rebuilt from the raw store ("" when it loaded).
// The indexer's replay fills it; log the reason.
func (ix *Index) FactsRebuild() string { return ix.factsNote }

// Count returns the number of indexed comments.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count index %q: %w", ix.dir, err)
	}
	return n, nil
}

// Close saves the facts table when it changed, then flushes and closes
// the index. It waits for the batch in progress.
func (ix *Index) Close() error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	var saveErr error
	if ix.unsaved > 0 {
		saveErr = ix.saveFacts()
	}
	if err := ix.bi.Close(); err != nil {
		return fmt.Errorf("close index %q: %w", ix.dir, err)
	}
	return saveErr
}
