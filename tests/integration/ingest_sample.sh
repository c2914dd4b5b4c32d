#!/usr/bin/env bash
# Ingest the PM sample folder, the seed page and the examples; check counts,
# idempotence, revisions on change, the rejects, and searches with known
# answers (CLI, text and --json).
set -euo pipefail
: "${PODIUM:?}" "${PD_SOURCE_DIR:?}" "${PD_SHARED_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db="$tmp/p.db"
fails=0
expect() {  # description, actual, wanted
	if [ "$2" == "$3" ]; then echo "ok: $1"; else echo "FAIL: $1: got '$2', want '$3'"; fails=$((fails+1)); fi
}
contains() {  # description, haystack, needle
	if grep -qF -- "$3" <<<"$2"; then echo "ok: $1"; else echo "FAIL: $1: '$3' not in output:"; echo "$2" | head -20; fails=$((fails+1)); fi
}

sample="$PD_SHARED_DIR/corpus/pm-transcripts/sample"
set +e
out=$("$PODIUM" ingest --db "$db" "$sample"); rc=$?
set -e
expect "sample: exit status is partial failure (MANIFEST.tsv rejected)" "$rc" 1
expect "sample: summary" "$(head -1 <<<"$out")" "added 60, updated 0, unchanged 0, rejected 1"
contains "sample: reject names the file and reason" "$out" "MANIFEST.tsv: a table"

contains "sample: ingest ends with optimize, timed" "$out" "optimized the search index in"
# top lists (lowered threshold so the sample has some) answer as the exhaustive ranking did
before=$("$PODIUM" search --db "$db" --json --limit 30 the; "$PODIUM" search --db "$db" --from 1980 government)
PODIUM_TOPK_MIN_DOCS=20 PODIUM_TOPK_SIZE=40 "$PODIUM" optimize --db "$db" >"$tmp/opt.out"
contains "optimize: prints its time" "$(cat "$tmp/opt.out")" "optimized the search index in"
after=$("$PODIUM" search --db "$db" --json --limit 30 the; "$PODIUM" search --db "$db" --from 1980 government)
expect "optimize: the same hits, in the same order" "$after" "$before"
set +e
"$PODIUM" optimize --db "$db" --bogus >/dev/null 2>&1; rc=$?
set -e
expect "optimize: unknown argument is a usage error" "$rc" 2

out=$("$PODIUM" ingest --db "$db" "$sample" || true)
expect "sample again: nothing changes" "$(head -1 <<<"$out")" "added 0, updated 0, unchanged 60, rejected 1"

out=$("$PODIUM" ingest --db "$db" "$PD_SHARED_DIR/corpus/seed" "$PD_SOURCE_DIR/examples")
expect "seed + examples" "$(head -1 <<<"$out")" "added 8, updated 0, unchanged 0, rejected 0"
contains "examples: the English and Chinese harbour pages are linked at ingest" "$out" "linked 1 translation pair"
contains "linked record shows its translation" \
	"$("$PODIUM" show --db "$db" --format json 2026-03-12-harbour-district-opens-its-waterfront-to-the-public)" \
	'"translations":[{"lang":"zh-Hans","id":"2026-03-12-f9e0bf15"}]'
out=$("$PODIUM" search --db "$db" --json --speaker "Lin Meihua" --lang zh 轮渡)
contains "names across languages: the English name finds the Chinese speaker's turns" "$out" '"speaker":"林美华"'
out=$("$PODIUM" ingest --db "$db" "$PD_SOURCE_DIR/examples")
expect "examples again: linking keeps ingest idempotent" "$(head -1 <<<"$out")" "added 0, updated 0, unchanged 7, rejected 0"
"$PODIUM" unlink --db "$db" 2026-03-12-harbour-district-opens-its-waterfront-to-the-public 2026-03-12-f9e0bf15 >/dev/null
contains "unlink removes it (the page's own English link stays announced)" \
	"$("$PODIUM" show --db "$db" --format json 2026-03-12-f9e0bf15)" '"translations":[{"lang":"en","id":null}]'
"$PODIUM" link --db "$db" 2026-03-12-harbour-district-opens-its-waterfront-to-the-public 2026-03-12-f9e0bf15 >/dev/null
contains "link restores it" \
	"$("$PODIUM" show --db "$db" --format json 2026-03-12-f9e0bf15)" '"id":"2026-03-12-harbour-district-opens-its-waterfront-to-the-public"'
out=$("$PODIUM" align --db "$db" --json 2026-03-12-f9e0bf15 2026-03-12-harbour-district-opens-its-waterfront-to-the-public)
contains "align: English first, six spoken turns paired one to one" "$out" '"pairs":[[0,0],[1,1],[2,2],[3,3],[4,4]]' 

# a changed transcript updates its record and keeps a revision
cp "$sample/transcript-7822.xml" "$tmp/transcript-7822.xml"
sed -i 's/backing off a bit today/backing off a great deal today/' "$tmp/transcript-7822.xml"
out=$("$PODIUM" ingest --db "$db" "$tmp/transcript-7822.xml")
expect "changed transcript: updated" "$(head -1 <<<"$out")" "added 0, updated 1, unchanged 0, rejected 0"
stats=$("$PODIUM" stats --db "$db" --json)
rec=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["records"])' <<<"$stats")
revs=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["revisions"])' <<<"$stats")
expect "stats: records" "$rec" 68
# one revision for the changed transcript, one for the English harbour page
# when its speakers were linked with the Chinese version's
expect "stats: revisions kept" "$revs" 2
contains "show: the new text" "$("$PODIUM" show --db "$db" pm-7822)" "backing off a great deal today"

# the seed page, stored and shown
seed=$("$PODIUM" show --db "$db" --format json 2020-09-27-chaoyang-helps-strengthen-beijing-s-role-as-center)
python3 - "$seed" <<'PY'
import json, sys
r = json.loads(sys.argv[1])
assert r["date"] == "2020-09-27", r["date"]
assert r["images"][0]["src"] == "发布会实录.png"
cui = [p for p in r["participants"] if p["label"] == "Cui Xiaohao"][0]
assert cui["role"] == "Executive Deputy District Mayor of Chaoyang"
spoken = [t for t in r["turns"] if t["kind"] != "narration"]
assert [t["kind"] for t in spoken] == ["statement", "question", "answer"], spoken
print("ok: seed record as stored")
PY

# searches with known answers
out=$("$PODIUM" search --db "$db" --json "fourth embassy zone")
contains "search: seed page found by its words" "$out" '"record_id":"2020-09-27-chaoyang'
python3 - "$out" <<'PY'
import json, sys
hits = [json.loads(l) for l in sys.argv[1].splitlines()]
for h in hits:
    for k in ("record_id", "title", "date", "turn", "speaker", "snippet", "score"):
        assert k in h, (k, h)
print("ok: --json hits carry record_id, title, date, turn, speaker, snippet, score")
PY
out=$("$PODIUM" search --db "$db" "使馆")
contains "search: a two-character Chinese word inside a longer run" "$out" "2026-03-12-f9e0bf15"
contains "search: a Simplified query finds Traditional text (使馆 -> 第四使館區)" "$out" "2026-04-02-b3971d69"
out=$("$PODIUM" search --db "$db" "輪渡")
contains "search: a Traditional query (輪渡) finds Simplified text (轮渡)" "$out" "2026-03-12-f9e0bf15"
out=$("$PODIUM" search --db "$db" --json --speaker JOURNALIST "freight subsidy")
contains "search: speaker filter" "$out" '"record_id":"pm-90002"'
set +e
"$PODIUM" search --db "$db" --from 2030 "freight subsidy" >/dev/null; rc=$?
set -e
expect "search: a date filter that excludes everything exits 1" "$rc" 1
set +e
"$PODIUM" search --db "$db" '"unbalanced' >/dev/null 2>&1; rc=$?
set -e
expect "search: a malformed query is a usage error" "$rc" 2
n=$("$PODIUM" search --db "$db" --json --limit 10000 the | wc -l)
if [ "$n" -gt 1000 ]; then echo "ok: --limit 10000 returns $n hits"; else echo "FAIL: --limit 10000 returned $n"; fails=$((fails+1)); fi
set +e
"$PODIUM" show --db "$db" no-such-record >/dev/null 2>&1; rc=$?
set -e
expect "show: unknown id exits 4" "$rc" 4

# a batch of bad inputs: each rejected with its reason, the good one stored
bad="$tmp/bad"; mkdir -p "$bad"
: > "$bad/empty.txt"
head -c 4096 /dev/urandom > "$bad/random.bin"; printf '\x7fELF' | dd of="$bad/random.bin" conv=notrunc 2>/dev/null
printf '<?xml version="1.0"?><transcripts><transcript><title>cut' > "$bad/truncated.xml"
printf '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><transcripts><transcript><title>&b;</title></transcript></transcripts>' > "$bad/bomb.xml"
python3 -c "import sys; sys.stdout.write('JOURNALIST: Is this a very long transcript?\\n' * 4800000)" > "$bad/huge.txt"
python3 -c "import sys; sys.stdout.buffer.write(b'\xe9t\xe9 ' * 5000)" > "$bad/latin1.txt"
cp "$PD_SOURCE_DIR/examples/transcript-90001.xml" "$bad/good.xml"
set +e
out=$("$PODIUM" ingest --db "$tmp/bad.db" "$bad"); rc=$?
set -e
expect "bad batch: partial failure" "$rc" 1
expect "bad batch: summary" "$(head -1 <<<"$out")" "added 1, updated 0, unchanged 0, rejected 6"
contains "bad batch: empty" "$out" "empty.txt: empty file"
contains "bad batch: binary" "$out" "random.bin: a program"
contains "bad batch: truncated XML" "$out" "truncated.xml: malformed XML"
contains "bad batch: entity bomb" "$out" "bomb.xml: XML with a DOCTYPE or entity declarations"
contains "bad batch: 200 MB file" "$out" "huge.txt"
contains "bad batch: not UTF-8" "$out" "latin1.txt: not UTF-8"
if command -v sqlite3 >/dev/null; then
	expect "bad batch: database intact" "$(sqlite3 "$tmp/bad.db" 'PRAGMA integrity_check')" ok
fi

[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
