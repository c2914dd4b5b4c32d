#!/usr/bin/env bash
# The memcheck tier (make test-valgrind): every unit test, every fuzz
# target's replay of its seeds and regression inputs, and a small ingest +
# search + show + serve through the podium binary, each under valgrind
# memcheck. Fails on any error or definite leak.
#
#   scripts/valgrind.sh [BUILD_DIR]        (default: build, RelWithDebInfo)
#
# Unit tests run here as they are; script tests (tests/integration) are
# covered by the CLI run below and run under ASan in `make test-asan`.
set -euo pipefail
cd "$(dirname "$0")/.."
# Tests that bound CPU time (quadratic-behaviour guards) scale their bound
# by this: memcheck runs code 20-100x slower.
export PD_TEST_TIME_SCALE=${PD_TEST_TIME_SCALE:-100}
VG=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
	--show-leak-kinds=definite --track-origins=yes --suppressions="$PWD/scripts/valgrind.supp")
if [ "${1:-}" = --one ]; then # --one BUILD NAME BINARY ARGS...: one job
	BUILD=$2 name=$3
	shift 3
	t0=$SECONDS
	if (cd "$BUILD" && "${VG[@]}" "$@") >"$BUILD/valgrind/$name.log" 2>&1; then
		echo "valgrind: $name ok ($((SECONDS - t0)) s)"
		exit 0
	fi
	echo "valgrind: $name FAILED ($((SECONDS - t0)) s), see $BUILD/valgrind/$name.log"
	exit 1
fi
BUILD=${1:-build}
SHARED=${PD_SHARED_DIR:-$PWD/../shared}
JOBS=${JOBS:-$(nproc)}
cmake -S . -B "$BUILD" >/dev/null
cmake --build "$BUILD" -j "$JOBS" >/dev/null
log="$BUILD/valgrind"
rm -rf "$log"
mkdir -p "$log"
export PD_SHARED_DIR=$SHARED

jobs_file="$log/jobs"
: >"$jobs_file"
# The slowest unit test runs as shards (--shard I/N, tests/unit/
# test_shard.h: every Nth of its tests), first, so that the shards and
# everything else share the cores instead of one 13-minute job finishing
# alone (its tests take 0.1-6 s natively each: small shards let the pool
# even them out).
SHARDED=(test_store_sqlite)
SHARDS=${VALGRIND_SHARDS:-16}
for name in "${SHARDED[@]}"; do
	for i in $(seq 0 $((SHARDS - 1))); do
		echo "$name-$i $BUILD/tests/$name --shard $i/$SHARDS" >>"$jobs_file"
	done
done
for t in "$BUILD"/tests/test_*; do
	# the unit tests only (test_store_pg runs inside pg_store.sh)
	[ -x "$t" ] && [ -f "tests/unit/$(basename "$t").c" ] || continue
	[[ " ${SHARDED[*]} " == *" $(basename "$t") "* ]] && continue
	echo "$(basename "$t") $t" >>"$jobs_file"
done
for t in "$BUILD"/fuzz/fuzz_*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	dirs="$PWD/fuzz/corpus/$n"
	[ -d "tests/regress/$n" ] && dirs="$dirs $PWD/tests/regress/$n"
	echo "$n $t $dirs" >>"$jobs_file"
done

status=0
# Each line of jobs_file is "name binary args..." (paths without spaces);
# xargs runs JOBS of them at a time through this script's --one mode.
sed "s|^\([^ ]*\) |\1 $PWD/|" "$jobs_file" |
	xargs -P "$JOBS" -L1 bash "$PWD/scripts/valgrind.sh" --one "$BUILD" || status=1

# The CLI end to end: ingest, search, show in every format, serve a few
# pages, on a small archive.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
podium="$PWD/$BUILD/podium"
cli() { # name args...
	local name=$1
	shift
	if "${VG[@]}" "$podium" "$@" >"$log/cli-$name.out" 2>"$log/cli-$name.log"; then
		echo "valgrind: podium $name ok"
	else
		echo "valgrind: podium $name FAILED, see $log/cli-$name.log"
		status=1
	fi
}
cli ingest ingest --quiet --db "$tmp/db" examples "$SHARED/corpus/pm-transcripts/sample/transcript-16.xml"
cli search search --db "$tmp/db" "ferry OR minister"
cli search-zh search --db "$tmp/db" "发言人"
for f in json md text akn; do cli "show-$f" show --db "$tmp/db" --format $f pm-90001; done
cli stats stats --db "$tmp/db"
"${VG[@]}" "$podium" serve --db "$tmp/db" --port 0 --threads 2 --quiet >"$tmp/serve.out" 2>"$log/cli-serve.log" &
server=$!
for _ in $(seq 100); do grep -q http "$tmp/serve.out" 2>/dev/null && break; sleep 0.2; done
base=$(sed -n 's|.*\(http://[0-9.:]*\)/.*|\1|p' "$tmp/serve.out")
for p in / "/search?q=ferry" /records/pm-90001 /records/pm-90001.akn.xml "/api/v1/search?q=minister" \
	/feed.atom /sitemap.xml "/search?q=%ff" /static/../../etc/passwd; do
	curl -s -o /dev/null --path-as-is "$base$p" || true
done
kill -TERM "$server"
if wait "$server"; then
	echo "valgrind: podium serve ok"
else
	echo "valgrind: podium serve FAILED, see $log/cli-serve.log"
	status=1
fi
exit $status
