#!/usr/bin/env bash
# bench/web_cache.sh: the page cache under a spike of readers — podium serve
# with its page cache, podium serve --cache-mb 0, and nginx serving saved
# copies of the same responses, interleaved, RUNS times.
#
#   bash bench/web_cache.sh DB [RECORD_ID]
#
# Env: PODIUM (default build/podium), RUNS (5), WRK_SECS (5), CACHE_MB (64),
# OUT (default: $PODIUM_BENCH_DIR/web_cache, /tmp/podium-bench/web_cache),
# BEFORE (optional: a podium binary without the page cache, e.g. built
# from the commit before it, measured as a fourth server to show that
# --cache-mb 0 costs what the old server did).
# Targets: a record page, /feed.atom, /api/v1/records/ID; each with
# `wrk -t2 -c64` (no Accept-Encoding: every server sends the identity
# body). Podium runs with --quiet (nginx has access_log off) and its
# default threads (one per CPU); nginx with 2 workers, sendfile.
# Prints a Markdown table: requests/s median (min–max) over the runs, and
# the ratio to nginx, computed within each run (the servers of one run
# are measured back to back) then the median (min–max) of those ratios.
# docs/performance.md explains the method.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DB=${1:?usage: bench/web_cache.sh DB [RECORD_ID]}
PODIUM=${PODIUM:-$ROOT/build/podium}
RUNS=${RUNS:-5}
WRK_SECS=${WRK_SECS:-5}
CACHE_MB=${CACHE_MB:-64}
OUT=${OUT:-${PODIUM_BENCH_DIR:-/tmp/podium-bench}/web_cache}
mkdir -p "$OUT/root/records" "$OUT/root/api/v1/records" "$OUT/tmp"
RID=${2:-$(sqlite3 "$DB" "SELECT id FROM records WHERE nturns > 20 ORDER BY rid LIMIT 1 OFFSET 100")}
log() { printf '[web_cache %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
. "$ROOT/bench/nginx_conf.sh"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# start_podium BINARY PORT [options...]: starts podium serve, waits for it
start_podium() {
	local bin=$1 port=$2
	shift 2
	"$bin" serve --db "$DB" --bind 127.0.0.1 --port "$port" --quiet "$@" >/dev/null 2>&1 &
	PIDS+=($!)
	for _ in $(seq 200); do
		curl -s -o /dev/null "http://127.0.0.1:$port/robots.txt" && return 0
		sleep 0.05
	done
	log "podium serve did not start"
	exit 1
}

# One Host for every request: pages carry absolute links built from it, so
# both podium servers (on their own ports) then send the same bytes.
HOST="Host: bench.local"
declare -A PATHS=([record]="/records/$RID" [feed]="/feed.atom" [api]="/api/v1/records/$RID")
TARGETS="record feed api"

P_CACHE=$(free_port); start_podium "$PODIUM" "$P_CACHE" --cache-mb "$CACHE_MB"
P_NOCACHE=$(free_port); start_podium "$PODIUM" "$P_NOCACHE" --cache-mb 0
SERVERS=("cache:$P_CACHE" "nocache:$P_NOCACHE")
if [ -n "${BEFORE:-}" ]; then
	P_BEFORE=$(free_port); start_podium "$BEFORE" "$P_BEFORE"
	SERVERS+=("before:$P_BEFORE")
fi
# the saved copies nginx serves: the same bytes podium sends
for t in $TARGETS; do
	curl -sf -H "$HOST" -o "$OUT/root${PATHS[$t]}" "http://127.0.0.1:$P_NOCACHE${PATHS[$t]}"
done
P_NGINX=$(free_port)
nginx_conf "$OUT" "$P_NGINX" >"$OUT/nginx.conf"
nginx -c "$OUT/nginx.conf" -e "$OUT/error.log" &
PIDS+=($!)
SERVERS+=("nginx:$P_NGINX")
sleep 0.5
for t in $TARGETS; do
	for s in "${SERVERS[@]}"; do
		p=${s#*:}
		curl -sf -H "$HOST" -o "$OUT/check" "http://127.0.0.1:$p${PATHS[$t]}" ||
			{ log "$t: port $p does not answer"; exit 1; }
		cmp -s "$OUT/check" "$OUT/root${PATHS[$t]}" || { log "$t: port $p sends other bytes"; exit 1; }
	done
done
log "record $RID ($(wc -c <"$OUT/root${PATHS[record]}") bytes), load $(cut -d' ' -f1-3 /proc/loadavg)"

RAW=$OUT/raw.tsv
: >"$RAW"
for run in $(seq "$RUNS"); do
	for t in $TARGETS; do
		# rotate the order each run so no server always goes first
		order=("${SERVERS[@]}")
		for i in $(seq 0 $(((run - 1) % ${#order[@]} - 1))); do order=("${order[@]:1}" "${order[0]}"); done
		for entry in "${order[@]}"; do
			name=${entry%%:*} port=${entry#*:}
			rps=$(wrk -t2 -c64 -d"${WRK_SECS}s" --timeout 10s -H "$HOST" "http://127.0.0.1:$port${PATHS[$t]}" |
				awk '/^Requests\/sec:/ { print $2 }')
			printf '%s\t%s\t%s\t%s\n' "$run" "$t" "$name" "${rps:-0}" >>"$RAW"
			log "run $run $t $name: ${rps:-0} req/s"
		done
	done
done

python3 - "$RAW" "$RUNS" "$WRK_SECS" <<'PY'
import statistics, sys
from collections import defaultdict
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
v = defaultdict(dict)
for run, t, name, rps in rows:
    v[(t, name)][run] = float(rps)
names = [n for n in ("cache", "nocache", "before") if (("record", n)) in v]
label = {"cache": "podium, cache", "nocache": "podium, --cache-mb 0",
         "before": "podium before the cache"}
def fmt(xs, f):
    return f"{f(statistics.median(xs))} ({f(min(xs))}–{f(max(xs))})"
i = lambda x: f"{x:,.0f}"
r2 = lambda x: f"{x:.2f}×"
print(f"wrk -t2 -c64, {sys.argv[3]} s each, {sys.argv[2]} interleaved runs; "
      "requests/s median (min–max); ratio to nginx within each run")
print()
print("| target | " + " | ".join(label[n] for n in names) + " | nginx, saved copy | "
      + " | ".join(label[n] + " ÷ nginx" for n in names) + " |")
print("| --- " * (2 + 2 * len(names)) + "|")
for t in ("record", "feed", "api"):
    runs = sorted(v[(t, "nginx")])
    g = [v[(t, "nginx")][r] for r in runs]
    cols = [fmt([v[(t, n)][r] for r in runs], i) for n in names]
    ratios = [fmt([v[(t, n)][r] / v[(t, "nginx")][r] for r in runs if v[(t, "nginx")][r]], r2)
              for n in names]
    print(f"| {t} | " + " | ".join(cols) + f" | {fmt(g, i)} | " + " | ".join(ratios) + " |")
PY
