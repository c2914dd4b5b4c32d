#!/usr/bin/env bash
# bench/run.sh: `make bench` — Podium next to its baselines, same machine, same run.
#
#   bash bench/run.sh           1x and 10x, RUNS (3) interleaved runs
#   bash bench/run.sh --quick   1x only, one run, short wrk
#
# Builds Release in $BUILD (build-bench), prepares the data in
# $PODIUM_BENCH_DIR (/tmp/podium-bench; never the repository), measures, and
# writes the table to bench/results/latest.md (bench/report.py).
# What is measured and how: docs/performance.md.
#
# Baselines that do not change from run to run (the 10x archive, the bare
# FTS5 and Xapian indexes at 10x) are built once and reused while their
# inputs are unchanged; their build figures are kept with them and reported
# as such. Podium's own ingest is measured every time.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
QUICK=0
[ "${1:-}" = "--quick" ] && QUICK=1
BUILD=${BUILD:-$ROOT/build-bench}
DATA=${PODIUM_BENCH_DIR:-/tmp/podium-bench}
SHARED=${PD_SHARED_DIR:-$(cd "$ROOT/.." && pwd)/shared}
PM=$SHARED/corpus/pm-transcripts/dev.tar.zst
ZH=$SHARED/corpus/zh
QUERIES=$ROOT/bench/queries.tsv
if [ $QUICK = 1 ]; then
	RUNS=${RUNS:-1}; SCALES=${SCALES:-1x}; WRK_SECS=${WRK_SECS:-3}
else
	RUNS=${RUNS:-3}; SCALES=${SCALES:-"1x 10x"}; WRK_SECS=${WRK_SECS:-8}
fi
mkdir -p "$DATA"
RAW=$DATA/raw.tsv
: > "$RAW"
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
# emit SCALE RUN CMD...: runs CMD, prefixes its I/T/O lines with scale and run
emit() {
	local scale=$1 run=$2; shift 2
	"$@" | awk -v s="$scale" -v r="$run" -F'\t' '$1 ~ /^[ITO]$/ { print s "\t" r "\t" $0 }' >> "$RAW"
}
info() { printf '%s\t%s\tI\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RAW"; }
. "$ROOT/bench/nginx_conf.sh"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
bytes_of() { local t=0 f; for f in "$@"; do [ -e "$f" ] && t=$((t + $(stat -c %s "$f"))); done; echo $t; }

# --- build ---------------------------------------------------------------
log "building Release in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target podium >"$DATA/build.log" 2>&1 ||
	{ cat "$DATA/build.log" >&2; exit 3; }
LIBS="$(pkg-config --libs sqlite3 libpq libxml-2.0 libarchive jansson libutf8proc libmicrohttpd opencc zlib) -lpthread -lm"
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -D_GNU_SOURCE -I"$ROOT/src" \
	-I"$BUILD/generated" "$ROOT/bench/pd_bench.c" "$BUILD/libpodium_core.a" $LIBS -o "$BUILD/pd_bench"
c++ -O2 "$ROOT/bench/xapian_bench.cc" -lxapian -o "$BUILD/xapian_bench"
PODIUM=$BUILD/podium
PB=$BUILD/pd_bench
XB=$BUILD/xapian_bench

# --- machine -------------------------------------------------------------
info all 0 machine "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
info all 0 load_at_start "$(cut -d' ' -f1-3 /proc/loadavg)"
info all 0 sqlite "$(sqlite3 --version | cut -d' ' -f1)"
info all 0 xapian "$(dpkg-query -W -f='${Version}' libxapian30 2>/dev/null || echo '?')"
info all 0 date "$(date -u +%Y-%m-%dT%H:%MZ)"
info all 0 commit "$(git -C "$ROOT" rev-parse --short HEAD)"

# --- data ----------------------------------------------------------------
inputs_of() {
	case $1 in
	1x) echo "$PM $ZH" ;;
	10x) echo "$DATA/x10.tar" ;;
	esac
}
if [[ " $SCALES " == *" 10x "* ]] && [ ! -s "$DATA/x10.tar" ]; then
	log "generating the 10x archive"
	python3 "$ROOT/bench/gen_archive.py" --factor 10 --seed 1 --out "$DATA/x10.tar" "$PM" "$ZH" >&2
fi

serve() { # serve DB PORT: starts podium serve, waits until it answers
	"$PODIUM" serve --db "$1" --bind 127.0.0.1 --port "$2" >/dev/null 2>&1 &
	SERVER=$!
	for _ in $(seq 200); do
		curl -s -o /dev/null "http://127.0.0.1:$2/robots.txt" && return 0
		sleep 0.05
	done
	log "podium serve did not start"; return 1
}
# A wrk run leaves the server a backlog of slow requests (a search with
# facets); wait until it answers a cheap one again before the next.
drain() {
	for _ in $(seq 120); do
		curl -s -o /dev/null --max-time 0.5 "http://127.0.0.1:$1/robots.txt" && return 0
	done
}
stop_server() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; }

# PostgreSQL next to SQLite: a throwaway cluster (tests/pg/pg_cluster.sh)
# at the scales in PG_SCALES (default 1x; "" skips it). Ingest into a new
# database each run; search with the same list through the same store API.
PG_SCALES=${PG_SCALES-1x}
PG_ON=0
if [ -n "$PG_SCALES" ]; then
	source "$ROOT/tests/pg/pg_cluster.sh"
	if [ -x "$PD_PG_BIN/initdb" ] && pd_pg_start; then
		PG_ON=1
		trap pd_pg_stop EXIT
		info all 0 postgres "$(pd_psql -At -c 'SHOW server_version' | cut -d' ' -f1)"
	else
		log "PostgreSQL not available: its rows are left out"
	fi
fi
pg_wanted() { [ "$PG_ON" = 1 ] && [[ " $PG_SCALES " == *" $1 "* ]]; }

for SCALE in $SCALES; do
	D=$DATA/$SCALE
	mkdir -p "$D"
	read -r -a IN <<< "$(inputs_of "$SCALE")"
	log "$SCALE: parser alone"
	emit "$SCALE" 0 "$PB" parse "${IN[@]}"
	log "$SCALE: naive script parser"
	emit "$SCALE" 0 python3 "$ROOT/bench/naive_parse.py" "${IN[@]}"

	# Ingest: Podium every run at 1x, once at 10x; bare FTS5 next to it.
	NI=$RUNS; [ "$SCALE" = 10x ] && NI=1
	for run in $(seq "$NI"); do
		log "$SCALE: podium ingest, run $run"
		rm -f "$D/podium.db" "$D/podium.db-wal" "$D/podium.db-shm"
		t0=$(now_ms)
		/usr/bin/time -f '%M' -o "$D/ingest.rss" "$PODIUM" ingest --quiet --db "$D/podium.db" "${IN[@]}" > "$D/ingest.out" || true
		t1=$(now_ms)
		sqlite3 "$D/podium.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
		info "$SCALE" "$run" ingest_ms $((t1 - t0))
		info "$SCALE" "$run" ingest_rss_kb "$(tail -1 "$D/ingest.rss")"
		info "$SCALE" "$run" ingest_records "$(sed -n 's/^added \([0-9]*\).*/\1/p' "$D/ingest.out")"
		# ingest ends with podium optimize (top lists); its share of ingest_ms
		info "$SCALE" "$run" ingest_optimize_s "$(sed -n 's/^optimized the search index in \([0-9.]*\) s/\1/p' "$D/ingest.out")"
		info "$SCALE" "$run" ingest_db_bytes "$(bytes_of "$D/podium.db" "$D/podium.db-wal")"
		if [ "$run" = 1 ]; then
			# the baselines index these turns; kept (and their indexes
			# reused) while Podium stores the same turns
			emit "$SCALE" 0 "$PB" export "$D/podium.db" "$D/turns.new"
			if cmp -s "$D/turns.new" "$D/turns.tsv"; then rm "$D/turns.new"
			else mv "$D/turns.new" "$D/turns.tsv"; fi
		fi
		if [ "$SCALE" = 1x ] || [ ! -s "$D/fts5.db" ] || [ "$D/turns.tsv" -nt "$D/fts5.db" ]; then
			log "$SCALE: bare FTS5 build, run $run"
			emit "$SCALE" "$run" "$PB" fts5-build "$D/turns.tsv" "$D/fts5.db"
			grep -P "^$SCALE\t$run\tI\tfts5_" "$RAW" | cut -f3- > "$D/fts5.build" || true
		else
			log "$SCALE: bare FTS5 index reused"
			awk -v s="$SCALE" -v r="$run" '{ print s "\t" r "\t" $0 }' "$D/fts5.build" >> "$RAW"
			info "$SCALE" "$run" fts5_reused 1
		fi
		info "$SCALE" "$run" fts5_db_bytes "$(bytes_of "$D/fts5.db")"
	done
	if pg_wanted "$SCALE"; then
		for run in $(seq "$NI"); do
			log "$SCALE: podium ingest into PostgreSQL, run $run"
			pd_psql -d postgres -c "DROP DATABASE IF EXISTS bench_$SCALE" -c "CREATE DATABASE bench_$SCALE"
			PGURI="postgres://postgres@127.0.0.1:$PD_PG_PORT/bench_$SCALE"
			t0=$(now_ms)
			"$PODIUM" ingest --quiet --db "$PGURI" "${IN[@]}" > "$D/pg_ingest.out" || true
			t1=$(now_ms)
			info "$SCALE" "$run" pg_ingest_ms $((t1 - t0))
			info "$SCALE" "$run" pg_ingest_records "$(sed -n 's/^added \([0-9]*\).*/\1/p' "$D/pg_ingest.out")"
			info "$SCALE" "$run" pg_db_bytes "$("$PODIUM" stats --json --db "$PGURI" |
				python3 -c 'import json, sys; print(json.load(sys.stdin)["bytes"])')"
		done
	fi
	if [ ! -d "$D/xapian" ] || [ "$D/turns.tsv" -nt "$D/xapian" ] || [ ! -s "$D/xapian.build" ]; then
		log "$SCALE: Xapian build"
		rm -rf "$D/xapian"
		# Xapian's default flushes every 10,000 documents; a bulk build
		# is its own best case with a larger batch (memory stays < 1 GB)
		XAPIAN_FLUSH_THRESHOLD=100000 "$XB" build "$D/turns.tsv" "$D/xapian" > "$D/xapian.build"
	else
		log "$SCALE: Xapian index reused"
		info "$SCALE" 0 xapian_reused 1
	fi
	awk -v s="$SCALE" '{ print s "\t0\t" $0 }' "$D/xapian.build" >> "$RAW"
	info "$SCALE" 0 xapian_db_bytes "$(du -sb "$D/xapian" | cut -f1)"

	# Search: each run asks every engine the whole list, in turn.
	PORT=$(free_port)
	serve "$D/podium.db" "$PORT"
	for run in $(seq "$RUNS"); do
		log "$SCALE: search run $run"
		emit "$SCALE" "$run" "$PB" search podium "$D/podium.db" "$QUERIES" "$run"
		emit "$SCALE" "$run" "$XB" search "$D/xapian" "$QUERIES" "$run"
		emit "$SCALE" "$run" "$PB" search podium-first "$D/podium.db" "$QUERIES" "$run"
		emit "$SCALE" "$run" "$PB" search fts5 "$D/fts5.db" "$QUERIES" "$run"
		emit "$SCALE" "$run" "$PB" search podium-facets "$D/podium.db" "$QUERIES" "$run"
		emit "$SCALE" "$run" "$PB" http "$PORT" "$QUERIES" "$run"
		if pg_wanted "$SCALE"; then
			emit "$SCALE" "$run" "$PB" search podium-pg "$PGURI" "$QUERIES" "$run"
		fi
	done
	log "$SCALE: overlap@20 with exhaustive BM25"
	emit "$SCALE" 0 "$PB" overlap "$D/podium.db" "$QUERIES"

	# HTTP under load: wrk, 2 threads, 64 connections, next to nginx.
	if command -v wrk >/dev/null; then
		RID=$(sqlite3 "$D/podium.db" "SELECT id FROM records WHERE nturns > 20 ORDER BY rid LIMIT 1 OFFSET 100")
		WEB=$D/nginx
		mkdir -p "$WEB/root/records"
		curl -s "http://127.0.0.1:$PORT/records/$RID" > "$WEB/root/records/$RID"
		declare -A URLS=(
			[record]="/records/$RID"
			[search_page]="/search?q=government"
			[search_distinct]="/search?q=government"
			[api_search]="/api/v1/search?q=government"
			[feed]="/feed.atom"
		)
		for name in record search_page search_distinct api_search feed; do
			log "$SCALE: wrk $name"
			# search_distinct: each request its own query string (none
			# from the search cache); the others repeat one address
			script=()
			[ "$name" = search_distinct ] && script=(-s "$ROOT/bench/wrk_distinct.lua")
			wrk -t2 -c64 -d"${WRK_SECS}s" --timeout 10s --latency "${script[@]}" "http://127.0.0.1:$PORT${URLS[$name]}" > "$D/wrk.$name" 2>&1 || true
			python3 "$ROOT/bench/report.py" --wrk "$D/wrk.$name" "$SCALE" "wrk_$name" >> "$RAW"
			drain "$PORT"
		done
		info "$SCALE" 0 serve_rss_kb "$(awk '/VmRSS/ {print $2}' /proc/$SERVER/status)"
		# of which the mapped database file (the kernel's page cache,
		# shared and reclaimable) is RssFile; the server's own memory
		info "$SCALE" 0 serve_rss_anon_kb "$(awk '/RssAnon/ {print $2}' /proc/$SERVER/status)"
		stop_server
		if command -v nginx >/dev/null; then
			NPORT=$(free_port)
			nginx_conf "$WEB" "$NPORT" >"$WEB/nginx.conf"
			mkdir -p "$WEB/tmp"
			nginx -c "$WEB/nginx.conf" -e "$WEB/error.log" &
			NGINX=$!
			sleep 0.5
			log "$SCALE: wrk nginx"
			wrk -t2 -c64 -d"${WRK_SECS}s" --timeout 10s --latency "http://127.0.0.1:$NPORT/records/$RID" > "$D/wrk.nginx" 2>&1 || true
			python3 "$ROOT/bench/report.py" --wrk "$D/wrk.nginx" "$SCALE" wrk_nginx >> "$RAW"
			kill "$NGINX"; wait "$NGINX" 2>/dev/null || true
		fi
	else
		stop_server
	fi
	# Start-up: time from exec to the first answered request (a record page).
	PORT=$(free_port)
	t0=$(now_ms)
	"$PODIUM" serve --db "$D/podium.db" --bind 127.0.0.1 --port "$PORT" >/dev/null 2>&1 &
	SERVER=$!
	emit "$SCALE" 0 "$PB" first "$PORT" "/records/${RID:-x}" "$t0"
	stop_server
done

python3 "$ROOT/bench/report.py" "$RAW" "$ROOT/bench/results/latest.md"
