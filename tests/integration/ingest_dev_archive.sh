#!/usr/bin/env bash
# ctest-labels: slow
# Ingest the whole PM dev archive (20,535 files, streamed from .tar.zst):
# every transcript stored, only the documented rejects (corpus README: four
# files holding only <transcripts></transcripts> and one empty file), the
# byte-identical duplicate counted as unchanged; searches with known answers.
set -euo pipefail
: "${PODIUM:?}" "${PD_SHARED_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/dev.db"
archive="$PD_SHARED_DIR/corpus/pm-transcripts/dev.tar.zst"
set +e
out=$("$PODIUM" ingest --db "$db" "$archive"); rc=$?
set -e
echo "$out"
fails=0
[ "$rc" -eq 1 ] || { echo "FAIL: exit status $rc, want 1 (partial)"; fails=1; }
[ "$(head -1 <<<"$out")" == "added 20529, updated 0, unchanged 1, rejected 5" ] ||
	{ echo "FAIL: summary"; fails=1; }
for f in transcript-30432.xml transcript-30434.xml transcript-30446.xml transcript-31835.xml; do
	grep -q "dev.tar.zst#pm-transcripts/$f: no <transcript> element" <<<"$out" || { echo "FAIL: reject $f"; fails=1; }
done
grep -q "dev.tar.zst#pm-transcripts/transcript-41751.xml: empty file" <<<"$out" || { echo "FAIL: reject 41751"; fails=1; }
# known answers: words of a sample transcript find it
hits=$("$PODIUM" search --db "$db" --json --limit 50 '"Zionist Federation"')
grep -q '"record_id":"pm-7822"' <<<"$hits" || { echo "FAIL: search Zionist Federation"; fails=1; }
hits=$("$PODIUM" search --db "$db" --json --speaker "Tracy Grimshaw" --limit 5 interest || true)
echo "speaker search: $(wc -l <<<"$hits") hits"
# a common phrase's total estimated from strata of its words' doclists
# (made to here at 1x: in the 10x archive it is by default): "about N", N
# within 8 % of the full count, the same hits in the same order
for q in '"the government"' '"in the world"' 'prime minister'; do
	est=$(PODIUM_COUNT_EXACT_ROWS=100000 PODIUM_COUNT_SAMPLE_ROWS=40000 "$PODIUM" search --db "$db" --limit 20 "$q")
	full=$(PODIUM_COUNT_EXACT_ROWS=100000 PODIUM_COUNT_SAMPLE_ROWS=40000 "$PODIUM" search --db "$db" --limit 20 --exact "$q")
	n=$(sed -n 's/^[0-9]* of about \([0-9]*\) matching turns$/\1/p' <<<"$est")
	m=$(sed -n 's/^[0-9]* of \([0-9]*\) matching turns$/\1/p' <<<"$full")
	echo "$q: about ${n:-?}, counted ${m:-?}"
	if [ -z "$n" ] || [ -z "$m" ] || [ $(( (n > m ? n - m : m - n) * 12 )) -gt "$m" ]; then
		echo "FAIL: estimated total of $q"; fails=1
	fi
	[ "$(grep -v 'matching turns$' <<<"$est")" == "$(grep -v 'matching turns$' <<<"$full")" ] ||
		{ echo "FAIL: hits of $q differ when its total is estimated"; fails=1; }
done
[ "$fails" -eq 0 ] && echo "dev archive: ok"
exit $fails
