// Package folder is the drop-folder source: it watches a folder for survey
// exports (.csv, .tsv, .json, .jsonl/.ndjson), streams each file into the
// ingest sink in checkpointed batches, and moves it to processed/ once
// every row is durably stored, or to failed/ with a .error file when it
// cannot be read at all. Rows that cannot become comments are passed on as
// rejects with the file, line and reason, never dropped.
package folder

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
)

// Source watches one drop folder. Create it with New, start it with Open
// and stop it with Close; Poll and Ingest drive it by hand.
type Source struct {
	cfg  Config
	m    *mapper
	sink corpus.Sink
	cps  Checkpoints
	log  zerolog.Logger
	now  func() time.Time

	mu   sync.Mutex          // serialises Poll and Ingest
	seen map[string]fileSeen // stability tracking by file name
	stop context.CancelFunc
	done chan struct{}
}

// fileSeen is a file's size and modification time when first seen so.
type fileSeen struct {
	size  int64
	mtime time.Time
	since time.Time
}

// New validates cfg and returns a source that commits to sink and resumes
// from checkpoints read from cps (nil: always read files from the start).
func New(cfg Config, sink corpus.Sink, cps Checkpoints, log zerolog.Logger) (*Source, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("folder source %q: %w", cfg.Name, err)
	}
	m, err := newMapper(&cfg)
	if err != nil {
		return nil, fmt.Errorf("folder source %q: %w", cfg.Name, err)
	}
	return &Source{
		cfg:  cfg,
		m:    m,
		sink: sink,
		cps:  cps,
		log:  log.With().Str("source", cfg.Name).Logger(),
		now:  time.Now,
		seen: map[string]fileSeen{},
	}, nil
}

// Name returns the source's name.
func (s *Source) Name() string { return s.cfg.Name }

// formats lists the formats the source accepts.
func (s *Source) formats() []string {
	if len(s.cfg.Formats) == 0 {
		return allFormats()
	}
	return s.cfg.Formats
}

// Open creates the drop folder and its subfolders and starts polling until
// Close. The first poll runs at once.
func (s *Source) Open(ctx context.Context) error {
	for _, d := range []string{s.cfg.Path, filepath.Join(s.cfg.Path, ProcessedDir), filepath.Join(s.cfg.Path, FailedDir)} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("folder source %q: create %s: %w", s.cfg.Name, d, err)
		}
	}
	ctx, s.stop = context.WithCancel(ctx)
	s.done = make(chan struct{})
	go s.loop(ctx)
	return nil
}

// Close stops polling and waits for the file in hand: reading stops after
// the batch being committed, whose checkpoint lets the next start resume.
func (s *Source) Close() error {
	if s.stop == nil {
		return nil
	}
	s.stop()
	<-s.done
	return nil
}

// loop polls on a ticker until ctx is done.
func (s *Source) loop(ctx context.Context) {
	defer close(s.done)
	t := time.NewTicker(s.cfg.PollInterval)
	defer t.Stop()
	for {
		if err := s.Poll(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn().Err(err).Msg("poll")
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Poll lists the drop folder once and processes, oldest first, every file
// whose size and modification time have stayed the same for stable_for.
// Files named *.part, *.tmp or starting with a dot are never read, so
// writing under such a name and renaming is always safe. It returns the
// first error that stopped it (a sink or checkpoint store failure); the
// file concerned is retried on the next poll.
func (s *Source) Poll(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ready, err := s.readyFiles()
	if err != nil {
		return err
	}
	for _, name := range ready {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.process(ctx, filepath.Join(s.cfg.Path, name)); err != nil {
			return err
		}
		delete(s.seen, name)
	}
	return nil
}

// readyFiles lists the candidate files, updates their stability and
// returns those that are ready, oldest first.
func (s *Source) readyFiles() ([]string, error) {
	entries, err := os.ReadDir(s.cfg.Path)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", s.cfg.Path, err)
	}
	now := s.now()
	type cand struct {
		name  string
		mtime time.Time
	}
	var ready []cand
	present := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || ignored(name) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // gone since the listing
		}
		present[name] = true
		prev, ok := s.seen[name]
		if !ok || prev.size != info.Size() || !prev.mtime.Equal(info.ModTime()) {
			prev = fileSeen{size: info.Size(), mtime: info.ModTime(), since: now}
			s.seen[name] = prev
		}
		if now.Sub(prev.since) >= s.cfg.StableFor {
			ready = append(ready, cand{name, info.ModTime()})
		}
	}
	for name := range s.seen {
		if !present[name] {
			delete(s.seen, name)
		}
	}
	slices.SortFunc(ready, func(a, b cand) int {
		if c := a.mtime.Compare(b.mtime); c != 0 {
			return c
		}
		return strings.Compare(a.name, b.name)
	})
	names := make([]string, len(ready))
	for i, c := range ready {
		names[i] = c.name
	}
	return names, nil
}

// ignored reports whether a file name is one a writer is still using.
func ignored(name string) bool {
	lower := strings.ToLower(name)
	return strings.HasPrefix(name, ".") || strings.HasSuffix(lower, ".part") || strings.HasSuffix(lower, ".tmp") ||
		strings.HasSuffix(lower, ".error")
}

// process ingests one file of the drop folder and moves it to processed/
// or failed/, logging one line for it.
func (s *Source) process(ctx context.Context, path string) error {
	name := filepath.Base(path)
	st, err := s.ingest(ctx, path)
	var bad *badFileError
	switch {
	case errors.As(err, &bad):
		dst, ferr := s.fail(path, err)
		if ferr != nil {
			return fmt.Errorf("file %s: %w (while failing it: %w)", name, ferr, err)
		}
		s.log.Warn().Str("file", name).Str("moved_to", dst).Str("reason", err.Error()).Int64("rows", st.Rows).Msg("file cannot be read; moved to failed/")
		return nil
	case err != nil:
		return fmt.Errorf("file %s: %w", name, err)
	}
	dst, err := moveTo(path, filepath.Join(s.cfg.Path, ProcessedDir))
	if err != nil {
		return err
	}
	if d, ok := s.cps.(checkpointDeleter); ok {
		if err := d.DeleteCheckpoint(ctx, s.cfg.Name, name); err != nil {
			s.log.Warn().Str("file", name).Err(err).Msg("delete checkpoint of processed file")
		}
	}
	s.logStats(st, dst)
	return nil
}

// logStats logs the one line a processed file gets.
func (s *Source) logStats(st FileStats, dst string) {
	rate := 0.0
	if st.Elapsed > 0 {
		rate = float64(st.Rows) / st.Elapsed.Seconds()
	}
	s.log.Info().Str("file", st.File).Str("moved_to", dst).
		Int64("rows", st.Rows).Int64("accepted", st.Accepted).Int64("duplicates", st.Duplicates).Int64("rejected", st.Rejected).
		Int64("bytes", st.Bytes).Bool("resumed", st.Resumed).Bool("already_done", st.AlreadyDone).Dur("elapsed", st.Elapsed).Float64("rows_per_s", rate).
		Strs("absent_columns", st.Absent).
		Msg("file ingested")
}

// Ingest reads one file anywhere on disk through the sink, with the same
// batching and checkpoints as the drop folder but without waiting for it
// to be stable or moving it (`feedbackd ingest FILE...`). A file that
// cannot be read at all returns an error saying why.
func (s *Source) Ingest(ctx context.Context, path string) (FileStats, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ingest(ctx, path)
}
