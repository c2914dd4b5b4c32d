#!/usr/bin/env bash
# Hostile HTTP and load while writing: `podium serve` on loopback.
# ctest-labels: slow reliability
# ctest-serial
#
# 1. quiet: wrk, 20 connections, ordinary pages and API calls
#    (tests/reliability/normal.lua) -> the quiet p99;
# 2. attack: tests/reliability/hostile.py's ~45 hostile requests
#    (oversized request line, headers and bodies, bad UTF-8 and
#    percent-encoding, traversal, huge paging, query bombs) with 300
#    slowloris connections open: first alone, three rounds, each request
#    answered with its 4xx within 0.5 s; then over and over during the same
#    wrk run as in 1, where every one must still get its 4xx (within 10 s:
#    the server is saturated by wrk, a large request waits its turns in the
#    event loop) and the p99 of the ordinary requests stays within 2x the
#    quiet p99 plus 25 ms (with 2 server threads an ordinary request may
#    wait behind one query bomb, which the request limits hold to ~0.1 s;
#    the quiet p99 fell from 60-90 to ~20 ms when search got faster, and a
#    dry run then failed at 46 against 2x20+5 ms, while starvation shows as
#    hundreds of ms: 269 against 88 when a bomb ran twice);
# 3. load during ingest: wrk with 200 connections (the "light" mix of
#    normal.lua: record JSON, API, static files, a record page in four)
#    in runs of 15 s until at least 100,000 requests while podium ingest writes 1,200 transcripts in two versions
#    over and over (batches of 50) and a reader checks sampled records are
#    whole (archive.py verify): zero 5xx, zero failed checks, the server
#    still up and stopping cleanly.
# Env: PODIUM, PD_SHARED_DIR, PD_SOURCE_DIR; MIN_REQUESTS (100000).
set -euo pipefail
: "${PODIUM:?}" "${PD_SHARED_DIR:?}" "${PD_SOURCE_DIR:?}"
MIN_REQUESTS=${MIN_REQUESTS:-100000}
export PD_SHARED_DIR
rel="$PD_SOURCE_DIR/tests/reliability"
tool="python3 $rel/archive.py"
command -v wrk >/dev/null || { echo "FAIL wrk is not installed (scripts/setup.sh)"; exit 1; }
. "$PD_SOURCE_DIR/tests/reliability/serve.sh"
tmp=$(mktemp -d)
writer="" reader=""
cleanup() {
	touch "$tmp/stop"
	for p in $reader $writer; do kill "$p" 2>/dev/null || true; done
	cleanup_server
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

$tool gen "$tmp/A" 20 >/dev/null
$tool gen "$tmp/B" 20 v2 >/dev/null
"$PODIUM" parse --json "$tmp"/A/*/*.xml "$PD_SOURCE_DIR"/examples/* | $tool ref "$tmp/ref.A"
"$PODIUM" parse --json "$tmp"/B/*/*.xml | $tool ref "$tmp/ref.B"
db="$tmp/web.db"
"$PODIUM" ingest --quiet --db "$db" "$PD_SOURCE_DIR/examples" "$tmp/A" >/dev/null

start_server "$db"

# wrk CONNS SECONDS [light] -> "requests 2xx 3xx 4xx 5xx p50_us p99_us errors"
load() {
	wrk -t2 -c"$1" -d"$2"s --timeout 10s -s "$rel/normal.lua" "$base" -- "${3:-}" |
		sed -n 's/^result requests=\([0-9]*\) 2xx=\([0-9]*\) 3xx=\([0-9]*\) 4xx=\([0-9]*\) 5xx=\([0-9]*\) p50_us=\([0-9]*\) p99_us=\([0-9]*\) errors=\([0-9]*\)$/\1 \2 \3 \4 \5 \6 \7 \8/p'
}

# 1. quiet
read -r qn _ _ q4 q5 _ qp99 _ < <(load 20 8)
[ "$q5" -eq 0 ] && [ "$q4" -eq 0 ] || fail "quiet run: $q4 4xx, $q5 5xx"
echo "quiet: $qn requests, p99 $((qp99 / 1000)) ms"

# 2. under attack
python3 "$rel/hostile.py" "$port" --rounds 3 --slowloris 300 --max-seconds 0.5 >"$tmp/hostile.out" 2>&1 ||
	fail "hostile requests: $(cat "$tmp/hostile.out")"
echo "attack alone: $(tail -1 "$tmp/hostile.out")"
python3 "$rel/hostile.py" "$port" --seconds 11 --slowloris 300 --max-seconds 10 >"$tmp/hostile.out" 2>&1 &
attacker=$!
sleep 1
read -r an _ _ a4 a5 _ ap99 _ < <(load 20 8)
wait $attacker || fail "hostile requests: $(tail -1 "$tmp/hostile.out")"
echo "attack: $(tail -1 "$tmp/hostile.out"); ordinary: $an requests, p99 $((ap99 / 1000)) ms"
[ "$a5" -eq 0 ] && [ "$a4" -eq 0 ] || fail "ordinary requests under attack: $a4 4xx, $a5 5xx"
[ "$ap99" -le $((2 * qp99 + 25000)) ] ||
	fail "p99 under attack $((ap99 / 1000)) ms, more than 2x the quiet $((qp99 / 1000)) ms + 25 ms"

# 3. load while ingest writes
(
	i=0
	while [ ! -e "$tmp/stop" ]; do
		if [ $((i % 2)) -eq 0 ]; then v=B; else v=A; fi
		"$PODIUM" ingest --quiet --batch 50 --db "$db" "$tmp/$v" >>"$tmp/ingest.out" 2>&1 ||
			{ echo "ingest exited $?" >>"$tmp/ingest.fail"; break; }
		i=$((i + 1))
	done
	echo "$i" >"$tmp/ingest.runs"
) &
writer=$!
(
	n=0
	while [ ! -e "$tmp/stop" ]; do
		$tool verify "$base" "$tmp/ref.A" "$tmp/ref.B" --sample 50 >>"$tmp/reader.out" 2>&1 ||
			{ echo "check $n failed" >>"$tmp/reader.fail"; break; }
		n=$((n + 1))
	done
	echo "$n" >"$tmp/reader.runs"
) &
reader=$!
total=0 t5=0 terr=0 chunks=0
while [ $total -lt "$MIN_REQUESTS" ] && [ $chunks -lt 12 ]; do
	read -r n _ _ n4 n5 _ p99 e < <(load 200 15 light)
	total=$((total + n)) t5=$((t5 + n5)) terr=$((terr + e)) chunks=$((chunks + 1))
	[ "$n4" -eq 0 ] || fail "$n4 4xx responses to ordinary requests during ingest"
	echo "during ingest: $n requests in 15 s, p99 $((p99 / 1000)) ms, $n5 5xx, $e socket errors"
done
touch "$tmp/stop"
wait $writer $reader
writer="" reader=""
[ ! -e "$tmp/ingest.fail" ] || fail "$(cat "$tmp/ingest.fail"): $(tail -3 "$tmp/ingest.out")"
[ ! -e "$tmp/reader.fail" ] || fail "a reader saw a record that was not whole: $(tail -2 "$tmp/reader.out")"
[ "$t5" -eq 0 ] || fail "$t5 5xx responses during ingest"
[ "$total" -ge "$MIN_REQUESTS" ] || fail "only $total requests in $chunks runs of 15 s"
stop_server
echo "ok: $total requests with 200 connections during $(cat "$tmp/ingest.runs") ingest runs," \
	"$(cat "$tmp/reader.runs") reader checks, 0 5xx, $terr socket errors"
