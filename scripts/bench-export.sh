#!/usr/bin/env bash
# Export benchmark (issue 7): fills a raw store with N comments written
# directly (BenchmarkExport's fill, no ingest pipeline), then exports it as
# CSV wide and Parquet wide to /dev/null, each run in its own process, and
# prints rows/s and the peak RSS (/usr/bin/time -v) per run and their
# medians. Two memory figures: the process's peak RSS (VmHWM, which
# includes pages of the memory-mapped store file: those touched while
# opening it stay resident until the export's first release of the
# mapping), and the highest anonymous RSS (RssAnon: Go heap, stacks,
# buffers; no file pages) sampled every 100 ms, which is what the export
# itself holds.
#
#   scripts/bench-export.sh                 # 1,000,000 comments, 3 runs per format
#   N=100000 RUNS=5 scripts/bench-export.sh
#   DIR=/tmp/fbx scripts/bench-export.sh    # reuse the store in DIR across calls
#   FORMATS="csv-wide csv-long ndjson-wide parquet-wide" scripts/bench-export.sh
#
# Env: N (1000000), RUNS (3), DIR (a temporary dir, removed at the end),
# FORMATS (csv-wide parquet-wide), GOGC and GOMEMLIMIT pass through.
# Bounded: the fill and each run give up after TIMEOUT seconds (900).
set -euo pipefail
cd "$(dirname "$0")/.."

n=${N:-1000000}
runs=${RUNS:-3}
formats=${FORMATS:-csv-wide parquet-wide}
timeout=${TIMEOUT:-900}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dir=${DIR:-$tmp}
mkdir -p "$dir"

go test -c -o "$tmp/export.test" ./cmd/feedbackd/internal/export
export FEEDBACKD_BENCH_N=$n FEEDBACKD_BENCH_DIR=$dir

# bench runs one export of sub-benchmark $1 and prints "rows/s
# peak-RSS-KiB anon-RSS-KiB".
bench() {
	local out=$tmp/out.txt
	timeout "$timeout" /usr/bin/time -v -o "$tmp/time.txt" \
		"$tmp/export.test" -test.run '^$' -test.bench "^BenchmarkExport/$1\$" -test.benchtime 1x >"$out" &
	local waiter=$! pid="" steady=0 kb
	while kill -0 "$waiter" 2>/dev/null; do
		[ -n "$pid" ] || pid=$(pgrep -n -P "$(pgrep -n -P "$waiter" || true)" 2>/dev/null || pgrep -n -P "$waiter" || true)
		if [ -n "$pid" ]; then
			kb=$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
			[ -n "$kb" ] && [ "$kb" -gt "$steady" ] && steady=$kb
		fi
		sleep 0.1
	done
	wait "$waiter"
	local rate rss
	rate=$(awk '/^BenchmarkExport/ { for (i = 1; i < NF; i++) if ($(i+1) == "rows/s") print $i }' "$out")
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time.txt")
	echo "$rate $rss $steady"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

start=$(date +%s)
bench csv-wide >/dev/null # fills the store on first use, warms the page cache
echo "bench-export: $n comments, store $(du -h "$dir/raw-$n.db" | cut -f1) (fill and warm-up $(($(date +%s) - start))s); $(getconf _NPROCESSORS_ONLN) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
for f in $formats; do
	: >"$tmp/rates" && : >"$tmp/rss" && : >"$tmp/steady"
	for r in $(seq "$runs"); do
		read -r rate rss steady < <(bench "$f")
		printf '  %-13s run %d: %8.0f rows/s  peak RSS %4d MiB  anon RSS <= %4d MiB  (load %s)\n' \
			"$f" "$r" "$rate" $((rss / 1024)) $((steady / 1024)) "$(cut -d' ' -f1 /proc/loadavg)"
		echo "$rate" >>"$tmp/rates"
		echo "$rss" >>"$tmp/rss"
		echo "$steady" >>"$tmp/steady"
	done
	printf '%-13s median %8.0f rows/s, peak RSS %d MiB, anon RSS %d MiB (medians of %d runs)\n' "$f" "$(median <"$tmp/rates")" \
		$(($(median <"$tmp/rss" | cut -d. -f1) / 1024)) $(($(median <"$tmp/steady" | cut -d. -f1) / 1024)) "$runs"
done
