#!/usr/bin/env bash
# Measures feedbackd on the shared development sets (see docs/accuracy.md)
# and prints a Markdown table of the figures against the issue's bars.
#
#   scripts/accuracy.sh                       # dev sets in ../shared/eval
#   FEEDBACKD_EVAL_DIR=/data/eval scripts/accuracy.sh
#   scripts/accuracy.sh --lexicon my.yaml     # extra flags go to feedbackd eval
#
# The full per-file reports are kept in $FEEDBACKD_ACCURACY_OUT (default
# bench-out/accuracy, ignored by git) for a closer look.
set -euo pipefail
cd "$(dirname "$0")/.."

eval_dir=${FEEDBACKD_EVAL_DIR:-../shared/eval}
out_dir=${FEEDBACKD_ACCURACY_OUT:-bench-out/accuracy}
if [ ! -d "$eval_dir" ]; then
	echo "accuracy.sh: no development sets at $eval_dir (set FEEDBACKD_EVAL_DIR); skipping" >&2
	exit 0
fi
shopt -s nullglob
files=("$eval_dir"/*.ndjson)
if [ ${#files[@]} -eq 0 ]; then
	echo "accuracy.sh: no .ndjson files in $eval_dir; skipping" >&2
	exit 0
fi

mkdir -p "$out_dir"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/feedbackd" ./cmd/feedbackd

reports="$out_dir/reports.ndjson"
: >"$reports"
for f in "${files[@]}"; do
	name=$(basename "$f" .ndjson)
	case "$name" in
	semeval14_restaurants*)
		# Gold categories (food, service, price, ambience,
		# anecdotes/miscellaneous) exist only in the restaurant taxonomy.
		continue ;;
	esac
	echo "accuracy.sh: $name" >&2
	"$bin/feedbackd" eval "$@" "$f" >"$out_dir/$name.txt" || true
	"$bin/feedbackd" eval --format json "$@" "$f" >>"$reports" || true
done

restaurants=configs/examples/restaurants.yaml
for f in "$eval_dir"/semeval14_restaurants*.ndjson; do
	name=$(basename "$f" .ndjson)
	if [ ! -f "$restaurants" ]; then
		echo "accuracy.sh: $restaurants is missing; skipping $name" >&2
		continue
	fi
	echo "accuracy.sh: $name with $restaurants" >&2
	"$bin/feedbackd" eval --taxonomy "$restaurants" "$@" "$f" >"$out_dir/$name.txt" || true
	"$bin/feedbackd" eval --format json --taxonomy "$restaurants" "$@" "$f" >>"$reports" || true
done

echo "accuracy.sh: full reports in $out_dir" >&2
go run ./scripts/accuracytable <"$reports"
