#!/usr/bin/env bash
# ctest-labels: pg
# podium migrate: SQLite -> PostgreSQL -> SQLite keeps the archive whole.
# An archive with revisions (a transcript ingested three times, changed
# each time) and links (ingest's own pair plus one made by hand) is copied
# into a throwaway PostgreSQL and from there into a new SQLite file; all
# three hold the same records (podium show --format json; translations in
# any order), the same
# revisions (number, who, why, JSON, read with sqlite3 and psql) and the
# same counts. A destination that is not empty is refused.
set -euo pipefail
: "${PODIUM:?}" "${PD_SOURCE_DIR:?}" "${PD_SHARED_DIR:?}"
source "$PD_SOURCE_DIR/tests/pg/pg_cluster.sh"
tmp=$(mktemp -d)
trap 'pd_pg_stop; rm -rf "$tmp"' EXIT
pd_pg_start
a="$tmp/a.db" b="$tmp/b.db"
mkdir "$tmp/in" "$tmp/v2" "$tmp/v3"
cp "$PD_SOURCE_DIR"/examples/* "$tmp/in/"
cp "$PD_SHARED_DIR"/corpus/pm-transcripts/sample/transcript-*.xml "$tmp/in/"
"$PODIUM" ingest --db "$a" --quiet "$tmp/in" >/dev/null
pm_files=("$tmp/in"/transcript-*.xml)   # (not `ls | head`: SIGPIPE under pipefail)
f=${pm_files[0]}
sed 's/the /the very /' "$f" >"$tmp/v2/$(basename "$f")"
sed 's/the /the truly /' "$f" >"$tmp/v3/$(basename "$f")"
"$PODIUM" ingest --db "$a" --quiet "$tmp/v2" | grep -q 'updated 1'
"$PODIUM" ingest --db "$a" --quiet "$tmp/v3" | grep -q 'updated 1'
set -- $(sqlite3 "$a" "SELECT id FROM records WHERE language = 'en' ORDER BY id LIMIT 2")
"$PODIUM" link --db "$a" "$1" "$2"
# the copy checks every record's hash itself; shown here, as a second look:
# the records with revisions or links and a dozen others
ids=$(sqlite3 "$a" "SELECT id FROM records WHERE rid IN (SELECT rid FROM revisions
	UNION SELECT rid FROM translations) UNION SELECT * FROM (SELECT id FROM records
	ORDER BY id LIMIT 12)")

"$PODIUM" migrate --quiet --from "$a" --to "$PD_PG_URI" | tee "$tmp/out1"
grep -q 'revisions' "$tmp/out1"
"$PODIUM" migrate --quiet --from "$PD_PG_URI" --to "$b" | tee "$tmp/out2"
# the destination must be empty
rc=0
"$PODIUM" migrate --quiet --from "$a" --to "$b" 2>"$tmp/err" || rc=$?
[ "$rc" = 2 ] && grep -q 'holds .* records already' "$tmp/err"

# the same records; translations compared as a set (links are made again
# after the records, so their order within a record may change)
norm() {
	python3 -c 'import json, sys
r = json.load(sys.stdin)
r["translations"] = sorted(r.get("translations", []), key=lambda t: (t.get("lang") or "", t.get("id") or ""))
print(json.dumps(r, sort_keys=True, ensure_ascii=False))'
}
for id in $ids; do
	"$PODIUM" show --db "$a" --format json "$id" | norm >"$tmp/a.json"
	"$PODIUM" show --db "$PD_PG_URI" --format json "$id" | norm >"$tmp/pg.json"
	"$PODIUM" show --db "$b" --format json "$id" | norm >"$tmp/b.json"
	cmp "$tmp/a.json" "$tmp/pg.json"
	cmp "$tmp/a.json" "$tmp/b.json"
done
q="SELECT r.id, v.number, v.who, v.why, v.json FROM revisions v JOIN records r ON r.rid = v.rid ORDER BY r.id, v.number"
sqlite3 "$a" "$q" >"$tmp/rev.a"
sqlite3 "$b" "$q" >"$tmp/rev.b"
pd_psql -At -F '|' -c "$q" >"$tmp/rev.pg"
[ "$(grep -c . "$tmp/rev.a")" -ge 2 ]
cmp "$tmp/rev.a" "$tmp/rev.pg"
cmp "$tmp/rev.a" "$tmp/rev.b"
for db in "$a" "$PD_PG_URI" "$b"; do
	"$PODIUM" stats --db "$db" | grep -v -e '^backend' -e '^size'
done | sort | uniq -c | awk '$1 != 3 { bad = 1; print "differs:", $0 } END { exit bad }'
echo "migrate: $(sqlite3 "$a" "SELECT count(*) FROM records") records ($(echo $ids | wc -w) shown), $(grep -c . "$tmp/rev.a") revisions the same in all three"
