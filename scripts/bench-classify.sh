#!/usr/bin/env bash
# Times `feedbackd classify` over synthetic typical comments (15-40 words,
# customer and employee, one to three touchpoints) and prints comments/s.
#
#   scripts/bench-classify.sh                   # 100,000 comments, all cores, best of 3
#   N=20000 RUNS=1 WORKERS=1 scripts/bench-classify.sh
#   scripts/bench-classify.sh --taxonomy my.yaml  # extra flags go to classify
set -euo pipefail
cd "$(dirname "$0")/.."

n=${N:-100000}
runs=${RUNS:-3}
workers=${WORKERS:-$(getconf _NPROCESSORS_ONLN)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go build -o "$tmp/feedbackd" ./cmd/feedbackd
"$tmp/feedbackd" gen --n "$n" --seed 1 >"$tmp/comments.ndjson"
words=$(awk '{ sub(/.*"text":"/, ""); sub(/","audience".*/, ""); w += split($0, a, " ") } END { printf "%.1f", w / NR }' "$tmp/comments.ndjson")
echo "bench-classify: $n comments, $words words on average, $(wc -c <"$tmp/comments.ndjson") bytes; workers $workers" >&2

best=""
for i in $(seq "$runs"); do
	start=$(date +%s%N)
	"$tmp/feedbackd" classify --workers "$workers" "$@" "$tmp/comments.ndjson" >"$tmp/out.ndjson"
	end=$(date +%s%N)
	ns=$((end - start))
	lines=$(wc -l <"$tmp/out.ndjson")
	if [ "$lines" -ne "$n" ]; then
		echo "bench-classify: got $lines output lines, want $n" >&2
		exit 1
	fi
	awk -v ns="$ns" -v n="$n" -v i="$i" 'BEGIN { printf "run %d: %.2f s, %.0f comments/s\n", i, ns / 1e9, n / (ns / 1e9) }' >&2
	if [ -z "$best" ] || [ "$ns" -lt "$best" ]; then
		best=$ns
	fi
done
tagged=$(grep -c '"untagged":false' "$tmp/out.ndjson" || true)
awk -v ns="$best" -v n="$n" -v w="$workers" -v t="$tagged" 'BEGIN {
	printf "classified %d comments in %.2f s (best of runs): %.0f comments/s with %d workers; %.1f%% tagged\n", n, ns / 1e9, n / (ns / 1e9), w, 100 * t / n
}'
