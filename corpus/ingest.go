package corpus

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus/redact"
)

// Tagger tags a comment: it sets c.Tags from c.Text(), the audience and the
// metadata. cmd/feedbackd implements it with the classifier. It must be
// safe for concurrent use.
type Tagger interface {
	Tag(c *Comment)
}

// Redactor removes personal data from a text and reports the kinds it
// removed; *redact.Redactor implements it.
type Redactor interface {
	Redact(s string) (string, []string)
}

// Store is the durable raw store the pipeline commits to;
// *rawstore.Store implements it. Commit must store the batch, its
// checkpoint and its quarantine entries in one durable transaction.
type Store interface {
	Commit(ctx context.Context, b Batch) ([]ItemResult, error)
}

// PipelineConfig tunes a Pipeline. The zero value is usable.
type PipelineConfig struct {
	// Redactor redacts every text field, metadata value and quarantined
	// raw record. Nil means the built-in kinds (e-mail, phone, card, IBAN).
	Redactor Redactor
	// Workers is how many goroutines redact and tag a large batch (all
	// cores when 0); ParallelMin is the batch size below which the calling
	// goroutine does it alone (64 when 0).
	Workers     int
	ParallelMin int
	// Yield, when set, is called by all tagging workers but one between
	// chunks of records; it blocks while interactive requests (searches)
	// should have the cores. See forEach.
	Yield func()
	// MaxTextBytes rejects comments whose text fields together are longer
	// (64 KiB when 0). MaxRaw caps quarantined raw records (MaxRaw when 0).
	MaxTextBytes int
	MaxRaw       int
	// Notify is called after a commit that stored comments, with those
	// comments and their change-log seqs in seq order; typically
	// Indexer.Committed. It must not block.
	Notify func([]Committed)
	// Logger gets one line per batch: at info for batches of LogMin
	// records or more (100 when 0), at debug for smaller ones, so a webhook
	// posting single comments does not log one line per comment.
	Logger zerolog.Logger
	LogMin int
	// Now returns the current time (time.Now when nil).
	Now func() time.Time
}

// Pipeline is the Sink that sources commit to: it validates, redacts and
// tags each batch, commits it to the raw store with its checkpoint in one
// transaction, and then tells the indexer. It is safe for concurrent use
// by several sources.
type Pipeline struct {
	store   Store
	tagger  Tagger
	cfg     PipelineConfig
	metrics pipelineCounters
}

// NewPipeline returns a pipeline committing to store and tagging with
// tagger (nil: comments are stored untagged).
func NewPipeline(store Store, tagger Tagger, cfg PipelineConfig) *Pipeline {
	if cfg.Redactor == nil {
		cfg.Redactor = redact.Default()
	}
	if cfg.ParallelMin <= 0 {
		cfg.ParallelMin = 64
	}
	if cfg.MaxTextBytes <= 0 {
		cfg.MaxTextBytes = 64 << 10
	}
	if cfg.MaxRaw <= 0 {
		cfg.MaxRaw = MaxRaw
	}
	if cfg.LogMin <= 0 {
		cfg.LogMin = 100
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Pipeline{store: store, tagger: tagger, cfg: cfg}
}

// Commit implements Sink. It modifies the batch's comments in place
// (redaction, received time, tags) and returns once the batch and its
// checkpoint are durably stored, with one result per record in order. A
// comment that fails validation is quarantined and reported as Rejected
// with its id; nothing is dropped.
func (p *Pipeline) Commit(ctx context.Context, b Batch) ([]ItemResult, error) {
	start := time.Now()
	now := p.cfg.Now().UTC()
	prep := make([]prepared, len(b.Records))
	forEach(len(b.Records), p.cfg.Workers, p.cfg.ParallelMin, p.cfg.Yield, func(i int) {
		prep[i] = p.prepare(b.Records[i], b.Source, now)
	})
	prepTook := time.Since(start)
	out := Batch{Source: b.Source, Records: make([]Record, len(prep)), Checkpoint: b.Checkpoint, Resolves: b.Resolves}
	var tagged int
	var tagTime time.Duration
	for i, pr := range prep {
		out.Records[i] = pr.rec
		if pr.rec.Comment != nil && p.tagger != nil {
			tagged++
			tagTime += pr.tagged
		}
	}

	commitStart := time.Now()
	res, err := p.store.Commit(ctx, out)
	commitTook := time.Since(commitStart)
	if err != nil {
		return nil, fmt.Errorf("ingest batch from %q: %w", b.Source, err)
	}
	var n outcomeCounts
	for i := range res {
		if res[i].ID == "" {
			res[i].ID = prep[i].id
		}
		n.add(res[i].Outcome)
	}
	p.metrics.record(n, tagged, tagTime, commitTook)
	if n.accepted > 0 && p.cfg.Notify != nil {
		p.cfg.Notify(committed(out.Records, res))
	}

	ev := p.cfg.Logger.Debug()
	if len(b.Records) >= p.cfg.LogMin {
		ev = p.cfg.Logger.Info()
	}
	took := time.Since(start)
	ev.Str("source", b.Source).
		Int("records", len(b.Records)).
		Int("accepted", n.accepted).
		Int("duplicates", n.duplicates).
		Int("rejected", n.rejected).
		Dur("prepare", prepTook).
		Dur("commit", commitTook).
		Float64("rate", rate(len(b.Records), took)).
		Msg("batch stored")
	return res, nil
}

// rate is items per second, rounded.
func rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(int64(float64(n)/d.Seconds()*10)) / 10
}

// committed returns the comments of a batch the store accepted, with
// their seqs, in seq order.
func committed(recs []Record, res []ItemResult) []Committed {
	var out []Committed
	for i := range res {
		if res[i].Outcome == Accepted && res[i].Seq != 0 && recs[i].Comment != nil {
			out = append(out, Committed{Seq: res[i].Seq, Comment: recs[i].Comment})
		}
	}
	slices.SortFunc(out, func(a, b Committed) int { return cmp.Compare(a.Seq, b.Seq) })
	return out
}
