package main

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/export"
	"github.com/feedbackd/feedbackd/corpus"
)

// metricsSnapshot is everything /metrics reports, read at one moment.
type metricsSnapshot struct {
	Pipeline          corpus.PipelineMetrics
	Indexer           corpus.IndexerMetrics
	Stats             statsReport
	Taxonomy, Lexicon string
	Version           string
	Started           time.Time
	Exports           map[string]export.Metrics // scheduled exports, by name
}

// writeMetrics writes snap in the Prometheus text exposition format
// (version 0.0.4), by hand: the daemon needs a dozen series, not a client
// library. Latencies are summaries without quantiles (_sum and _count),
// from which rate(sum)/rate(count) gives the mean.
func writeMetrics(w io.Writer, snap metricsSnapshot) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	p, ix, st := snap.Pipeline, snap.Indexer, snap.Stats

	counter(bw, "feedbackd_comments_ingested_total", "Comments stored by the ingest pipeline since the daemon started.", p.Ingested)
	counter(bw, "feedbackd_comments_rejected_total", "Records quarantined by the ingest pipeline since the daemon started.", p.Rejected)
	counter(bw, "feedbackd_comments_duplicate_total", "Records already stored with the same content, since the daemon started.", p.Duplicates)
	counter(bw, "feedbackd_ingest_batches_total", "Batches committed by the ingest pipeline since the daemon started.", p.Batches)
	summary(bw, "feedbackd_tag_seconds", "Time tagging comments (touchpoints and sentiment), per comment.", p.TagSeconds, p.Tagged)
	summary(bw, "feedbackd_commit_seconds", "Time in fsync'd raw store commits, per batch.", p.CommitSeconds, p.Batches)

	counter(bw, "feedbackd_comments_indexed_total", "Comments applied to the search index since the daemon started.", ix.Indexed)
	summary(bw, "feedbackd_index_batch_seconds", "Time applying a batch to the search index, per batch.", ix.IndexSeconds, ix.Batches)
	counter(bw, "feedbackd_index_errors_total", "Failed index batches since the daemon started (retried).", ix.Errors)
	gauge(bw, "feedbackd_index_lag", "Raw store change-log entries not yet searchable.", float64(ix.Lag))
	gauge(bw, "feedbackd_index_indexed_up_to", "Raw store change-log seq up to which the index is complete.", float64(ix.IndexedUpTo))

	gauge(bw, "feedbackd_comments_stored", "Comments in the raw store.", float64(st.Comments))
	header(bw, "feedbackd_comments_stored_by_source", "gauge", "Comments in the raw store, per source.")
	for _, src := range slices.Sorted(maps.Keys(st.PerSource)) {
		fmt.Fprintf(bw, "feedbackd_comments_stored_by_source{source=%s} %d\n", quoteLabel(src), st.PerSource[src])
	}
	gauge(bw, "feedbackd_quarantined", "Records in the quarantine (see feedbackd quarantine list).", float64(st.Quarantined))
	gauge(bw, "feedbackd_raw_store_bytes", "Size of the raw store file.", float64(st.RawBytes))

	for _, m := range []struct {
		name, help string
		v          func(export.Metrics) uint64
	}{
		{"feedbackd_export_runs_total", "Scheduled export runs that wrote a file, per export.", func(m export.Metrics) uint64 { return m.Runs }},
		{"feedbackd_export_failures_total", "Scheduled export runs that failed or panicked, per export.", func(m export.Metrics) uint64 { return m.Failures }},
		{"feedbackd_export_rows_total", "Rows written by scheduled exports, per export.", func(m export.Metrics) uint64 { return m.Rows }},
	} {
		if len(snap.Exports) == 0 {
			break
		}
		header(bw, m.name, "counter", m.help)
		for _, name := range slices.Sorted(maps.Keys(snap.Exports)) {
			fmt.Fprintf(bw, "%s{export=%s} %d\n", m.name, quoteLabel(name), m.v(snap.Exports[name]))
		}
	}

	header(bw, "feedbackd_engine_info", "gauge", "Taxonomy and lexicon versions of the engine in use.")
	fmt.Fprintf(bw, "feedbackd_engine_info{taxonomy=%s,lexicon=%s} 1\n", quoteLabel(snap.Taxonomy), quoteLabel(snap.Lexicon))
	header(bw, "feedbackd_build_info", "gauge", "The feedbackd version.")
	fmt.Fprintf(bw, "feedbackd_build_info{version=%s} 1\n", quoteLabel(snap.Version))
	gauge(bw, "feedbackd_start_time_seconds", "Start time of the daemon, in seconds since the epoch.", float64(snap.Started.UnixNano())/1e9)
}

func header(w io.Writer, name, typ, help string) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
}

func counter(w io.Writer, name, help string, v uint64) {
	header(w, name, "counter", help)
	fmt.Fprintf(w, "%s %d\n", name, v)
}

func gauge(w io.Writer, name, help string, v float64) {
	header(w, name, "gauge", help)
	fmt.Fprintf(w, "%s %s\n", name, formatFloat(v))
}

func summary(w io.Writer, name, help string, sum float64, count uint64) {
	header(w, name, "summary", help)
	fmt.Fprintf(w, "%s_sum %s\n%s_count %d\n", name, formatFloat(sum), name, count)
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// quoteLabel quotes a label value as the exposition format wants:
// backslash, double quote and newline escaped.
func quoteLabel(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
