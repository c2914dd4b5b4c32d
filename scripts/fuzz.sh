#!/usr/bin/env bash
# Runs every libFuzzer target for a bounded time under ASan+UBSan.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      (make fuzz FUZZ_SECONDS=30)
#
# Builds build-fuzz (clang, -DCMAKE_BUILD_TYPE=Fuzz), then for each target
# makes a working corpus in build-fuzz/fuzz-work/<target>/: the committed
# seeds (fuzz/corpus/<target>/), the crashes already fixed
# (tests/regress/<target>/) and, for the readers, samples from the shared
# corpus copied at run time (never committed). New inputs found stay in the
# working corpus, so a second run starts where the first stopped.
#
# A crash leaves crash-* in build-fuzz/fuzz-work/artifacts/ and fails the
# run; turn it into a regression test by copying it to
# tests/regress/<target>/ after the fix.
#
# FUZZ_SEED=N fixes libFuzzer's random seed. CI sets it, so that on a given
# commit and machine the gate explores the same inputs every time and a red
# run is reproducible; exploring new inputs is what runs without it are for
# (every target, longer, a random seed each run). Prints one summary line a target:
# executions, corpus size, seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
SHARED=${PD_SHARED_DIR:-$PWD/../shared}
BUILD=${FUZZ_BUILD:-build-fuzz}
seed_opt=()
[ -n "${FUZZ_SEED:-}" ] && seed_opt=(-seed="$FUZZ_SEED")

CC=clang cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Fuzz >/dev/null
cmake --build "$BUILD" -j "$(nproc)" >/dev/null

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for f in fuzz/fuzz_*.c; do
		t=$(basename "$f" .c)
		[ "$t" = fuzz_common ] || targets+=("$t")
	done
fi

work="$BUILD/fuzz-work"
mkdir -p "$work/artifacts"

# Up to n files of a shared corpus folder matching a pattern.
shared_seeds() { # dir pattern n dest
	[ -d "$SHARED/corpus/$1" ] || return 0
	find "$SHARED/corpus/$1" -maxdepth 1 -name "$2" -size -64k | sort | sed -n "1,${3}p" |
		while read -r f; do cp "$f" "$4/"; done
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
for t in "${targets[@]}"; do
	corpus="$work/$t"
	mkdir -p "$corpus"
	cp fuzz/corpus/"$t"/* "$corpus"/ 2>/dev/null || true
	cp tests/regress/"$t"/* "$corpus"/ 2>/dev/null || true
	case $t in
	fuzz_read_text) shared_seeds seed '*.txt' 1 "$corpus"; shared_seeds zh '*.txt' 5 "$corpus" ;;
	fuzz_read_pmxml) shared_seeds pm-transcripts/sample '*.xml' 10 "$corpus" ;;
	fuzz_read_markdown) shared_seeds zh '*.md' 5 "$corpus"; shared_seeds bilingual '*.md' 5 "$corpus" ;;
	esac
	log="$work/$t.log"
	# -max_len: readers see whole small documents; the rest short inputs.
	case $t in
	fuzz_read_*|fuzz_parse) maxlen=16384 ;;
	*) maxlen=8192 ;;
	esac
	if "$BUILD/fuzz/$t" "$corpus" -max_total_time="$SECONDS_EACH" -max_len=$maxlen \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${seed_opt[@]}" \
		-artifact_prefix="$work/artifacts/$t-" >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		echo "fuzz: $t ok: $execs runs in ${SECONDS_EACH}s, corpus $(ls "$corpus" | wc -l) inputs"
	else
		echo "fuzz: $t FAILED (see $log):"
		grep -E "ERROR|SUMMARY|fuzz property|Test unit written" "$log" | head -5
		status=1
	fi
done
exit $status
