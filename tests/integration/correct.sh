#!/usr/bin/env bash
# podium correct: a published record replaced by a corrected version, the
# previous one kept as a revision; refusals for what is not a correction.
# ctest-labels: reliability
# Env: PODIUM, PD_SOURCE_DIR.
set -euo pipefail
: "${PODIUM:?}" "${PD_SOURCE_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL $*"; exit 1; }
db="$tmp/db"
"$PODIUM" ingest --quiet --db "$db" "$PD_SOURCE_DIR/examples" >/dev/null
revisions() { "$PODIUM" stats --json --db "$db" | python3 -c 'import json,sys; print(json.load(sys.stdin)["revisions"])'; }
status() { local st=0; "$@" >"$tmp/out" 2>&1 || st=$?; echo $st; }

"$PODIUM" show --db "$db" --format json pm-90001 >"$tmp/old.json"
python3 - "$tmp/old.json" "$tmp/new.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["turns"][0]["text"] = "Corrected: 40,000 homes (not 400,000)."
json.dump(r, open(sys.argv[2], "w"))
PY
before=$(revisions)

# refusals first: nothing may change
[ "$(status "$PODIUM" correct --db "$db" --file "$tmp/new.json" --who editor pm-90001)" = 2 ] ||
	fail "no --why: $(cat "$tmp/out")"
[ "$(status "$PODIUM" correct --db "$db" --file "$tmp/new.json" --who "" --why x pm-90001)" = 2 ] ||
	fail "empty --who: $(cat "$tmp/out")"
[ "$(status "$PODIUM" correct --db "$db" --file "$tmp/new.json" --who e --why x pm-90002)" = 2 ] ||
	fail "id mismatch: $(cat "$tmp/out")"
sed 's/pm-90001/pm-nope/' "$tmp/new.json" >"$tmp/nope.json"
[ "$(status "$PODIUM" correct --db "$db" --file "$tmp/nope.json" --who e --why x pm-nope)" = 4 ] ||
	fail "unknown id: $(cat "$tmp/out")"
printf '{"id":"pm-90001","title":"\xff\xfe"' >"$tmp/bad.json"
[ "$(status "$PODIUM" correct --db "$db" --file "$tmp/bad.json" --who e --why x pm-90001)" = 2 ] ||
	fail "broken JSON: $(cat "$tmp/out")"
[ "$(revisions)" = "$before" ] || fail "a refused correction wrote a revision"
"$PODIUM" show --db "$db" --format json pm-90001 | cmp -s - "$tmp/old.json" || fail "a refused correction changed the record"

# the correction
"$PODIUM" correct --db "$db" --file "$tmp/new.json" --who "Desk editor" --why "figure misheard" pm-90001 \
	>"$tmp/out" || fail "correct: $(cat "$tmp/out")"
grep -q corrected "$tmp/out" || fail "correct said: $(cat "$tmp/out")"
"$PODIUM" show --db "$db" --format json pm-90001 | grep -q "Corrected: 40,000 homes" || fail "new text not shown"
[ "$(revisions)" = $((before + 1)) ] || fail "revisions $(revisions), want $((before + 1))"
# the same again changes nothing
"$PODIUM" correct --db "$db" --file "$tmp/new.json" --who e --why again pm-90001 >"$tmp/out" ||
	fail "repeat: $(cat "$tmp/out")"
grep -q unchanged "$tmp/out" || fail "repeat said: $(cat "$tmp/out")"
[ "$(revisions)" = $((before + 1)) ] || fail "a repeat wrote a revision"
echo "ok: corrected with a revision, 5 refusals changed nothing"
