#!/usr/bin/env bash
# Chinese search recall against a brute-force substring scan: for queries of
# one to four Chinese characters, in the script of the text and in the other
# script, the turns `podium search` returns must be exactly the turns whose
# text contains the query (both folded Traditional -> Simplified with the
# same table the index uses).
set -euo pipefail
: "${PODIUM:?}" "${PD_SOURCE_DIR:?}" "${PD_SHARED_DIR:?}" "${PD_BUILD_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/in"
cp "$PD_SHARED_DIR"/corpus/bilingual/*.zh.md "$tmp/in/"
# The first 40 files in name order (a glob is sorted; no `ls | head`, whose
# early exit is a SIGPIPE failure under pipefail).
zh_files=("$PD_SHARED_DIR"/corpus/zh/*.md)
cp "${zh_files[@]:0:40}" "$tmp/in/"
cp "$PD_SOURCE_DIR"/examples/*.zh.txt "$PD_SOURCE_DIR"/examples/*.md "$tmp/in/"
"$PODIUM" ingest --db "$tmp/zh.db" --quiet "$tmp/in" >/dev/null
for f in "$tmp"/in/*; do "$PODIUM" parse --json "$f"; done > "$tmp/records.jsonl"
python3 - "$PODIUM" "$tmp/zh.db" "$tmp/records.jsonl" "$PD_BUILD_DIR/generated/cjk_fold_table.h" <<'PY'
import json, random, re, subprocess, sys
podium, db, records, table = sys.argv[1:5]
fold = {int(a, 16): int(b, 16) for a, b in re.findall(r"\{ 0x([0-9A-F]+), 0x([0-9A-F]+) \}", open(table).read())}
unfold = {}
for t, s in fold.items():
    unfold.setdefault(s, t)
def f(s):
    return "".join(chr(fold.get(ord(c), ord(c))) for c in s)
cjk = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
turns = {}
for line in open(records, encoding="utf-8"):
    r = json.loads(line)
    for t in r["turns"]:
        turns[(r["id"], t["n"])] = f(t["text"])
rng = random.Random(20261128)
keys = sorted(turns)
queries = []
while len(queries) < 60:
    text = turns[rng.choice(keys)]
    runs = [m.group(0) for m in cjk.finditer(text) if len(m.group(0)) >= 4]
    if not runs:
        continue
    run = rng.choice(runs)
    n = [1, 2, 2, 3, 4][len(queries) % 5]
    i = rng.randrange(0, len(run) - n + 1)
    q = run[i:i + n]
    # every third query in the other script: Traditional forms of the characters
    if len(queries) % 3 == 2:
        q = "".join(chr(unfold.get(ord(c), ord(c))) for c in q)
    queries.append(q)
bad = 0
total_expected = 0
for q in queries:
    want = {k for k, text in turns.items() if f(q) in text}
    out = subprocess.run([podium, "search", "--db", db, "--json", "--limit", "100000", q],
                         capture_output=True, text=True)
    got = {(h["record_id"], h["turn"]) for h in map(json.loads, out.stdout.splitlines()) if h["turn"] > 0}
    total_expected += len(want)
    if got != want:
        bad += 1
        print(f"MISMATCH {q!r}: brute force {len(want)}, search {len(got)}; "
              f"missed {sorted(want - got)[:3]} extra {sorted(got - want)[:3]}")
print(f"{len(queries)} queries (1-4 characters, a third in the other script), "
      f"{total_expected} matching turns expected, {bad} queries differ")
sys.exit(1 if bad else 0)
PY
