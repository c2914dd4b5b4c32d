#!/usr/bin/env bash
# XSS end to end: hostile records ingested through the CLI, every page and
# format fetched over HTTP from `podium serve`, parsed and checked inert
# (tests/reliability/xss.py: HTML, JSON, Atom, Akoma Ntoso, sitemap,
# Markdown through libcmark). 20 payloads — script tags, event attributes,
# javascript:/data: URLs, markup breakers, RTL overrides, template and
# Markdown link injection, broken UTF-8 — in titles, sources, topics,
# speaker labels, names, roles, turn texts, URLs, images and query strings,
# and (podium correct) in who and why of a correction, which the record
# page's notice and the earlier-version pages show.
# ctest-labels: reliability
# Env: PODIUM, PD_SOURCE_DIR.
set -euo pipefail
: "${PODIUM:?}" "${PD_SOURCE_DIR:?}"
. "$PD_SOURCE_DIR/tests/reliability/serve.sh"
tmp=$(mktemp -d)
trap 'cleanup_server; rm -rf "$tmp"' EXIT
xss="python3 $PD_SOURCE_DIR/tests/reliability/xss.py"

$xss make "$tmp/in"
out=$("$PODIUM" ingest --quiet --db "$tmp/db" "$tmp/in") || fail "ingest: $out"
echo "$out" | grep -q "added 21," || fail "ingest: $out"
$xss correct "$tmp/db" || fail "podium correct refused a hostile who/why"
start_server "$tmp/db"
$xss check "$base" | tee "$tmp/check" || fail "hostile content is not inert"
grep -q ", 20 corrected records" "$tmp/check" || fail "the corrections were not checked"
stop_server
