#!/usr/bin/env bash
# browser.sh: the web pages in a real browser (tests/browser/web.test.js:
# Debian chromium through playwright-core, axe-core accessibility checks).
# Builds a database from examples/ (ingest links the English/Chinese
# harbour pair as translations), serves it on a free port and runs the script.
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
# the English and Chinese harbour pages: ingest links them as translations
en=2026-03-12-harbour-district-opens-its-waterfront-to-the-public
zh=2026-03-12-f9e0bf15
linked=0
"$PODIUM" show --db "$db" --format json "$en" | grep -qF "\"id\":\"$zh\"" && linked=1
[ "$linked" = 1 ] || { echo "FAIL ingest did not link $en and $zh"; exit 1; }

# a corrected record, for the "Corrected on" notice and the earlier version
fixed=pm-90001
"$PODIUM" show --db "$db" --format json "$fixed" |
	python3 -c 'import json,sys; r=json.load(sys.stdin); r["title"]+=" (corrected)"; json.dump(r, sys.stdout)' >"$tmp/fixed.json"
"$PODIUM" correct --db "$db" --file "$tmp/fixed.json" --who "Jane Editor" --why "title clarified" "$fixed" >/dev/null

"$PODIUM" serve --db "$db" --port 0 --threads 2 --quiet >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do
	grep -q 'serving' "$tmp/out" 2>/dev/null && break
	sleep 0.1
done
base=$(sed -n 's|.*\(http://127\.0\.0\.1:[0-9]*\)/.*|\1|p' "$tmp/out")
[ -n "$base" ] || { cat "$tmp/err"; echo "FAIL server did not start"; exit 1; }

mkdir -p "$PD_BUILD_DIR/browser-shots"
PD_BASE_URL="$base" PD_EN_ID="$en" PD_ZH_ID="$zh" PD_LINKED="$linked" PD_FIXED_ID="$fixed" \
PD_SHOT_DIR="$PD_BUILD_DIR/browser-shots" PD_CHROMIUM="$chromium" \
	timeout 150 node "$dir/web.test.js"
