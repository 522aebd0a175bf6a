package folder

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/corpus"
)

// Subfolders of the drop folder.
const (
	ProcessedDir = "processed"
	FailedDir    = "failed"
)

// batchBytes bounds the input bytes behind one batch, so a batch of long
// comments does not hold batch_size megabytes.
const batchBytes = 16 << 20

// FileStats is what reading one file did.
type FileStats struct {
	File       string
	Rows       int64 // items read in this run (records, not lines)
	Accepted   int64
	Duplicates int64
	Rejected   int64
	Bytes      int64
	Resumed    bool // reading resumed from a checkpoint
	// AlreadyDone is set when a checkpoint says the file was fully
	// committed before (a crash came between that and the move).
	AlreadyDone bool
	Elapsed     time.Duration
	// Absent lists mapped optional columns the file's header lacks (a CSV
	// export without a csat column): those fields stay empty.
	Absent []string
}

// ingest reads a file from its checkpoint to its end through the sink. It
// returns a *badFileError when the file cannot be read at all; other
// errors (the sink's, the checkpoint store's, I/O) leave the file where it
// is to be retried.
func (s *Source) ingest(ctx context.Context, path string) (st FileStats, err error) {
	name := filepath.Base(path)
	st.File = name
	start := time.Now()
	defer func() { st.Elapsed = time.Since(start) }()
	format := formatOf(name)
	if format == "" || !s.cfg.accepts(format) {
		return st, badFile("unsupported file type %q; this source accepts %s", filepath.Ext(name), strings.Join(s.formats(), ", "))
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrPermission) {
			return st, &badFileError{err}
		}
		return st, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return st, fmt.Errorf("stat: %w", err)
	}
	id, err := fileIdentity(f, info.Size())
	if err != nil {
		return st, err
	}
	state := fileState{id: id}
	if s.cps != nil {
		v, ok, err := s.cps.Checkpoint(ctx, s.cfg.Name, name)
		if err != nil {
			return st, err
		}
		if ok {
			prev, err := parseFileState(v)
			switch {
			case err != nil:
				s.log.Warn().Str("file", name).Err(err).Msg("ignoring unreadable checkpoint; reading the file from the start")
			case prev.id != id:
				s.log.Info().Str("file", name).Msg("checkpoint belongs to an earlier file of the same name; reading from the start")
			case prev.done:
				st.AlreadyDone = true
				return st, nil
			default:
				state = prev
				st.Resumed = true
			}
		}
	}
	fc := &fileContext{m: s.m, source: s.cfg.Name, name: name, mtime: info.ModTime().UTC(), now: s.now}
	r, err := openReader(f, format, &s.cfg, fc, state.pos)
	if err != nil {
		return st, err
	}
	st.Absent = fc.absent
	if info.Size() == 0 {
		s.log.Info().Str("file", name).Msg("empty file: no rows")
	}
	for {
		recs, n, eof, err := s.readBatch(ctx, r)
		if err != nil {
			return st, err
		}
		state.pos, state.done = r.pos(), eof
		res, err := s.sink.Commit(ctx, corpus.Batch{
			Source:     s.cfg.Name,
			Records:    recs,
			Checkpoint: &corpus.Checkpoint{Source: s.cfg.Name, Key: name, Value: state.String()},
		})
		if err != nil {
			return st, fmt.Errorf("commit %s at line %d: %w", name, state.pos.line, err)
		}
		st.Rows += int64(len(recs))
		st.Bytes += n
		st.count(recs, res)
		if eof {
			return st, nil
		}
	}
}

// readBatch reads up to a batch of records; eof is true when the file has
// no more.
func (s *Source) readBatch(ctx context.Context, r itemReader) (recs []corpus.Record, n int64, eof bool, err error) {
	if err := ctx.Err(); err != nil {
		return nil, 0, false, err
	}
	for len(recs) < s.cfg.BatchSize && n < batchBytes {
		rec, size, err := r.next()
		if errors.Is(err, io.EOF) {
			return recs, n, true, nil
		}
		if err != nil {
			return nil, 0, false, err
		}
		recs = append(recs, rec)
		n += size
	}
	return recs, n, false, nil
}

// count adds a batch's outcomes to the stats.
func (st *FileStats) count(recs []corpus.Record, res []corpus.ItemResult) {
	if len(res) != len(recs) {
		for _, r := range recs {
			if r.Reject != nil {
				st.Rejected++
			} else {
				st.Accepted++
			}
		}
		return
	}
	for _, r := range res {
		switch r.Outcome {
		case corpus.Accepted:
			st.Accepted++
		case corpus.Duplicate:
			st.Duplicates++
		case corpus.Rejected:
			st.Rejected++
		}
	}
}

// moveTo moves a file into a subfolder of the drop folder under a name
// that no file there has yet ("export.csv", then "export.1.csv", ...), so
// nothing is ever overwritten. It returns the new path.
func moveTo(path, dir string, reserved ...string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	name := filepath.Base(path)
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 0; ; i++ {
		cand := name
		if i > 0 {
			cand = fmt.Sprintf("%s.%d%s", stem, i, ext)
		}
		dst := filepath.Join(dir, cand)
		if exists(dst) || anyExists(dst, reserved) {
			continue
		}
		if err := os.Rename(path, dst); err != nil {
			return "", fmt.Errorf("move %s to %s: %w", name, dir, err)
		}
		return dst, nil
	}
}

// exists reports whether a path exists (or cannot be checked).
func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

// anyExists reports whether path+suffix exists for any suffix.
func anyExists(path string, suffixes []string) bool {
	for _, s := range suffixes {
		if exists(path + s) {
			return true
		}
	}
	return false
}

// fail moves a file that cannot be read to failed/ and writes the reason
// to a .error file beside it.
func (s *Source) fail(path string, cause error) (string, error) {
	dir := filepath.Join(s.cfg.Path, FailedDir)
	dst, err := moveTo(path, dir, ".error")
	if err != nil {
		return "", err
	}
	msg := fmt.Sprintf("%s\nsource: %s\nfile: %s\nfailed at: %s\n", cause, s.cfg.Name, filepath.Base(path), s.now().UTC().Format(time.RFC3339))
	if err := os.WriteFile(dst+".error", []byte(msg), 0o644); err != nil {
		return dst, fmt.Errorf("write %s.error: %w", filepath.Base(dst), err)
	}
	return dst, nil
}
