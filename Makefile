# Thin wrapper around CMake + ctest. `make help` lists the targets.
BUILD ?= build
TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DB ?= podium.db
PORT ?= 8080

FUZZ_SECONDS ?= 60
FUZZ_SEED ?=

.PHONY: all setup build test test-asan test-valgrind fuzz run clean help

all: build

help:
	@echo "make            build build/podium"
	@echo "make setup      install the Debian packages (scripts/setup.sh)"
	@echo "make test       build and run every test (ctest)"
	@echo "make test-asan  the unit and integration tests under ASan+UBSan"
	@echo "make test-valgrind  unit tests, fuzz seeds and a CLI run under valgrind memcheck"
	@echo "make fuzz       every fuzz target for FUZZ_SECONDS ($(FUZZ_SECONDS)) s each, clang + ASan+UBSan"
	@echo "make run        ingest examples/ into $(DB) and serve on 127.0.0.1:$(PORT)"
	@echo "make bench      Podium next to bare FTS5, Xapian and nginx at 1x and 10x (bench/results/latest.md)"
	@echo "make bench-quick  the same at 1x only, one run"

setup:
	bash scripts/setup.sh

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(TYPE) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan:
	$(MAKE) build BUILD=build-asan TYPE=Asan
	cd build-asan && ctest --output-on-failure -j $(JOBS) -LE slow

# valgrind memcheck: zero errors and zero definite leaks (scripts/valgrind.sh).
test-valgrind: build
	bash scripts/valgrind.sh $(BUILD)

# libFuzzer targets (fuzz/) in build-fuzz; a crash fails the run and leaves
# its input in build-fuzz/fuzz-work/artifacts/ (scripts/fuzz.sh).
fuzz:
	FUZZ_SEED=$(FUZZ_SEED) bash scripts/fuzz.sh $(FUZZ_SECONDS)

run: build
	./$(BUILD)/podium ingest --db $(DB) examples
	./$(BUILD)/podium serve --db $(DB) --bind 127.0.0.1 --port $(PORT)

# The benchmark builds Release in build-bench and keeps its data in
# $$PODIUM_BENCH_DIR (/tmp/podium-bench); it installs its baselines first
# (nginx, Xapian: setup.sh with PODIUM_SETUP_BENCH=1, apt-get only when
# something is missing), so it runs on a fresh machine.
bench:
	PODIUM_SETUP_BENCH=1 bash scripts/setup.sh
	bash bench/run.sh

bench-quick:
	PODIUM_SETUP_BENCH=1 bash scripts/setup.sh
	bash bench/run.sh --quick

clean:
	rm -rf $(BUILD) build-asan build-fuzz
