#!/usr/bin/env bash
# ctest-labels: pg
# Several servers, one archive: two `podium serve` processes on their own
# ports share a throwaway PostgreSQL while a third process ingests.
#   - Both answer every request during the ingest (200, no 5xx), and after
#     it the same bodies and ETags as each other, with the totals the CLI
#     sees.
#   - PostgreSQL restarts: while it is down both answer 503 and stay up;
#     once it is back both answer 200 again without being restarted
#     (each worker's connection reconnects). No Last-Modified is sent.
set -euo pipefail
: "${PODIUM:?}" "${PD_SOURCE_DIR:?}" "${PD_SHARED_DIR:?}"
source "$PD_SOURCE_DIR/tests/pg/pg_cluster.sh"
tmp=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	pd_pg_stop
	rm -rf "$tmp"
}
trap cleanup EXIT
pd_pg_start
"$PODIUM" ingest --db "$PD_PG_URI" --quiet "$PD_SOURCE_DIR/examples" >/dev/null

bases=()
for n in 1 2; do
	"$PODIUM" serve --db "$PD_PG_URI" --port 0 --threads 3 --quiet >"$tmp/out$n" 2>"$tmp/err$n" &
	pids+=($!)
	for _ in $(seq 100); do
		grep -q serving "$tmp/out$n" 2>/dev/null && break
		sleep 0.1
	done
	port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/out$n")
	[ -n "$port" ] || { cat "$tmp/err$n"; echo "FAIL server $n did not start"; exit 1; }
	bases+=("http://127.0.0.1:$port")
done
echo "servers: ${bases[*]}"

paths=("/api/v1/search?q=embassy+OR+%E4%BD%BF%E9%A6%86" "/api/v1/records?per_page=100"
       "/search?q=trade" "/api/v1/speakers" "/")
# status of every path on every server, n rounds: prints the codes
raw_poll() {
	for _ in $(seq "$1"); do
		for b in "${bases[@]}"; do
			for p in "${paths[@]}"; do
				printf '%s ' "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$b$p")"
			done
		done
	done
}
# the codes counted: " 20 503 "
count() { tr ' ' '\n' | grep . | sort | uniq -c | tr -s ' \n' '  '; echo; }

# one process ingests while both serve
mkdir "$tmp/in"
cp "$PD_SHARED_DIR"/corpus/pm-transcripts/sample/*.xml "$PD_SHARED_DIR"/corpus/bilingual/*.md "$tmp/in/"
"$PODIUM" ingest --db "$PD_PG_URI" --quiet "$tmp/in" >"$tmp/ingest" 2>&1 &
ingest=$!
during=""
while kill -0 "$ingest" 2>/dev/null; do during+="$(raw_poll 1)"; done
wait "$ingest"
# the codes themselves are checked, not the counted form, where a count of
# 570 requests would read as a 5xx code
echo "during the ingest: $(echo "$during" | count)"
if echo " $during" | grep -qE ' (5[0-9][0-9]|000) '; then
	echo "FAIL an error while ingesting"; exit 1
fi

# after it: the same answers from both, and what the CLI says. On
# PostgreSQL the page cache cannot see another process's commits and keeps
# a response for PD_WEB_CACHE_TTL_MS (2 s): past that, both must agree.
sleep 2.2
for p in "${paths[@]}"; do
	curl -s -D "$tmp/h1" -o "$tmp/b1" "${bases[0]}$p"
	curl -s -D "$tmp/h2" -o "$tmp/b2" "${bases[1]}$p"
	cmp -s "$tmp/b1" "$tmp/b2" || { echo "FAIL $p differs between the servers"; exit 1; }
	[ "$(grep -i '^etag' "$tmp/h1")" = "$(grep -i '^etag' "$tmp/h2")" ] ||
		{ echo "FAIL $p: ETags differ"; exit 1; }
	! grep -qi '^last-modified' "$tmp/h1" || { echo "FAIL $p: Last-Modified sent"; exit 1; }
done
total=$(curl -s "${bases[0]}/api/v1/search?q=government" |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["total"])')
cli=$("$PODIUM" search --db "$PD_PG_URI" --json --limit 100000 government | grep -c .)
[ "$total" = "$cli" ] && [ "$total" -gt 0 ] ||
	{ echo "FAIL search total: server $total, CLI $cli"; exit 1; }
echo "after the ingest: both servers agree ('government': $total turns)"

# PostgreSQL goes away: 503, the servers stay up
pd_pg_as "$PD_PG_BIN/pg_ctl" -D "$PD_PG_DIR/data" -m fast -w stop >/dev/null
sleep 2.2   # cached pages may answer 200 for the cache's 2 s (see above)
down=" $(raw_poll 2)"
echo "database down: $(echo "$down" | count)"
if echo "$down" | grep -qE ' (200|000|500) '; then
	echo "FAIL wanted 503 from every request while the database is down"; exit 1
fi
for p in "${pids[@]}"; do kill -0 "$p" || { echo "FAIL a server died"; exit 1; }; done

# and comes back: 200 again, the same servers
pd_pg_ctl_start
back=""
for _ in $(seq 20); do
	back=" $(raw_poll 1)"
	echo "$back" | grep -qE ' (503|000|500) ' || break
	sleep 0.5
done
echo "database back: $(echo "$back" | count)"
if echo "$back" | grep -qE ' (503|000|500) '; then
	echo "FAIL not all requests answered after the database came back"; exit 1
fi
for p in "${pids[@]}"; do
	kill -TERM "$p"
	wait "$p" || { echo "FAIL a server did not stop cleanly"; exit 1; }
done
pids=()
echo "ok: two servers, one ingest, one restart"
