#!/usr/bin/env bash
# Structure accuracy on the hand-checked expectations (tools/turns/FORMAT.md):
# runs `podium parse --json` on every document of each gold set, scores it
# with shared/tools/turns/score.py and fails when a set falls below its
# floor. Floors are the figures measured when they were set (docs/accuracy.md),
# rounded down, so any regression fails; raise them when the parser improves.
set -euo pipefail
: "${PODIUM:?}" "${PD_SOURCE_DIR:?}" "${PD_SHARED_DIR:?}"
score="$PD_SHARED_DIR/tools/turns/score.py"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # set min_f1 min_speaker
	local set=$1 min_f1=$2 min_spk=$3
	python3 "$PD_SOURCE_DIR/tests/turns/predict.py" "$PODIUM" "$PD_SOURCE_DIR/tests/golden/turns/$set" \
		"$tmp/$set" "$PD_SHARED_DIR"
	local line
	line=$(python3 "$score" "$tmp/$set" --gold "$PD_SOURCE_DIR/tests/golden/turns/$set" --quiet | tail -1)
	echo "$set: $line"
	local f1 spk
	f1=$(sed -E 's/.*turn F1 = ([0-9.]+).*/\1/' <<<"$line")
	spk=$(sed -E 's/.*speaker acc = ([0-9.]+).*/\1/' <<<"$line")
	if ! python3 -c "import sys; sys.exit(0 if $f1 >= $min_f1 and $spk >= $min_spk else 1)"; then
		echo "FAIL: $set turn F1 $f1 (floor $min_f1), speaker accuracy $spk (floor $min_spk)"
		fail=1
	fi
}
check en 0.979 0.99
check en-holdout 0.99 0.99
check zh 0.995 0.99

# bilingual turn alignment (podium align --json), scored by score_align.py
python3 "$PD_SOURCE_DIR/tests/turns/predict_align.py" "$PODIUM" "$PD_SOURCE_DIR/tests/golden/align" \
	"$tmp/align" "$PD_SHARED_DIR"
line=$(python3 "$PD_SHARED_DIR/tools/turns/score_align.py" "$tmp/align" \
	--gold "$PD_SOURCE_DIR/tests/golden/align" --quiet | tail -1)
echo "align: $line"
f1=$(sed -E 's/.*align F1 = ([0-9.]+).*/\1/' <<<"$line")
if ! python3 -c "import sys; sys.exit(0 if $f1 >= 0.98 else 1)"; then
	echo "FAIL: align F1 $f1 (floor 0.98)"
	fail=1
fi
exit $fail
