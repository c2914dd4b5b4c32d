#!/usr/bin/env bash
# Crash safety: `podium ingest` killed with SIGKILL at random moments loses
# nothing it reported committed and never leaves half a record.
# ctest-labels: slow reliability
#
# An archive of 1,200 PM transcripts (the shared sample 20 times in 20
# folders, ids renumbered) in
# two versions, A and B (B adds a sentence to every transcript), ingested
# in batches of 50 so commits come often. Runs alternate A and B (the
# first adds, then each updates, keeping revisions), so that every run
# writes: a re-ingest of unchanged records finished before most kills once
# the parser got faster (a dry run saw 16 kills in 64 runs). Each run takes
# the folders in a random order so it starts writing at once. Each run is killed
# after a random 0.1-2.5 s — in a batch, in a commit, between; after each:
#   - PRAGMA integrity_check is ok and the FTS5 index passes its own
#     integrity-check (the cjk tokenizer loaded from podium_fts5);
#   - every record the killed run listed in --commit-log (those it added or
#     updated in a batch whose commit returned) is there, in the
#     version that run wrote, whole: turn count and a hash of the turn
#     texts equal that version as `podium parse` reads it;
#   - 100 other records at random are whole (version A or B).
# Records are read back through `podium serve`'s JSON API while ingest
# runs and gets killed (readers use WAL snapshots). Finally an ingest of B
# runs to the end: exactly 1,200 records, no duplicates, every one whole
# in version B.
# Env: PODIUM, PD_SHARED_DIR, PD_SOURCE_DIR, PD_BUILD_DIR; KILLS (21).
set -euo pipefail
: "${PODIUM:?}" "${PD_SHARED_DIR:?}" "${PD_SOURCE_DIR:?}" "${PD_BUILD_DIR:?}"
KILLS=${KILLS:-21}
COPIES=20
export PD_SHARED_DIR
tool="python3 $PD_SOURCE_DIR/tests/reliability/archive.py"
. "$PD_SOURCE_DIR/tests/reliability/serve.sh"
tmp=$(mktemp -d)
trap 'cleanup_server; rm -rf "$tmp"' EXIT

want=$($tool gen "$tmp/A" $COPIES)
$tool gen "$tmp/B" $COPIES v2 >/dev/null
"$PODIUM" parse --json "$tmp"/A/*/*.xml | $tool ref "$tmp/ref.A"
"$PODIUM" parse --json "$tmp"/B/*/*.xml | $tool ref "$tmp/ref.B"
[ "$(wc -l <"$tmp/ref.A")" -eq "$want" ] || fail "parse read $(wc -l <"$tmp/ref.A") of $want"

db="$tmp/archive.db"
mkdir "$tmp/empty"
"$PODIUM" ingest --quiet --db "$db" "$tmp/empty" >/dev/null # the schema
start_server "$db"

check_db() {
	local r
	r=$(sqlite3 "$db" "PRAGMA integrity_check;") || fail "sqlite3 could not open the archive"
	[ "$r" = ok ] || fail "integrity_check: $r"
	r=$(sqlite3 "$db" ".load $PD_BUILD_DIR/podium_fts5" \
		"INSERT INTO turns_fts(turns_fts) VALUES('integrity-check');" 2>&1) ||
		fail "FTS5 integrity-check: $r"
}

kills=0 finished=0 run=0
while [ $kills -lt "$KILLS" ]; do
	run=$((run + 1))
	if [ $((run % 2)) -eq 1 ]; then version=A; else version=B; fi
	[ $run -le $((KILLS * 3)) ] || fail "only $kills kills in $run runs: ingest too fast to kill?"
	log="$tmp/commit.$run"
	mapfile -t folders < <(printf '%s\n' "$tmp/$version"/copy-* | shuf)
	"$PODIUM" ingest --quiet --batch 50 --db "$db" --commit-log "$log" "${folders[@]}" \
		>"$tmp/ingest.out" 2>&1 &
	pid=$!
	sleep "$(python3 -c 'import random; print(round(random.uniform(0.1, 2.5), 2))')"
	if kill -KILL "$pid" 2>/dev/null; then
		st=0; wait "$pid" || st=$?
		if [ $st -eq 137 ]; then kills=$((kills + 1)); else finished=$((finished + 1)); fi
	else
		st=0; wait "$pid" || st=$?
		[ $st -eq 0 ] || fail "ingest run $run exited $st: $(cat "$tmp/ingest.out")"
		finished=$((finished + 1))
	fi
	check_db
	n=$($tool verify "$base" "$tmp/ref.A" "$tmp/ref.B" --exact "$log" "$tmp/ref.$version" \
		--sample 100) || fail "after run $run ($version): $n"
	echo "run $run ($version, exit $st): $( [ -s "$log" ] && wc -l <"$log" || echo 0) reported committed; $n (${SECONDS}s)"
done

"$PODIUM" ingest --quiet --db "$db" --commit-log "$tmp/commit.final" "$tmp/B" >"$tmp/ingest.out" 2>&1 ||
	fail "final ingest: $(cat "$tmp/ingest.out")"
check_db
n=$($tool verify "$base" "$tmp/ref.B" --exact "$tmp/commit.final" "$tmp/ref.B" --all "$want") ||
	fail "final: $n"
stop_server
echo "ok: $kills kills survived ($finished runs finished before their kill), $n, no duplicates"
