#!/usr/bin/env bash
# ctest-labels: pg;slow
# Both backends, one archive, the same answers: the same transcripts
# (PM sample, bilingual pairs, 80 Chinese briefings, the examples) are
# ingested into SQLite and into a throwaway PostgreSQL; then
#   - stats agree (records, turns, speakers, revisions, languages, dates);
#   - records read back as the same JSON (podium show --format json);
#   - a query list — English words, phrases, OR, exclusions, filters, and
#     Chinese substrings of 1-4 characters in both scripts — returns the
#     same turns and the same totals from both.
set -euo pipefail
: "${PODIUM:?}" "${PD_SOURCE_DIR:?}" "${PD_SHARED_DIR:?}"
source "$PD_SOURCE_DIR/tests/pg/pg_cluster.sh"
tmp=$(mktemp -d)
trap 'pd_pg_stop; rm -rf "$tmp"' EXIT
pd_pg_start
mkdir -p "$tmp/in/pm" "$tmp/in/bi" "$tmp/in/zh" "$tmp/in/ex"
cp "$PD_SHARED_DIR"/corpus/pm-transcripts/sample/* "$tmp/in/pm/"
cp "$PD_SHARED_DIR"/corpus/bilingual/*.md "$tmp/in/bi/"
# the first 80 in name order (a glob is sorted; `ls | sort | head` failed a
# dry run: head's early exit is a SIGPIPE failure under pipefail)
zh_files=("$PD_SHARED_DIR"/corpus/zh/*.md)
cp "${zh_files[@]:0:80}" "$tmp/in/zh/"
cp "$PD_SOURCE_DIR"/examples/* "$tmp/in/ex/"
lite="$tmp/podium.db"
start=$(date +%s.%N)
# exit 1: some inputs rejected (the same ones for both, compared below)
"$PODIUM" ingest --db "$lite" --quiet "$tmp/in" >"$tmp/ingest.sqlite" 2>&1 || [ $? = 1 ]
mid=$(date +%s.%N)
"$PODIUM" ingest --db "$PD_PG_URI" --quiet "$tmp/in" >"$tmp/ingest.pg" 2>&1 || [ $? = 1 ]
end=$(date +%s.%N)
python3 -c "import sys; a,b,c=map(float,sys.argv[1:]); print(f'ingest: sqlite {b-a:.2f} s, postgres {c-b:.2f} s')" "$start" "$mid" "$end"
# the same report, but for the time the closing optimize took
diff <(grep -v '^optimized the search index' "$tmp/ingest.sqlite") \
	<(grep -v '^optimized the search index' "$tmp/ingest.pg")
grep '^added' "$tmp/ingest.pg"

# stats, without the lines that name the backend and its size
"$PODIUM" stats --db "$lite" | grep -v -e '^backend' -e '^size' >"$tmp/stats.sqlite"
"$PODIUM" stats --db "$PD_PG_URI" | grep -v -e '^backend' -e '^size' >"$tmp/stats.pg"
diff "$tmp/stats.sqlite" "$tmp/stats.pg"
cat "$tmp/stats.pg"

python3 - "$PODIUM" "$lite" "$PD_PG_URI" "$tmp/in" <<'PY'
import json, random, re, subprocess, sys, time
podium, lite, pg, indir = sys.argv[1:5]

def run(db, *args):
    out = subprocess.run([podium, *args[:1], "--db", db, *args[1:]], capture_output=True,
                         text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"podium {' '.join(args)} on {db}: exit {out.returncode}: {out.stderr}")
    return out.stdout

rng = random.Random(20261128)
# records read back the same
ids = sorted({h["record_id"] for h in map(json.loads, run(lite, "search", "--json", "--limit",
              "100000", "the OR 的 OR 是 OR 在 OR and").splitlines())})
for i in rng.sample(ids, min(len(ids), 60)):
    a, b = run(lite, "show", "--format", "json", i), run(pg, "show", "--format", "json", i)
    if a != b:
        sys.exit(f"show {i}: the backends differ")
print(f"{min(len(ids), 60)} of {len(ids)} records read back the same from both")

texts = []
for line in run(lite, "search", "--json", "--limit", "100000", "the OR 的").splitlines():
    texts.append(json.loads(line)["snippet"].replace("\x02", "").replace("\x03", ""))
words = sorted({w for t in texts for w in re.findall(r"[A-Za-z]{4,}", t)})
cjk = [m for t in texts for m in re.findall(r"[\u4e00-\u9fff]{4,}", t)]
queries = ["embassy", "prime minister", '"prime minister"', "tariffs OR trade",
           "trade -china", "(health OR hospital) funding", '"national security"',
           "covid-19", "don't", "O'Neil", "Café", "NEAR(trade, 5)", "col:trade", "trade*",
           "使馆", "馆", "记者会", "記者會", "政府 -香港", "数位 OR 數位", "台灣", "台湾",
           "uber 優步", '"digital minister"', "唐凤", "唐鳳", "第", "一"]
queries += [rng.choice(words) for _ in range(30)]
queries += [" ".join(rng.sample(words, 2)) for _ in range(10)]
queries += [f"{rng.choice(words)} OR {rng.choice(words)}" for _ in range(10)]
for k in range(30):
    run_ = rng.choice(cjk)
    n = [1, 2, 2, 3, 4][k % 5]
    i = rng.randrange(0, len(run_) - n + 1)
    queries.append(run_[i:i + n])
filters = [[], ["--lang", "zh"], ["--lang", "en"], ["--kind", "answer"],
           ["--from", "2016", "--to", "2020-06"], ["--speaker", "PM"],
           ["--type", "press conference"], ["--kind", "title"]]
diff = 0
hits = 0
times = {"sqlite": 0.0, "postgres": 0.0}
for qi, q in enumerate(queries):
    # every filter with some fixed query, a random one with half the rest
    fs = [[]] + ([filters[qi % len(filters)], filters[(qi + 3) % len(filters)]] if qi < 28
                 else [rng.choice(filters)] if qi % 2 else [])
    for f in fs:
        got = {}
        for name, db in (("sqlite", lite), ("postgres", pg)):
            t0 = time.time()
            out = run(db, "search", *f, "--json", "--limit", "100000", q)
            times[name] += time.time() - t0
            got[name] = sorted((h["record_id"], h["turn"]) for h in map(json.loads, out.splitlines()))
        hits += len(got["sqlite"])
        if got["sqlite"] != got["postgres"]:
            diff += 1
            a, b = set(got["sqlite"]), set(got["postgres"])
            print(f"DIFF {q!r} {f}: sqlite {len(a)}, postgres {len(b)};"
                  f" only sqlite {sorted(a - b)[:3]}, only postgres {sorted(b - a)[:3]}")
print(f"{len(queries)} queries ({hits} hits with filters): {diff} differ;"
      f" CLI time sqlite {times['sqlite']:.1f} s, postgres {times['postgres']:.1f} s")
sys.exit(1 if diff else 0)
PY
