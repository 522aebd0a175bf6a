package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/corpus"
	"github.com/feedbackd/feedbackd/corpus/fieldmap"
	"github.com/feedbackd/feedbackd/corpus/folder"
)

// retryResult is what retrying one quarantine entry did.
type retryResult struct {
	QuarantineID string `json:"quarantine_id"`
	// Status is stored, duplicate (already stored: the entry is removed),
	// rejected (still failing; for a validation failure the entry is
	// replaced by NewQuarantineID) or skipped (cannot be re-parsed).
	Status          string `json:"status"`
	CommentID       string `json:"comment_id,omitempty"`
	Reason          string `json:"reason,omitempty"`
	NewQuarantineID string `json:"new_quarantine_id,omitempty"`
}

// retryQuarantine retries the entries ids (or all of source's when ids is
// empty), prints one line per entry and a summary, and returns exit 1 when
// any entry is still quarantined.
func retryQuarantine(ctx context.Context, e env, w *workspace, ids []string, source string, asJSON bool) (int, error) {
	if len(ids) == 0 {
		err := w.store.ListQuarantine(ctx, "", 0, func(r corpus.Reject) error {
			if source == "" || r.Source == source {
				ids = append(ids, r.ID)
			}
			return nil
		})
		if err != nil {
			return exitFail, fmt.Errorf("list: %w", err)
		}
	}
	specs, err := w.cfg.SourceSpecs()
	if err != nil {
		return exitFail, err
	}
	bySource := map[string]SourceSpec{}
	for _, s := range specs {
		bySource[s.Name] = s
	}
	results := make([]retryResult, 0, len(ids))
	for _, id := range ids {
		rj, err := w.store.GetQuarantine(ctx, id)
		if err != nil {
			return exitFail, fmt.Errorf("%s: %w", id, err)
		}
		res, err := retryOne(ctx, w.pipeline, bySource, rj)
		if err != nil {
			return exitFail, fmt.Errorf("%s: %w", id, err)
		}
		results = append(results, res)
	}
	if err := w.indexer.Sync(ctx); err != nil {
		return exitFail, fmt.Errorf("the retried comments are stored; indexing was interrupted and resumes at the next start: %w", err)
	}
	code := exitOK
	for _, r := range results {
		if r.Status == "rejected" || r.Status == "skipped" {
			code = exitFail
		}
	}
	if asJSON {
		return code, writeIndented(e.stdout, results)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	counts := map[string]int{}
	for _, r := range results {
		counts[r.Status]++
		detail := r.CommentID
		if r.Reason != "" {
			detail = r.Reason
			if r.NewQuarantineID != "" {
				detail += " (now " + r.NewQuarantineID + ")"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.QuarantineID, r.Status, clip(detail, 100))
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "%d retried: %d stored, %d duplicates, %d still rejected, %d skipped\n",
		len(results), counts["stored"], counts["duplicate"], counts["rejected"], counts["skipped"])
	return code, nil
}

// retryOne re-parses one entry through its source's mapping and commits
// it with Resolves, so the comment is stored and the entry removed in one
// transaction. Only sink failures are errors; a record that still fails
// is a result.
func retryOne(ctx context.Context, sink corpus.Sink, bySource map[string]SourceSpec, rj corpus.Reject) (retryResult, error) {
	skip := func(format string, args ...any) (retryResult, error) {
		return retryResult{QuarantineID: rj.ID, Status: "skipped", Reason: fmt.Sprintf(format, args...)}, nil
	}
	if rj.Truncated {
		return skip("the raw record was truncated in the quarantine; fix %s and ingest it again", where(rj))
	}
	spec, ok := bySource[rj.Source]
	if !ok {
		return skip("source %q is not in the configuration", rj.Source)
	}
	rs := &retrySink{sink: sink, rj: rj, res: retryResult{QuarantineID: rj.ID}}
	switch {
	case spec.Folder != nil:
		if err := reparseFile(ctx, *spec.Folder, rj, rs); err != nil {
			return skip("%v", err)
		}
	case spec.Webhook != nil:
		wc := spec.Webhook
		if err := reparseItem(ctx, wc.Name, wc.Audience, wc.Fields, wc.MaxTextBytes, rj, rs); err != nil {
			return retryResult{}, err
		}
	case spec.HTTP != nil:
		hc := spec.HTTP
		if err := reparseItem(ctx, hc.Name, hc.Audience, hc.Fields, hc.MaxTextBytes, rj, rs); err != nil {
			return retryResult{}, err
		}
	default:
		return skip("source %q (%s) cannot re-parse records", rj.Source, spec.Kind)
	}
	if rs.err != nil {
		return retryResult{}, rs.err
	}
	if rs.res.Status == "" {
		return skip("re-parsing %s gave no record", where(rj))
	}
	return rs.res, nil
}

// reparseItem maps a JSON item of the webhook or the http pull source
// again with the source's field mapping and commits it to rs.
func reparseItem(ctx context.Context, source string, aud corpus.Audience, f fieldmap.Fields, maxText int, rj corpus.Reject, rs *retrySink) error {
	m, err := fieldmap.NewMapper(source, aud, f, maxText)
	if err != nil {
		return fmt.Errorf("source %q: %w", source, err)
	}
	rec := corpus.Record{File: rj.File, Line: rj.Line}
	item, err := fieldmap.Decode(rj.Raw)
	if err == nil {
		rec.Comment, err = m.Comment(item, rj.At)
	}
	if err != nil {
		rec.Reject = &corpus.Reject{Reason: err.Error()}
	}
	_, err = rs.Commit(ctx, corpus.Batch{Source: source, Records: []corpus.Record{rec}})
	return err
}

// reparseFile writes the raw record (after its file's header, for CSV and
// TSV) to a temporary file of the same format and reads it back through a
// folder source with the configured mapping, committing to rs.
func reparseFile(ctx context.Context, cfg folder.Config, rj corpus.Reject, rs *retrySink) error {
	name := filepath.Base(rj.File)
	if name == "." || name == "/" || name == "" {
		return errors.New("the entry names no file, so its format is unknown")
	}
	dir, err := os.MkdirTemp("", "feedbackd-retry-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var data []byte
	ext := strings.ToLower(filepath.Ext(name))
	orig := findOriginal(cfg.Path, name)
	if ext == ".csv" || ext == ".tsv" {
		if orig == "" {
			return fmt.Errorf("the header of %s is needed and the file is neither in %s nor in the working directory", name, cfg.Path)
		}
		header, err := firstLine(orig)
		if err != nil {
			return fmt.Errorf("read the header of %s: %w", orig, err)
		}
		data = append([]byte(header), '\n')
	}
	data = append(data, rj.Raw...)
	data = append(data, '\n')
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return err
	}
	if orig != "" { // rows without a timestamp are dated by their file
		if info, err := os.Stat(orig); err == nil {
			_ = os.Chtimes(path, info.ModTime(), info.ModTime())
		}
	}
	src, err := folder.New(cfg, rs, nil, zerolog.Nop())
	if err != nil {
		return err
	}
	if _, err := src.Ingest(ctx, path); err != nil && rs.err == nil {
		return fmt.Errorf("re-parse: %w", err)
	}
	return nil
}

// findOriginal looks for a file of the drop folder where it may be now,
// and then in the working directory (files of feedbackd ingest).
func findOriginal(dropDir, name string) string {
	for _, p := range []string{
		filepath.Join(dropDir, folder.ProcessedDir, name),
		filepath.Join(dropDir, name),
		filepath.Join(dropDir, folder.FailedDir, name),
		name,
	} {
		if info, err := os.Stat(p); err == nil && info.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// firstLine returns a file's first line without its line ending.
func firstLine(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	line, err := bufio.NewReaderSize(f, 64<<10).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// retrySink takes the re-parsed record of one quarantine entry: a record
// that still fails is reported and not committed; one that parses is
// committed with the entry in Resolves, without the temporary file's
// checkpoint, under the entry's file and line.
type retrySink struct {
	sink corpus.Sink
	rj   corpus.Reject
	res  retryResult
	err  error
}

// Commit implements corpus.Sink.
func (s *retrySink) Commit(ctx context.Context, b corpus.Batch) ([]corpus.ItemResult, error) {
	out := make([]corpus.ItemResult, len(b.Records))
	for i := range out {
		out[i] = corpus.ItemResult{Outcome: corpus.Rejected, Reason: "not retried"}
	}
	if len(b.Records) == 0 {
		return out, nil
	}
	if s.res.Status != "" || len(b.Records) > 1 {
		s.res.Status, s.res.Reason = "skipped", fmt.Sprintf("re-parsing gave more than one record (%d)", len(b.Records))
		return out, nil
	}
	rec := b.Records[0]
	if rec.Reject != nil {
		s.res.Status, s.res.Reason = "rejected", rec.Reject.Reason
		return out, nil
	}
	if err := rec.Comment.Validate(); err != nil {
		s.res.Status, s.res.Reason = "rejected", err.Error()
		return out, nil
	}
	rec.File, rec.Line = s.rj.File, s.rj.Line
	res, err := s.sink.Commit(ctx, corpus.Batch{Source: b.Source, Records: []corpus.Record{rec}, Resolves: []string{s.rj.ID}})
	if err != nil {
		s.err = fmt.Errorf("commit: %w", err)
		return nil, s.err
	}
	r := res[0]
	s.res.CommentID = r.ID
	switch r.Outcome {
	case corpus.Accepted:
		s.res.Status = "stored"
	case corpus.Duplicate:
		s.res.Status = "duplicate"
	default:
		s.res.Status, s.res.Reason, s.res.NewQuarantineID = "rejected", r.Reason, r.QuarantineID
	}
	return res, nil
}
