#!/usr/bin/env bash
# parse_ref.sh: did a parser change keep `podium parse --json` byte-identical?
#
#   bench/parse_ref.sh save    PODIUM REFDIR INPUT...   # the reference
#   bench/parse_ref.sh compare PODIUM REFDIR INPUT...   # exit 1 on any difference
#
# Every regular file under the INPUTs (sorted, so the order is the same every
# time) goes through `podium parse --json` in batches; stdout and stderr of
# each INPUT are kept whole (records carry their origin, so a difference
# names its file). Use it on the extracted dev archive, ../shared/corpus/*,
# examples/ and fuzz/corpus/ (odd inputs).
set -euo pipefail
[ $# -ge 4 ] || { sed -n 2,11p "$0" >&2; exit 2; }
mode=$1 podium=$2 ref=$3
shift 3
[ "$mode" = save ] || [ "$mode" = compare ] || { echo "mode: save or compare" >&2; exit 2; }
mkdir -p "$ref"
out=$ref
[ "$mode" = compare ] && out=$(mktemp -d) && trap 'rm -rf "$out"' EXIT
status=0
for input in "$@"; do
	key=$(printf '%s' "$input" | tr -c 'A-Za-z0-9._-' '_')
	find "$input" -type f -print0 | LC_ALL=C sort -z |
		xargs -0 -n 500 "$podium" parse --json >"$out/$key.json" 2>"$out/$key.err" || true
	if [ "$mode" = compare ]; then
		for ext in json err; do
			if ! cmp -s "$ref/$key.$ext" "$out/$key.$ext"; then
				echo "DIFFERS: $input ($ext)"
				diff <(tr ',' '\n' <"$ref/$key.$ext") <(tr ',' '\n' <"$out/$key.$ext") | head -20
				status=1
			fi
		done
		[ $status -eq 0 ] && echo "same: $input ($(wc -l <"$out/$key.json") records)"
	fi
done
exit $status
