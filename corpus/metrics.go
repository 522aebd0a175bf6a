package corpus

import (
	"sync/atomic"
	"time"
)

// PipelineMetrics is a snapshot of a Pipeline's counters since it was
// created; cmd/feedbackd renders them as Prometheus text.
type PipelineMetrics struct {
	Batches    uint64 `json:"batches"`
	Ingested   uint64 `json:"ingested"` // comments stored
	Duplicates uint64 `json:"duplicates"`
	Rejected   uint64 `json:"rejected"` // records quarantined
	// Tagged comments and the total time tagging them took (a summary:
	// TagSeconds/Tagged is the mean latency per comment).
	Tagged     uint64  `json:"tagged"`
	TagSeconds float64 `json:"tag_seconds"`
	// CommitSeconds is the total time spent in the store's fsync'd commits.
	CommitSeconds float64 `json:"commit_seconds"`
}

// IndexerMetrics is a snapshot of an Indexer's counters.
type IndexerMetrics struct {
	Indexed      uint64  `json:"indexed"` // comments applied to the index
	Batches      uint64  `json:"batches"`
	IndexSeconds float64 `json:"index_seconds"` // total time in Index.Apply
	IndexedUpTo  uint64  `json:"indexed_up_to"`
	LastSeq      uint64  `json:"last_seq"` // newest change-log seq seen
	// Lag is LastSeq - IndexedUpTo: change-log entries (new or retagged
	// comments) not yet searchable.
	Lag uint64 `json:"lag"`
	// Errors counts failed Apply calls; LastError is the latest one.
	Errors    uint64 `json:"errors"`
	LastError string `json:"last_error,omitempty"`
}

// outcomeCounts counts a batch's results.
type outcomeCounts struct{ accepted, duplicates, rejected int }

// add counts one outcome.
func (n *outcomeCounts) add(o Outcome) {
	switch o {
	case Accepted:
		n.accepted++
	case Duplicate:
		n.duplicates++
	case Rejected:
		n.rejected++
	}
}

// pipelineCounters are a Pipeline's live counters.
type pipelineCounters struct {
	batches, ingested, duplicates, rejected, tagged atomic.Uint64
	tagNanos, commitNanos                           atomic.Int64
}

// record adds one batch.
func (m *pipelineCounters) record(n outcomeCounts, tagged int, tag, commit time.Duration) {
	m.batches.Add(1)
	m.ingested.Add(uint64(n.accepted))
	m.duplicates.Add(uint64(n.duplicates))
	m.rejected.Add(uint64(n.rejected))
	m.tagged.Add(uint64(tagged))
	m.tagNanos.Add(int64(tag))
	m.commitNanos.Add(int64(commit))
}

// Metrics returns a snapshot of the pipeline's counters.
func (p *Pipeline) Metrics() PipelineMetrics {
	m := &p.metrics
	return PipelineMetrics{
		Batches:       m.batches.Load(),
		Ingested:      m.ingested.Load(),
		Duplicates:    m.duplicates.Load(),
		Rejected:      m.rejected.Load(),
		Tagged:        m.tagged.Load(),
		TagSeconds:    time.Duration(m.tagNanos.Load()).Seconds(),
		CommitSeconds: time.Duration(m.commitNanos.Load()).Seconds(),
	}
}
