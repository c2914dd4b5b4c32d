#!/usr/bin/env bash
# browser.sh: the web pages in a real browser (tests/browser/web.test.js:
# Debian chromium through playwright-core, axe-core accessibility checks).
# Builds a database from examples/, links the English/Chinese harbour pair
# as translations (tests/browser/link.c, compiled here against the build's
# libpodium_core.a), serves it on a free port and runs the script.
# Screenshots go to $PD_BUILD_DIR/browser-shots/.
# Env: PODIUM, PD_SOURCE_DIR, PD_BUILD_DIR.
set -euo pipefail

: "${PODIUM:?}" "${PD_SOURCE_DIR:?}" "${PD_BUILD_DIR:?}"
dir="$PD_SOURCE_DIR/tests/browser"
chromium=${PD_CHROMIUM:-/usr/bin/chromium}
for tool in node npm "$chromium"; do
	command -v "$tool" >/dev/null || { echo "FAIL $tool is missing: run scripts/setup.sh"; exit 1; }
done

if [ ! -d "$dir/node_modules/playwright-core" ] || [ ! -d "$dir/node_modules/axe-core" ]; then
	# never download a browser: the test drives Debian's chromium
	(cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

tmp=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

db="$tmp/browser.db"
"$PODIUM" ingest --quiet --db "$db" "$PD_SOURCE_DIR/examples" >/dev/null
"$PODIUM" search --db "$db" --json --limit 100 harbour >"$tmp/hits.json" || true
read -r en zh < <(python3 -c '
import json, sys
ids = {}
for line in open(sys.argv[1]):
    h = json.loads(line)
    lang = "zh" if (h.get("language") or "").startswith("zh") else "en"
    ids.setdefault(lang, h["record_id"])
print(ids.get("en", ""), ids.get("zh", ""))' "$tmp/hits.json")
if [ -z "$zh" ]; then   # the Chinese page says 海港区, not "harbour"
	zh=$("$PODIUM" search --db "$db" --json --limit 1 海港区 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["record_id"])')
fi
[ -n "$en" ] && [ -n "$zh" ] || { echo "FAIL cannot find the harbour pair"; exit 1; }

# link them: compile the helper like the project (sanitizers in an Asan build)
linked=0
cflags=""
grep -q '^CMAKE_BUILD_TYPE:STRING=Asan' "$PD_BUILD_DIR/CMakeCache.txt" 2>/dev/null &&
	cflags="-fsanitize=address,undefined"
if cc -std=c11 $cflags -I"$PD_SOURCE_DIR/src" "$dir/link.c" "$PD_BUILD_DIR/libpodium_core.a" \
	$(pkg-config --libs sqlite3 libxml-2.0 libarchive jansson libutf8proc libmicrohttpd opencc zlib) \
	-lpthread -lm -o "$tmp/link" && "$tmp/link" "$db" "$en" "$zh"; then
	linked=1
else
	echo "note: could not link $en and $zh; the language step will be skipped"
fi

"$PODIUM" serve --db "$db" --port 0 --threads 2 --quiet >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do
	grep -q 'serving' "$tmp/out" 2>/dev/null && break
	sleep 0.1
done
base=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$tmp/out")
[ -n "$base" ] || { cat "$tmp/err"; echo "FAIL server did not start"; exit 1; }

mkdir -p "$PD_BUILD_DIR/browser-shots"
PD_BASE_URL="$base" PD_EN_ID="$en" PD_ZH_ID="$zh" PD_LINKED="$linked" \
PD_SHOT_DIR="$PD_BUILD_DIR/browser-shots" PD_CHROMIUM="$chromium" \
	timeout 150 node "$dir/web.test.js"
