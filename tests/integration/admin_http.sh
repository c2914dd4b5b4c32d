#!/usr/bin/env bash
# admin_http.sh: corrections over real HTTP. `podium serve` refuses a token
# file others can read; without --admin-token-file the admin URLs are
# unknown ones; with it, curl corrects a record (Bearer token), the record
# page says "Corrected on", the earlier text is still readable as HTML and
# JSON, wrong tokens get 401 then 429 with Retry-After, a body over 8 MB
# gets 413 (announced or chunked), a mismatched id 409. Also a correction
# by the CLI while the server runs shows up on the next page view.
# ctest-labels: reliability
# Env: PODIUM, PD_SOURCE_DIR.
set -euo pipefail
: "${PODIUM:?}" "${PD_SOURCE_DIR:?}"

tmp=$(mktemp -d)
. "$PD_SOURCE_DIR/tests/reliability/serve.sh"
cleanup() {
	cleanup_server
	rm -rf "$tmp"
}
trap cleanup EXIT
fails=0
ok() { printf 'ok   %s\n' "$*"; }
bad() { printf 'FAIL %s\n' "$*"; fails=$((fails + 1)); }

db="$tmp/db"
"$PODIUM" ingest --quiet --db "$db" "$PD_SOURCE_DIR/examples" >/dev/null
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$token" >"$tmp/token"

# stop: ends the server without judging how (stop_server would)
stop() {
	cleanup_server
	server=""
}
# code METHOD PATH [curl options...]: prints the status, body in $tmp/body
code() {
	local method=$1 path=$2
	shift 2
	curl -s -o "$tmp/body" -D "$tmp/headers" -w '%{http_code}' -X "$method" "$@" "$base$path" || true
}
expect() {
	local want=$1 what=$2
	shift 2
	local got
	got=$(code "$@")
	if [ "$got" = "$want" ]; then ok "$want $what"; else bad "$what: got $got, want $want ($(head -c 300 "$tmp/body"))"; fi
}

# 1. a token file others can read is refused, with a reason
chmod 644 "$tmp/token"
st=0
"$PODIUM" serve --db "$db" --port 0 --admin-token-file "$tmp/token" >"$tmp/out" 2>"$tmp/err" || st=$?
if [ "$st" = 2 ] && grep -q 'chmod 600' "$tmp/err"; then ok "mode 644 token file refused"; else bad "mode 644: exit $st, $(cat "$tmp/err")"; fi
chmod 600 "$tmp/token"

id=pm-90001
"$PODIUM" show --db "$db" --format json "$id" >"$tmp/old.json"
python3 - "$tmp" "$id" <<'PY'
import json, sys
tmp, rid = sys.argv[1], sys.argv[2]
r = json.load(open(tmp + "/old.json"))
old = r["turns"][0]["text"]
open(tmp + "/old_text", "w").write(old.split("\n")[0][:60])
r["turns"][0]["text"] = "Corrected over HTTP: 40,000 homes."
body = {"who": "Jane <b>Editor</b>", "why": "figure misheard & fixed", "record": r}
json.dump(body, open(tmp + "/body.json", "w"))
other = dict(body, record=dict(r, id="someone-else"))
json.dump(other, open(tmp + "/other.json", "w"))
PY

# 2. off by default: the admin URLs are unknown ones
start_server "$db"
expect 404 "admin GET without --admin-token-file" GET "/api/v1/admin/records/$id/revisions" -H "Authorization: Bearer $token"
expect 405 "admin POST without --admin-token-file" POST "/api/v1/admin/records/$id/corrections" -H "Authorization: Bearer $token" --data-binary @"$tmp/body.json"
stop

# 3. on
start_server "$db" --admin-token-file "$tmp/token"
auth=(-H "Authorization: Bearer $token" -H "Content-Type: application/json")
url="/api/v1/admin/records/$id/corrections"
expect 409 "id mismatch" POST "$url" "${auth[@]}" --data-binary @"$tmp/other.json"
expect 400 "not JSON" POST "$url" "${auth[@]}" --data-binary 'nope'
expect 201 "correction" POST "$url" "${auth[@]}" --data-binary @"$tmp/body.json"
n=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["revision"]["number"])' "$tmp/body")
[ "$n" -ge 1 ] && ok "revision $n" || bad "no revision number"
grep -qi '^cache-control: no-store' "$tmp/headers" && ok "admin answer not cacheable" || bad "no Cache-Control: no-store"
expect 200 "the same again: unchanged" POST "$url" "${auth[@]}" --data-binary @"$tmp/body.json"
grep -q '"unchanged"' "$tmp/body" && ok "unchanged" || bad "repeat: $(cat "$tmp/body")"

expect 200 "record page" GET "/records/$id"
grep -q 'Corrected over HTTP' "$tmp/body" && ok "page shows the new text" || bad "new text missing"
grep -q 'Corrected on' "$tmp/body" && ok "page says Corrected on" || bad "no notice"
grep -q 'Jane &lt;b&gt;Editor&lt;/b&gt;' "$tmp/body" && ! grep -q '<b>Editor' "$tmp/body" \
	&& ok "who escaped" || bad "who not escaped"
expect 200 "earlier version page" GET "/records/$id/revisions/$n"
grep -qF "$(cat "$tmp/old_text")" "$tmp/body" && ok "old text readable" || bad "old text missing"
grep -q 'name="robots" content="noindex"' "$tmp/body" && ok "earlier version noindex" || bad "no noindex"
expect 200 "earlier version JSON" GET "/api/v1/records/$id/revisions/$n"
python3 - "$tmp/body" "$tmp/old.json" <<'PY' && ok "old record JSON intact" || bad "old JSON differs"
import json, sys
got = json.load(open(sys.argv[1]))["record"]
old = json.load(open(sys.argv[2]))
sys.exit(0 if got["turns"][0]["text"] == old["turns"][0]["text"] and got["title"] == old["title"] else 1)
PY
expect 200 "revision list" GET "/api/v1/records/$id/revisions"
expect 200 "admin revision list" GET "/api/v1/admin/records/$id/revisions" "${auth[@]}"

# 4. a CLI correction while the server runs: the next page view shows it
python3 - "$tmp" <<'PY'
import json, sys
b = json.load(open(sys.argv[1] + "/body.json"))
b["record"]["turns"][0]["text"] = "Corrected by the CLI."
json.dump(b["record"], open(sys.argv[1] + "/cli.json", "w"))
PY
"$PODIUM" correct --db "$db" --file "$tmp/cli.json" --who cli --why "second fix" "$id" >/dev/null
expect 200 "record page after CLI correction" GET "/records/$id"
grep -q 'Corrected by the CLI' "$tmp/body" && grep -q 'second fix' "$tmp/body" \
	&& ok "CLI correction shown" || bad "CLI correction not shown"

# 5. limits: a big body (announced, then chunked) and wrong tokens
head -c $((8 * 1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$tmp/big"
expect 413 "8 MB + 1 body" POST "$url" "${auth[@]}" --data-binary @"$tmp/big"
expect 413 "8 MB + 1 body, chunked" POST "$url" "${auth[@]}" -H "Transfer-Encoding: chunked" --data-binary @"$tmp/big"
for i in 1 2 3 4 5; do
	expect 401 "wrong token $i" POST "$url" -H "Authorization: Bearer wrong-token-$i-xxxxxxxx" --data-binary @"$tmp/body.json"
done
grep -qi '^www-authenticate: Bearer' "$tmp/headers" && ok "401 names the scheme" || bad "no WWW-Authenticate"
expect 429 "sixth try" POST "$url" "${auth[@]}" --data-binary @"$tmp/body.json"
grep -qi '^retry-after: [0-9]' "$tmp/headers" && ok "Retry-After" || bad "no Retry-After"
# still serving pages
expect 200 "site still up" GET "/records/$id"
stop
[ "$fails" = 0 ] || { echo "$fails failures"; exit 1; }
echo "ok: admin interface over HTTP"
