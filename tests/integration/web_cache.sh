#!/usr/bin/env bash
# web_cache.sh: the page cache of `podium serve` over HTTP. A record page,
# its API form and the feed are fetched twice (the second from the cache,
# byte for byte the same, gzip and 304 alike); then, while the server runs,
# another process corrects the record (`podium correct`) and the next
# fetch of each shows the new text; a re-ingest of a changed file the
# same. The same with --cache-mb 0 (no cache), and a bad --cache-mb value
# is refused. Stops the server with SIGTERM and expects a clean exit.
# Env: PODIUM (the binary), PD_SOURCE_DIR.
set -euo pipefail

: "${PODIUM:?set PODIUM to the podium binary}"
: "${PD_SOURCE_DIR:?set PD_SOURCE_DIR to the source tree}"

tmp=$(mktemp -d)
. "$PD_SOURCE_DIR/tests/reliability/serve.sh"
cleanup() {
	cleanup_server
	rm -rf "$tmp"
}
trap cleanup EXIT
ok() { echo "ok   $*"; }

db="$tmp/web.db"
"$PODIUM" ingest --quiet --db "$db" "$PD_SOURCE_DIR/examples" >/dev/null
id=pm-90001

# correct TEXT: another process rewrites the record's first turn
correct() {
	"$PODIUM" show --db "$db" --format json "$id" >"$tmp/rec.json"
	python3 - "$tmp/rec.json" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r["turns"][0]["text"] = sys.argv[2]
json.dump(r, open(sys.argv[1], "w"))
PY
	"$PODIUM" correct --db "$db" --file "$tmp/rec.json" --who "cache test" --why "$1" "$id" \
		>/dev/null
}

# fetched_twice PATH: the second answer equals the first, in both encodings
fetched_twice() {
	local path=$1
	curl -sf -o "$tmp/a" "$base$path" || fail "$path: first fetch"
	curl -sf -o "$tmp/b" "$base$path" || fail "$path: second fetch"
	cmp -s "$tmp/a" "$tmp/b" || fail "$path: the second fetch differs"
	curl -sf -H 'Accept-Encoding: gzip' -o "$tmp/gz" "$base$path" || fail "$path: gzip fetch"
	gzip -dc "$tmp/gz" | cmp -s - "$tmp/a" || fail "$path: the gzip answer is another page"
}

# shows PATH TEXT: the page holds TEXT now (plain and gzip). Fetched into
# files, not piped into grep -q: grep quitting early would kill the writer
# with SIGPIPE, a failure under pipefail.
shows() {
	curl -sf -o "$tmp/page" "$base$1" || fail "$1: fetch"
	grep -qF "$2" "$tmp/page" || fail "$1 does not show '$2'"
	curl -sf -H 'Accept-Encoding: gzip' -o "$tmp/page.gz" "$base$1" || fail "$1: gzip fetch"
	gzip -dc "$tmp/page.gz" >"$tmp/page" || fail "$1: not gzip"
	grep -qF "$2" "$tmp/page" || fail "$1 (gzip) does not show '$2'"
}

round() {
	local label=$1 n=$2
	for path in "/records/$id" "/api/v1/records/$id" /feed.atom "/records/$id.md"; do
		fetched_twice "$path"
	done
	ok "$label: pages fetched twice are the same"

	# ETag and 304 as without the cache
	etag=$(curl -sfI "$base/records/$id" | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')
	[ -n "$etag" ] || fail "$label: no ETag"
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base/records/$id")
	[ "$code" = 304 ] || fail "$label: If-None-Match gave $code"
	ok "$label: 304 for the page's own ETag"

	text="Cache check $n: corrected while the server runs."
	correct "$text"
	shows "/records/$id" "$text"
	shows "/api/v1/records/$id" "$text"
	shows "/records/$id.md" "$text"
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base/records/$id")
	[ "$code" = 200 ] || fail "$label: the old ETag still gave $code after the correction"
	ok "$label: a correction by another process shows at once"

	# a re-ingest of a changed file (another path into the store)
	sed "s/Good morning\./Good morning (re-ingested $n)./" "$PD_SOURCE_DIR/examples/transcript-90001.xml" \
		>"$tmp/transcript-90001.xml"
	grep -q "re-ingested $n" "$tmp/transcript-90001.xml" || fail "the example changed: no 'Good morning.'"
	"$PODIUM" ingest --quiet --db "$db" "$tmp/transcript-90001.xml" >/dev/null
	shows "/records/$id" "re-ingested $n"
	ok "$label: a re-ingest shows at once"
}

start_server "$db"
round "cache" 1
stop_server

start_server "$db" --cache-mb 0
round "no cache" 2
stop_server

st=0
"$PODIUM" serve --db "$db" --port 0 --cache-mb -1 >/dev/null 2>&1 || st=$?
[ "$st" = 2 ] || fail "--cache-mb -1: exit $st, wanted 2"
ok "a bad --cache-mb is a usage error"
