# Thin wrapper around CMake + ctest. `make help` lists the targets.
BUILD ?= build
TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
DB ?= podium.db
PORT ?= 8080

.PHONY: all setup build test test-asan run clean help

all: build

help:
	@echo "make            build build/podium"
	@echo "make setup      install the Debian packages (scripts/setup.sh)"
	@echo "make test       build and run every test (ctest)"
	@echo "make test-asan  the unit and integration tests under ASan+UBSan"
	@echo "make run        ingest examples/ into $(DB) and serve on 127.0.0.1:$(PORT)"

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

run: build
	./$(BUILD)/podium ingest --db $(DB) examples
	./$(BUILD)/podium serve --db $(DB) --bind 127.0.0.1 --port $(PORT)

clean:
	rm -rf $(BUILD) build-asan
