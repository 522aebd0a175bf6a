#!/usr/bin/env bash
# End-to-end ingest benchmark (issue 3): generates N comments with
# `feedbackd gen`, runs them through the whole pipeline (parse, redact,
# classify, store in the raw store, index in bleve) and prints comments/s
# until stored and until searchable (indexed), with the peak RSS.
#
#   scripts/bench-ingest.sh                  # 1,000,000 comments, `feedbackd ingest`
#   MODE=serve scripts/bench-ingest.sh       # feedbackd serve + the drop folder
#   MODE=both N=200000 scripts/bench-ingest.sh
#   RUNS=3 scripts/bench-ingest.sh           # repeat; prints the median
#   KEEP=1 scripts/bench-ingest.sh           # keep the work dir (data dirs, logs)
#
# Env: N (1000000), SEED (1), MODE (ingest, serve or both), RUNS (1),
# FILES (1: the input is split into this many NDJSON files), GOGC and
# GOMEMLIMIT pass through to feedbackd. Peak RSS is the kernel's VmHWM of
# the feedbackd process. Bounded: each run gives up after TIMEOUT seconds
# (1800).
set -euo pipefail
cd "$(dirname "$0")/.."

n=${N:-1000000}
seed=${SEED:-1}
mode=${MODE:-ingest}
runs=${RUNS:-1}
files=${FILES:-1}
timeout=${TIMEOUT:-1800}
tmp=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then
	trap 'rm -rf "$tmp"' EXIT
else
	echo "bench-ingest: work dir $tmp" >&2
fi

go build -trimpath -o "$tmp/feedbackd" ./cmd/feedbackd
"$tmp/feedbackd" gen --n "$n" --seed "$seed" >"$tmp/comments.ndjson"
mkdir -p "$tmp/input"
if [ "$files" -gt 1 ]; then
	split -n "l/$files" -d -a 3 --additional-suffix=.ndjson "$tmp/comments.ndjson" "$tmp/input/part-"
	rm "$tmp/comments.ndjson"
else
	mv "$tmp/comments.ndjson" "$tmp/input/comments.ndjson"
fi
echo "bench-ingest: $n comments in $files file(s), $(du -sb "$tmp/input" | cut -f1) bytes; mode $mode; $(getconf _NPROCESSORS_ONLN) cores; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# config writes a config for data dir $1 and HTTP port $2 whose drop
# folder maps every field `feedbackd gen` writes (text, id, created_at,
# audience, scores.nps and the meta object), so the index gets them all.
config() {
	cat <<-EOF
		data: $1
		http: {addr: "127.0.0.1:$2"}
		log: {level: info, format: json}
		sources:
		  - kind: folder
		    folder:
		      name: inbox
		      path: inbox
		      audience: customer
		      poll_interval: 200ms
		      stable_for: 200ms
		      columns:
		        text: text
		        id: id
		        created_at: created_at
		        audience: audience
		        scores: {nps: scores.nps}
		        meta: {meta.channel: channel, meta.team: team, meta.survey: survey}
	EOF
}

# now_ms prints the monotonic-enough wall clock in milliseconds.
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# sample records a live process's peak RSS (VmHWM) and its anonymous and
# file-backed (mmap'd raw.db and index segments) parts in $tmp/rss.
sample() {
	awk -v f="$tmp/rss" '/^VmHWM:/ { h = $2 } /^RssAnon:/ { a = $2 } /^RssFile:/ { m = $2 }
		END { getline old < f; split(old, o, " ")
			printf "%d %d %d\n", (h > o[1] ? h : o[1]), (a > o[2] ? a : o[2]), (m > o[3] ? m : o[3]) > f }' \
		"/proc/$1/status" 2>/dev/null || true
}

# result appends one run's figures to $tmp/results: mode stored_s
# indexed_s peak_kb anon_kb file_kb.
result() {
	local rss
	rss=$(cat "$tmp/rss")
	echo "$1 $2 $3 $rss" >>"$tmp/results"
	awk -v m="$1" -v s="$2" -v i="$3" -v rss="$rss" -v n="$n" 'BEGIN {
		split(rss, k, " ")
		printf "%s: stored in %.1f s (%.0f comments/s), searchable in %.1f s (%.0f comments/s), peak RSS %.0f MB (peak anonymous %.0f MB, peak file-backed %.0f MB)\n",
			m, s, n / s, i, n / i, k[1] / 1024, k[2] / 1024, k[3] / 1024 }' >&2
}

# run_ingest times `feedbackd ingest` in the foreground; it prints when
# every row is stored and, after waiting for the indexer, when indexed.
run_ingest() {
	local data="$tmp/data-ingest-$1" out="$tmp/ingest-$1.out" pid start
	echo "0 0 0" >"$tmp/rss"
	start=$(now_ms)
	config "$data" 8080 >"$tmp/ingest-$1.yaml"
	"$tmp/feedbackd" ingest --config "$tmp/ingest-$1.yaml" "$tmp"/input/*.ndjson >"$out" 2>"$tmp/ingest-$1.log" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sample "$pid"
		if [ $(( $(now_ms) - start )) -gt $((timeout * 1000)) ]; then
			kill "$pid"
			echo "bench-ingest: ingest ran past ${timeout}s; stopped" >&2
			exit 1
		fi
		sleep 0.2
	done
	wait "$pid" || { echo "bench-ingest: ingest failed:" >&2; tail -5 "$tmp/ingest-$1.log" >&2; exit 1; }
	cat "$out" >&2
	# "... rows: ... in 1m2.5s (15968 rows/s; indexed after 45.609s)"
	local stored indexed
	stored=$(sed -E 's/.* in ([0-9hms.]+) \(.*/\1/' "$out")
	indexed=$(sed -E 's/.*indexed after ([0-9hms.]+)\).*/\1/' "$out")
	result ingest "$(secs "$stored")" "$(secs "$indexed")"
	[ -n "${KEEP:-}" ] || rm -rf "$data" # KEEP=1 keeps it, e.g. for scripts/benchsearch
}

# secs converts a Go duration (1m2.5s, 950ms, 45.6s) to seconds.
secs() {
	awk -v d="$1" 'BEGIN {
		s = 0
		if (match(d, /[0-9.]+h/)) { s += substr(d, RSTART, RLENGTH - 1) * 3600 }
		if (match(d, /[0-9.]+m[^s]/) || match(d, /[0-9.]+m$/)) { v = substr(d, RSTART, RLENGTH); sub(/m.*/, "", v); s += v * 60 }
		if (match(d, /[0-9.]+ms$/)) { s += substr(d, RSTART, RLENGTH - 2) / 1000 }
		else if (match(d, /[0-9.]+s$/)) { s += substr(d, RSTART, RLENGTH - 1) }
		printf "%.3f", s }'
}

# run_serve starts `feedbackd serve`, moves the input files into its drop
# folder and polls /healthz until every comment is stored, then indexed.
run_serve() {
	local data="$tmp/data-serve-$1" port cfg pid start stored="" st comments indexed lag
	echo "0 0 0" >"$tmp/rss"
	port=$((20000 + RANDOM % 20000))
	cfg="$tmp/serve-$1.yaml"
	config "$data" "$port" >"$cfg"
	mkdir -p "$data/inbox"
	"$tmp/feedbackd" serve --config "$cfg" 2>"$tmp/serve-$1.log" &
	pid=$!
	for _ in $(seq 100); do
		curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
		sleep 0.1
	done
	start=$(now_ms)
	for f in "$tmp"/input/*.ndjson; do
		cp "$f" "$data/inbox/.$(basename "$f")"
		mv "$data/inbox/.$(basename "$f")" "$data/inbox/$(basename "$f")"
	done
	while :; do
		sample "$pid"
		st=$(curl -fsS "http://127.0.0.1:$port/healthz" 2>/dev/null || true)
		comments=$(jq -r '.stats.comments // 0' <<<"${st:-{\}}")
		indexed=$(jq -r '.stats.indexed // 0' <<<"${st:-{\}}")
		lag=$(jq -r '.stats.index_lag // 1' <<<"${st:-{\}}")
		if [ -z "$stored" ] && [ "$comments" -ge "$n" ]; then
			stored=$(( $(now_ms) - start ))
		fi
		if [ -n "$stored" ] && [ "$indexed" -ge "$n" ] && [ "$lag" -eq 0 ]; then
			break
		fi
		if ! kill -0 "$pid" 2>/dev/null || [ $(( $(now_ms) - start )) -gt $((timeout * 1000)) ]; then
			echo "bench-ingest: serve stopped or ran past ${timeout}s (stored $comments, indexed $indexed)" >&2
			kill "$pid" 2>/dev/null || true
			tail -5 "$tmp/serve-$1.log" >&2
			exit 1
		fi
		sleep 0.2
	done
	local done_ms=$(( $(now_ms) - start ))
	kill -TERM "$pid"
	wait "$pid" || { echo "bench-ingest: serve did not stop cleanly" >&2; exit 1; }
	result serve "$(awk -v ms="$stored" 'BEGIN { printf "%.3f", ms / 1000 }')" "$(awk -v ms="$done_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
	[ -n "${KEEP:-}" ] || rm -rf "$data" # KEEP=1 keeps it, e.g. for scripts/benchsearch
}

for i in $(seq "$runs"); do
	case $mode in
	ingest) run_ingest "$i" ;;
	serve) run_serve "$i" ;;
	both) run_ingest "$i"; run_serve "$i" ;;
	*) echo "bench-ingest: MODE is ingest, serve or both" >&2; exit 2 ;;
	esac
done

# The median of each mode's runs.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for m in ingest serve; do
	rows=$(grep -c "^$m " "$tmp/results" 2>/dev/null || true)
	[ "${rows:-0}" -gt 0 ] || continue
	s=$(awk -v m="$m" '$1 == m { print $2 }' "$tmp/results" | median)
	i=$(awk -v m="$m" '$1 == m { print $3 }' "$tmp/results" | median)
	k=$(awk -v m="$m" '$1 == m { print $4 }' "$tmp/results" | median)
	awk -v m="$m" -v r="$rows" -v n="$n" -v s="$s" -v i="$i" -v k="$k" 'BEGIN {
		printf "%s, median of %d: %d comments stored at %.0f comments/s, searchable at %.0f comments/s, peak RSS %.0f MB\n",
			m, r, n, n / s, n / i, k / 1024 }'
done
