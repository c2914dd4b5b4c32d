#!/usr/bin/env bash
# ctest-labels: pg
# Corrections over HTTP on PostgreSQL: `podium serve --admin-token-file` on
# a throwaway cluster (tests/pg/pg_cluster.sh) takes a correction, and the
# server — whose read-only worker connections are not the admin's writable
# one — shows the notice and the earlier text at once; the CLI sees the
# revision too.
set -euo pipefail
: "${PODIUM:?}" "${PD_SOURCE_DIR:?}"
source "$PD_SOURCE_DIR/tests/pg/pg_cluster.sh"
tmp=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	pd_pg_stop
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL $*"; exit 1; }
pd_pg_start
"$PODIUM" ingest --db "$PD_PG_URI" --quiet "$PD_SOURCE_DIR/examples" >/dev/null
head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$tmp/token"
chmod 600 "$tmp/token"
"$PODIUM" serve --db "$PD_PG_URI" --port 0 --threads 2 --quiet --admin-token-file "$tmp/token" \
	>"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do
	grep -q serving "$tmp/out" 2>/dev/null && break
	sleep 0.1
done
port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/out")
[ -n "$port" ] || { cat "$tmp/err"; fail "server did not start"; }
base="http://127.0.0.1:$port"

revisions() { "$PODIUM" stats --json --db "$PD_PG_URI" | python3 -c 'import json,sys; print(json.load(sys.stdin)["revisions"])'; }
before=$(revisions)
id=pm-90001
curl -s "$base/records/$id" >/dev/null   # the workers' connections are open
"$PODIUM" show --db "$PD_PG_URI" --format json "$id" |
	python3 -c 'import json,sys; r=json.load(sys.stdin); r["title"]="Corrected on PostgreSQL"
json.dump({"who": "pg editor", "why": "pg test", "record": r}, sys.stdout)' >"$tmp/body.json"
code=$(curl -s -o "$tmp/resp" -w '%{http_code}' -X POST -H "Authorization: Bearer $(cat "$tmp/token")" \
	--data-binary @"$tmp/body.json" "$base/api/v1/admin/records/$id/corrections")
[ "$code" = 201 ] || fail "correction: $code $(cat "$tmp/resp")"
curl -s "$base/records/$id" >"$tmp/page"
grep -q 'Corrected on PostgreSQL' "$tmp/page" || fail "the page does not show the new text"
grep -q 'Corrected on <time' "$tmp/page" || fail "the page has no notice"
grep -q 'pg test' "$tmp/page" || fail "the notice lacks the reason"
curl -s "$base/api/v1/records/$id/revisions/1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["who"] == "pg editor" and d["record"]["title"] != "Corrected on PostgreSQL", d' \
	|| fail "revision 1 is not the earlier text"
[ "$(revisions)" = $((before + 1)) ] || fail "stats: $(revisions) revisions, want $((before + 1))"
echo "ok: correction over HTTP on PostgreSQL"
