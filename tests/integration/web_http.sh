#!/usr/bin/env bash
# web_http.sh: `podium serve` over loopback. Builds a database from
# examples/, starts the server on a free port, fetches every route with curl
# and checks status codes and content types, then sends malformed requests
# (bad %-escapes, huge URLs, path traversal, POST, garbage request lines)
# and checks ETag/304, gzip, HEAD and the security headers. Stops the server
# with SIGTERM and expects a clean exit.
# Env: PODIUM (the binary), PD_SOURCE_DIR.
set -euo pipefail

: "${PODIUM:?set PODIUM to the podium binary}"
: "${PD_SOURCE_DIR:?set PD_SOURCE_DIR to the source tree}"

tmp=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

fails=0
ok() { printf 'ok   %s\n' "$*"; }
bad() { printf 'FAIL %s\n' "$*"; fails=$((fails + 1)); }

"$PODIUM" ingest --quiet --db "$tmp/web.db" "$PD_SOURCE_DIR/examples" >/dev/null

"$PODIUM" serve --db "$tmp/web.db" --port 0 --threads 2 --quiet >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do
	grep -q 'serving' "$tmp/out" 2>/dev/null && break
	sleep 0.1
done
port=$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/out")
[ -n "$port" ] || { cat "$tmp/err"; echo "FAIL server did not start"; exit 1; }
base="http://127.0.0.1:$port"
echo "server on $base (pid $pid)"

# check STATUS TYPE PATH [curl options...]: status and Content-Type prefix
check() {
	local want=$1 type=$2 path=$3
	shift 3
	local got
	got=$(curl -s -o "$tmp/body" -w '%{http_code} %{content_type}' "$@" "$base$path" || true)
	local code=${got%% *} ctype=${got#* }
	if [ "$code" = "$want" ] && { [ -z "$type" ] || [[ "$ctype" == "$type"* ]]; }; then
		ok "$want $path"
	else
		bad "$path: got '$got', wanted $want $type"
	fi
}

# a record id and a turn to visit, from the API
curl -s "$base/api/v1/records?per_page=100" >"$tmp/records.json"
read -r id zh count < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
en = [r["id"] for r in d["records"] if r["language"] == "en"]
zh = [r["id"] for r in d["records"] if r["language"].startswith("zh")]
print(en[0], zh[0], d["total"])' "$tmp/records.json")
[ "$count" -ge 6 ] && ok "API lists $count records" || bad "API lists $count records, wanted 6"

H="text/html; charset=utf-8"
J="application/json; charset=utf-8"
A="application/atom+xml; charset=utf-8"
X="application/xml; charset=utf-8"
check 200 "$H" /
check 200 "$H" "/records/$id"
check 200 "$H" "/records/$zh"
check 200 "$J" "/records/$id.json"
check 200 "text/markdown; charset=utf-8" "/records/$id.md"
check 200 "text/plain; charset=utf-8" "/records/$id.txt"
check 200 "$X" "/records/$id.akn.xml"
check 404 "$H" /records/no-such-record
check 200 "$H" "/search?q=ferry"
check 200 "$H" "/search?q=%E4%BD%BF%E9%A6%86"
check 200 "$H" "/search?q=ferry&lang=en&type=Press+Conference"
check 200 "$H" "/search?q=nothingmatchesthis"
check 400 "$H" "/search?q=%22unclosed"
check 400 "$H" "/search?q=ferry&from=31%2F31%2F2020"
check 200 "$H" /browse/dates/2026
check 200 "$H" /browse/dates/2026/03
check 404 "$H" /browse/dates/2026/13
check 200 "$H" "/types/Press%20Conference"
check 200 "$H" "/topics/Housing"
check 200 "$A" "/topics/Housing.atom"
check 200 "$H" "/speakers/JOURNALIST"
check 200 "$A" "/speakers/JOURNALIST.atom"
check 200 "$A" /feed.atom
check 200 "$A" "/search.atom?q=ferry"
check 200 "$X" /sitemap.xml
check 200 "text/plain; charset=utf-8" /robots.txt
check 200 "text/css; charset=utf-8" /static/app.css
check 200 "text/javascript; charset=utf-8" /static/app.js
check 200 "$J" /api/v1/records
check 200 "$J" "/api/v1/records?lang=zh&page=1&per_page=2"
check 400 "$J" "/api/v1/records?per_page=1000"
check 200 "$J" "/api/v1/records/$id"
check 200 "$J" "/api/v1/records/$id/turns/1"
check 404 "$J" "/api/v1/records/$id/turns/9999"
check 404 "$J" /api/v1/records/no-such-record
check 200 "$J" "/api/v1/search?q=ferry"
check 400 "$J" "/api/v1/search?q=((("
check 200 "$J" /api/v1/speakers
check 200 "$J" /api/v1/topics
check 200 "$J" /api/v1/openapi.json
check 404 "$J" /api/v1/nothing
check 404 "$H" /nothing

# the JSON answers parse (one python for all: it starts slowly)
n=0
for p in /api/v1/records "/api/v1/records/$id" "/api/v1/search?q=ferry" /api/v1/openapi.json \
	 /api/v1/nothing "/api/v1/records/$id/turns/1"; do
	n=$((n + 1))
	curl -s "$base$p" -o "$tmp/j$n.json"
done
if python3 -c 'import json, sys; [json.load(open(f)) for f in sys.argv[1:]]' "$tmp"/j*.json; then
	ok "$n JSON answers parse"
else
	bad "a JSON answer does not parse"
fi

# malformed requests
check 400 "$H" "/records/%zz"
check 400 "$H" "/records/%00"
check 400 "$H" "/search?q=%ff%fe"
check 400 "$H" "/search?q=%"
check 404 "$H" "/../../etc/passwd" --path-as-is
check 404 "$H" "/records/..%2F..%2Fetc%2Fpasswd"
check 404 "$H" "/static/../../CMakeLists.txt" --path-as-is
if grep -q 'root:' "$tmp/body"; then bad "traversal leaked a file"; fi
check 414 "" "/search?q=$(head -c 9000 /dev/zero | tr '\0' a)"
# far over the per-connection memory: refused by the library (414 or 431)
got=$(curl -s -o /dev/null -w '%{http_code}' "$base/$(head -c 100000 /dev/zero | tr '\0' a)" || true)
[[ "$got" =~ ^(414|431|400)$ ]] && ok "100 KB URL refused ($got)" || bad "100 KB URL: $got"
check 405 "$H" / -X POST -d 'a=b'
check 405 "$J" /api/v1/records -X DELETE
curl -s -D "$tmp/h" -o /dev/null -X PUT "$base/" || true
grep -qi '^Allow: GET, HEAD' "$tmp/h" && ok "405 names the allowed methods" || bad "405 without Allow"
# raw malformed requests: an error status or a closed connection, never a
# page; the server lives on
raw() {
	printf "%b" "$1" | timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; cat >&3; head -1 <&3" 2>/dev/null \
		| tr -d '\r' || true
}
reply=$(raw 'GARBAGE\r\n\r\n')
[[ -z "$reply" || "$reply" == HTTP/1.1\ [45]* ]] && ok "garbage request: '${reply:-closed}'" \
	|| bad "garbage request: '$reply'"
reply=$(raw 'GET / HTTP/1.1\r\nHost: x\r\nbad header line\r\n\r\n')
[[ "$reply" == "HTTP/1.1 400"* ]] && ok "bad header line: $reply" || bad "bad header line: '$reply'"
reply=$(raw 'GET / HTTP/9.9\r\nHost: x\r\n\r\n')
[[ "$reply" == "HTTP/1.1 505"* ]] && ok "HTTP/9.9: $reply" || bad "HTTP/9.9: '$reply'"
reply=$(raw 'GET /records/%zz HTTP/1.1\r\nHost: x\r\n\r\n')
[[ "$reply" == "HTTP/1.1 400"* ]] && ok "raw bad escape: $reply" || bad "raw bad escape: '$reply'"
check 200 "$H" /

# headers: ETag / 304, Last-Modified, gzip, HEAD, security
curl -s -D "$tmp/h" -o "$tmp/page" "$base/records/$id"
etag=$(sed -n 's/^ETag: *\(.*\)\r$/\1/Ip' "$tmp/h")
lm=$(sed -n 's/^Last-Modified: *\(.*\)\r$/\1/Ip' "$tmp/h")
[ -n "$etag" ] && ok "ETag $etag" || bad "no ETag"
[ -n "$lm" ] && ok "Last-Modified $lm" || bad "no Last-Modified"
check 304 "" "/records/$id" -H "If-None-Match: $etag"
check 304 "" "/records/$id" -H "If-Modified-Since: $lm"
check 200 "$H" "/records/$id" -H 'If-None-Match: "nope"'
for hdr in 'Content-Security-Policy: default-src' 'X-Content-Type-Options: nosniff' 'Referrer-Policy:'; do
	grep -qi "^$hdr" "$tmp/h" && ok "header $hdr" || bad "missing header $hdr"
done
grep -qi '^Server-Timing:' "$tmp/h" && bad "Server-Timing on a record page" || ok "no Server-Timing without a search"
curl -s -D "$tmp/hs" -o /dev/null "$base/api/v1/search?q=the"
grep -qiE '^Server-Timing: search;dur=[0-9]+\.[0-9]{3}' "$tmp/hs" && ok "Server-Timing on a search" ||
	bad "no Server-Timing on a search"
curl -s -D "$tmp/h" -o "$tmp/gz" -H 'Accept-Encoding: gzip' "$base/records/$id"
if grep -qi '^Content-Encoding: gzip' "$tmp/h" && gzip -dc "$tmp/gz" | cmp -s - "$tmp/page"; then
	ok "gzip body inflates to the page"
else
	bad "gzip"
fi
len=$(curl -s -I "$base/records/$id" | tee "$tmp/h" | sed -n 's/^Content-Length: *\([0-9]*\).*/\1/Ip')
head_status=$(head -1 "$tmp/h")
[[ "$head_status" == *200* ]] && [ "${len:-0}" -gt 0 ] && ok "HEAD 200, Content-Length $len" \
	|| bad "HEAD: $head_status $len"

# keep-alive: a second request reuses the connection
if curl -sv -o /dev/null -o /dev/null "$base/robots.txt" "$base/" 2>&1 | grep -q 'Re-using existing connection'; then
	ok "keep-alive"
else
	bad "connections are not kept alive"
fi

# the page carries no transcript markup: a search for <script> is text
curl -s "$base/search?q=%3Cscript%3Ealert(1)%3C/script%3E" -o "$tmp/body"
grep -q '<script>alert' "$tmp/body" && bad "query echoed raw" || ok "query echoed escaped"

# a clean stop
kill -TERM "$pid"
if wait "$pid"; then ok "stopped on SIGTERM"; else bad "exit status $? on SIGTERM"; fi
pid=""

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
