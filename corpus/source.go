package corpus

import (
	"context"
	"time"
)

// Record is one item read from a source: a parsed comment, or a rejection
// that says why the item could not become one. Sources never drop an item:
// whatever they cannot parse becomes a Reject.
type Record struct {
	Comment *Comment // nil when Reject is set
	Reject  *Reject
	// File and Line say where the item was read (optional). They are copied
	// into the quarantine entry if the comment is rejected later, by
	// validation or as a duplicate id with different content.
	File string
	Line int64
}

// Reject is an input item that could not be stored as a comment. Rejects go
// to the quarantine, where `feedbackd quarantine list|show|retry` finds them.
type Reject struct {
	ID     string    `json:"id"` // assigned by the store
	Source string    `json:"source"`
	File   string    `json:"file,omitempty"` // file name for folder sources
	Line   int64     `json:"line,omitempty"` // 1-based line or record number
	Raw    []byte    `json:"raw"`            // the raw record as read (PII-redacted)
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
	// Truncated is set when Raw was cut to the quarantine's size limit;
	// RawSize is then the original size in bytes. File and Line still find
	// the whole record.
	Truncated bool  `json:"truncated,omitempty"`
	RawSize   int64 `json:"raw_size,omitempty"`
}

// Checkpoint is how far a source has read. It is stored in the same
// transaction as the comments read up to it, so after a crash the source
// resumes exactly where its last stored batch ended.
type Checkpoint struct {
	Source string `json:"source"`
	Key    string `json:"key"`   // what is being read: a file name, "cursor"
	Value  string `json:"value"` // how far: a byte offset, a cursor or page token
}

// Batch is a group of records committed together with the checkpoint that
// follows them.
type Batch struct {
	Source     string
	Records    []Record
	Checkpoint *Checkpoint // nil when the source has no position to save
	// Resolves lists quarantine ids this batch supersedes (`quarantine
	// retry`): they are deleted in the same transaction that stores the
	// batch, so a retried record is never both stored and quarantined.
	Resolves []string
}

// Outcome is what became of one record of a batch.
type Outcome string

// Outcomes.
const (
	Accepted  Outcome = "accepted"
	Duplicate Outcome = "duplicate"
	Rejected  Outcome = "rejected"
)

// ItemResult reports one record's outcome, in batch order.
type ItemResult struct {
	ID      string  `json:"id,omitempty"` // the comment id, when there is one
	Outcome Outcome `json:"status"`
	Reason  string  `json:"reason,omitempty"`
	// QuarantineID names the quarantine entry of a rejected record.
	QuarantineID string `json:"quarantine_id,omitempty"`
	// Seq is the change-log seq an accepted comment got (not sent to
	// clients).
	Seq uint64 `json:"-"`
}

// Sink takes batches from sources. Commit returns only once the batch and
// its checkpoint are durably stored, so a source may acknowledge its input
// (move a file, reply to a webhook, advance a cursor) as soon as it returns.
type Sink interface {
	Commit(ctx context.Context, b Batch) ([]ItemResult, error)
}
