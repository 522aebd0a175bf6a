package corpus

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
)

// Index is the search index the Indexer keeps up to date; the index package
// implements it. Apply must store the comments (replacing any with the
// same id) and the marker upTo together, so IndexedUpTo never claims a
// comment that is not searchable.
type Index interface {
	Apply(ctx context.Context, cs []Comment, upTo uint64) error
	IndexedUpTo() (uint64, error)
}

// Log is the raw store's change log; *rawstore.Store implements it.
type Log interface {
	// Since calls fn in seq order for every comment inserted or retagged
	// after seq after.
	Since(ctx context.Context, after uint64, fn func(seq uint64, c *Comment) error) error
	// LastSeq returns the newest seq.
	LastSeq(ctx context.Context) (uint64, error)
}

// Indexer defaults.
const (
	DefaultIndexBatch = 5000
	DefaultIndexDelay = time.Second
)

// Indexer follows the raw store's change log into the search index: at
// Open it replays whatever the index is missing, then applies new commits
// in batches of up to BatchSize, waiting at most MaxDelay to fill one.
type Indexer struct {
	// BatchSize and MaxDelay; set them before Open.
	BatchSize int
	MaxDelay  time.Duration
	// Yield, when set, is called before each batch is applied; it blocks
	// (briefly) while interactive requests should have the cores.
	Yield func()

	log    Log
	index  Index
	logger zerolog.Logger
	notify chan struct{}
	fresh  *handoff

	ctx    context.Context // lifetime of the loop, from Open to Close
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu       sync.Mutex
	upTo     uint64
	progress chan struct{} // closed and replaced whenever upTo moves

	lastSeq, indexed, batches, errors atomic.Uint64
	indexNanos                        atomic.Int64
	lastErr                           atomic.Value // string
}

// NewIndexer returns an indexer from log into index with the defaults.
func NewIndexer(log Log, index Index, logger zerolog.Logger) *Indexer {
	return &Indexer{
		BatchSize: DefaultIndexBatch,
		MaxDelay:  DefaultIndexDelay,
		log:       log,
		index:     index,
		logger:    logger,
		notify:    make(chan struct{}, 1),
		fresh:     newHandoff(handoffBatches*DefaultIndexBatch, handoffMaxWait),
		progress:  make(chan struct{}),
	}
}

// handoffBatches is how many batches of just-committed comments the
// indexer keeps in memory; handoffMaxWait is the longest a commit waits
// for room there (see handoff).
const (
	handoffBatches = 4
	handoffMaxWait = 2 * time.Second
)

// errHandoff stops a log read where the handoff can take over.
var errHandoff = errors.New("handoff holds the next comments")

// Open reads the index's marker and starts the loop, which first replays
// the change log from the marker. The loop ends when ctx is cancelled or
// Close is called.
func (ix *Indexer) Open(ctx context.Context) error {
	if ix.BatchSize <= 0 {
		ix.BatchSize = DefaultIndexBatch
	}
	if ix.MaxDelay <= 0 {
		ix.MaxDelay = DefaultIndexDelay
	}
	ix.fresh.mu.Lock()
	ix.fresh.max = handoffBatches * ix.BatchSize
	ix.fresh.mu.Unlock()
	upTo, err := ix.index.IndexedUpTo()
	if err != nil {
		return fmt.Errorf("open indexer: read index marker: %w", err)
	}
	last, err := ix.log.LastSeq(ctx)
	if err != nil {
		return fmt.Errorf("open indexer: %w", err)
	}
	ix.upTo = upTo
	ix.lastSeq.Store(last)
	if last > upTo {
		ix.logger.Info().Uint64("indexed_up_to", upTo).Uint64("last_seq", last).
			Msg("index is behind the raw store; replaying")
	}
	ix.ctx, ix.cancel = context.WithCancel(ctx)
	ix.fresh.setConsuming(true)
	ix.wg.Add(1)
	go ix.loop()
	return nil
}

// Close stops the loop and waits for it: an Apply in progress completes
// and the batch in hand is flushed. The rest is replayed at the next Open.
func (ix *Indexer) Close() error {
	if ix.cancel != nil {
		ix.cancel()
	}
	ix.fresh.setConsuming(false) // commits no longer wait for this indexer
	ix.wg.Wait()
	return nil
}

// Notify tells the indexer that comments were committed. It never blocks.
func (ix *Indexer) Notify() {
	select {
	case ix.notify <- struct{}{}:
	default:
	}
}

// Committed hands the indexer comments the pipeline has just committed,
// in seq order, and notifies it. It indexes them from memory instead of
// reading them back from the raw store when they are next in line. While
// the indexer runs and is 4 batches behind, it waits (at most 2 s) for it
// to catch up: the ingest's backpressure (see handoff).
func (ix *Indexer) Committed(cs []Committed) {
	ix.fresh.add(cs)
	ix.Notify()
}

// IndexedUpTo returns the seq up to which the index is complete.
func (ix *Indexer) IndexedUpTo() uint64 {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.upTo
}

// Sync waits until everything committed before the call is indexed, or ctx
// ends. `feedbackd ingest` uses it before printing its summary.
func (ix *Indexer) Sync(ctx context.Context) error {
	target, err := ix.log.LastSeq(ctx)
	if err != nil {
		return fmt.Errorf("sync index: %w", err)
	}
	ix.Notify()
	for {
		ix.mu.Lock()
		upTo, progress := ix.upTo, ix.progress
		ix.mu.Unlock()
		if upTo >= target {
			return nil
		}
		select {
		case <-progress:
		case <-ctx.Done():
			return fmt.Errorf("sync index: indexed up to %d of %d: %w", upTo, target, ctx.Err())
		}
	}
}

// loop replays, then waits for notifications, filling batches up to
// BatchSize for at most MaxDelay, until the lifetime context ends.
func (ix *Indexer) loop() {
	defer ix.wg.Done()
	defer ix.fresh.setConsuming(false)
	ix.catchUp()
	ticker := time.NewTicker(ix.MaxDelay)
	defer ticker.Stop()
	for {
		select {
		case <-ix.ctx.Done():
			return
		case <-ticker.C:
		case <-ix.notify:
			ix.fill()
		}
		ix.catchUp()
	}
}

// fill waits, at most MaxDelay, until a full batch is waiting.
func (ix *Indexer) fill() {
	deadline := time.NewTimer(ix.MaxDelay)
	defer deadline.Stop()
	for ix.lag() < uint64(ix.BatchSize) {
		select {
		case <-ix.notify:
		case <-deadline.C:
			return
		case <-ix.ctx.Done():
			return
		}
	}
}

// lag refreshes LastSeq and returns how far the index is behind.
func (ix *Indexer) lag() uint64 {
	last, err := ix.log.LastSeq(ix.ctx)
	if err != nil {
		return 0
	}
	ix.lastSeq.Store(last)
	if up := ix.IndexedUpTo(); last > up {
		return last - up
	}
	return 0
}

// catchUp applies everything after the marker in batches. A reader
// goroutine decodes the next batch from the change log while the index
// applies the current one, so reading and indexing overlap; batches are
// applied in order by this goroutine alone, so the marker only moves
// forward over applied comments. When the lifetime context ends it stops
// reading but still applies the batch in hand; an Apply never sees a
// cancelled context.
func (ix *Indexer) catchUp() {
	ix.lag()
	applyCtx := context.WithoutCancel(ix.ctx)
	readCtx, stopReading := context.WithCancel(ix.ctx)
	defer stopReading()
	batches := make(chan logBatch, 1) // one batch read ahead
	readErr := make(chan error, 1)
	go func() {
		defer close(batches)
		readErr <- ix.read(readCtx, ix.IndexedUpTo(), batches)
	}()
	var err error
	for b := range batches {
		if err != nil {
			continue // drain: the reader stops at its next comment
		}
		if err = ix.apply(applyCtx, b); err != nil {
			stopReading()
		}
	}
	if rerr := <-readErr; err == nil && readCtx.Err() == nil {
		err = rerr
	}
	if err != nil && ix.ctx.Err() == nil {
		ix.errors.Add(1)
		ix.lastErr.Store(err.Error())
		ix.fresh.setConsuming(false) // until an apply succeeds again
		ix.logger.Error().Err(err).Uint64("indexed_up_to", ix.IndexedUpTo()).
			Msg("index update failed; retrying")
	}
}

// logBatch is a batch of comments up to seq upTo, read from the change
// log or taken from the handoff.
type logBatch struct {
	comments []Comment
	upTo     uint64
	readBack int // how many were read back from the change log
}

// read sends the comments after seq after to out in batches of up to
// BatchSize, until there are no more or ctx ends: from the handoff while
// it holds the next seq, else from the change log. The batch in hand when
// read returns is still sent: the caller applies it. Sends block; the
// caller drains out until read returns.
func (ix *Indexer) read(ctx context.Context, after uint64, out chan<- logBatch) error {
	var b logBatch
	send := func() {
		if len(b.comments) > 0 {
			out <- b
			b = logBatch{}
		}
	}
	defer send()
	for ctx.Err() == nil {
		if ix.fresh.takeInto(&b, after, ix.BatchSize) {
			after = b.upTo
			if len(b.comments) >= ix.BatchSize {
				send()
			}
			continue
		}
		last, err := ix.readLog(ctx, after, &b, send)
		if err != nil {
			return err
		}
		after = last
		if !ix.fresh.has(after + 1) {
			return nil
		}
	}
	return nil
}

// readLog adds the change log after seq after to b, sending it whenever
// it is full, until the log or ctx ends or the handoff holds the next
// seq. It returns the last seq added.
func (ix *Indexer) readLog(ctx context.Context, after uint64, b *logBatch, send func()) (uint64, error) {
	err := ix.log.Since(ctx, after, func(seq uint64, c *Comment) error {
		if b.comments == nil {
			b.comments = make([]Comment, 0, min(ix.BatchSize, 1024))
		}
		b.comments = append(b.comments, *c)
		b.upTo = seq
		b.readBack++
		after = seq
		if len(b.comments) >= ix.BatchSize {
			send()
		}
		if ix.fresh.has(seq + 1) {
			return errHandoff
		}
		return ctx.Err()
	})
	if errors.Is(err, errHandoff) {
		err = nil
	}
	return after, err
}

// apply sends one batch to the index and moves the marker.
func (ix *Indexer) apply(ctx context.Context, b logBatch) error {
	if ix.Yield != nil {
		ix.Yield()
	}
	cs, upTo := b.comments, b.upTo
	start := time.Now()
	if err := ix.index.Apply(ctx, cs, upTo); err != nil {
		return fmt.Errorf("apply %d comments up to seq %d: %w", len(cs), upTo, err)
	}
	took := time.Since(start)
	ix.mu.Lock()
	ix.upTo = upTo
	close(ix.progress)
	ix.progress = make(chan struct{})
	ix.mu.Unlock()
	ix.indexed.Add(uint64(len(cs)))
	ix.batches.Add(1)
	ix.indexNanos.Add(int64(took))
	ix.fresh.setConsuming(ix.ctx.Err() == nil)
	last := max(ix.lastSeq.Load(), upTo)
	ix.logger.Info().Int("comments", len(cs)).Uint64("indexed_up_to", upTo).
		Uint64("lag", last-upTo).Dur("took", took).Float64("rate", rate(len(cs), took)).
		Int("read_back", b.readBack).Msg("batch indexed")
	return nil
}

// Metrics returns a snapshot of the indexer's counters.
func (ix *Indexer) Metrics() IndexerMetrics {
	up := ix.IndexedUpTo()
	last := max(ix.lastSeq.Load(), up)
	m := IndexerMetrics{
		Indexed:      ix.indexed.Load(),
		Batches:      ix.batches.Load(),
		IndexSeconds: time.Duration(ix.indexNanos.Load()).Seconds(),
		IndexedUpTo:  up,
		LastSeq:      last,
		Lag:          last - up,
		Errors:       ix.errors.Load(),
	}
	if s, ok := ix.lastErr.Load().(string); ok {
		m.LastError = s
	}
	return m
}
