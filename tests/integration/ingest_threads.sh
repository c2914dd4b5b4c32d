#!/usr/bin/env bash
# podium ingest reads and parses on a thread of its own (src/cli/ingest_feed.c),
# which also hashes and packs each record. Both must give the database one
# thread gives: ingest the PM sample, the zh folder and the
# seed page (rejects included) and the examples with small batches (commits
# while the reader runs ahead), threads on and off (and the records' hash and
# JSON made on the reader's thread or by the writer), and compare the output
# and every table row for row (timestamps aside), the top lists included.
set -euo pipefail
: "${PODIUM:?}" "${PD_SOURCE_DIR:?}" "${PD_SHARED_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
expect() {  # description, actual, wanted
	if [ "$2" == "$3" ]; then echo "ok: $1"; else echo "FAIL: $1: got '$2', want '$3'"; fails=$((fails+1)); fi
}

# the examples hold an English page and its Chinese translation: the second
# of the two gets the first's speaker names before it is stored
inputs=("$PD_SHARED_DIR/corpus/pm-transcripts/sample" "$PD_SHARED_DIR/corpus/zh" "$PD_SHARED_DIR/corpus/seed"
	"$PD_SOURCE_DIR/examples")
export PODIUM_TOPK_MIN_DOCS=20 PODIUM_TOPK_SIZE=40
run() {  # name, thread setting (0 or 1), hash and JSON made on the reader (1) or not (0)
	set +e
	PODIUM_INGEST_THREAD=$2 PODIUM_OPTIMIZE_THREAD=$2 PODIUM_INGEST_PREPARE=${3:-1} \
		"$PODIUM" ingest --quiet --batch 7 \
		--commit-log "$tmp/$1.log" --db "$tmp/$1.db" "${inputs[@]}" | grep -v '^optimized' > "$tmp/$1.out"
	echo "${PIPESTATUS[0]}" > "$tmp/$1.rc"
	set -e
}
run one 0 0
run two 1
expect "exit status" "$(cat "$tmp/two.rc")" "$(cat "$tmp/one.rc")"
expect "output (added, rejected, linked)" "$(cat "$tmp/two.out")" "$(cat "$tmp/one.out")"
expect "commit log" "$(cat "$tmp/two.log")" "$(cat "$tmp/one.log")"
added=$(sed -n 's/^added \([0-9]*\).*/\1/p' "$tmp/one.out")
[ "$added" -gt 400 ] && echo "ok: $added records" || { echo "FAIL: only $added records"; fails=$((fails+1)); }

differs() {  # table, columns
	sqlite3 "$tmp/two.db" "ATTACH '$tmp/one.db' AS a;
		SELECT (SELECT count(*) FROM (SELECT $2 FROM $1 EXCEPT SELECT $2 FROM a.$1))
		     + (SELECT count(*) FROM (SELECT $2 FROM a.$1 EXCEPT SELECT $2 FROM $1))"
}
for t in turns participants topics translations counts topk_lists topk_terms turns_fts_data; do
	expect "table $t: the same rows" "$(differs "$t" '*')" 0
done
expect "records: the same rows" "$(differs records 'rid, id, title, date, json, hash, nturns')" 0
contains() { case "$2" in *"$3"*) echo "ok: $1" ;; *) echo "FAIL: $1: no '$3'"; fails=$((fails+1)) ;; esac; }
# one record took its partner's speaker names after the reader had hashed
# and packed it: its row must be the one the writer makes itself (run one)
contains "a translation linked" "$(cat "$tmp/two.out")" "linked 1 translation pair"
expect "top lists made" "$(sqlite3 "$tmp/two.db" 'SELECT count(*) > 0 FROM topk_terms')" 1
# the lists from the merged doclists and the terms from its pages: no work
# is left for optimize's thread (its text scan: test_topk_early)
for db in one two; do
	expect "$db: the terms listed from the merged pages" \
		"$(sqlite3 "$tmp/$db.db" "SELECT value FROM meta WHERE key = 'topk_terms_by'")" pages
	expect "$db: no thread beside the merge" \
		"$(sqlite3 "$tmp/$db.db" "SELECT value FROM meta WHERE key = 'topk_early'")" 0
done

[ "$fails" -eq 0 ] || { echo "$fails failure(s)"; exit 1; }
echo "all ok"
