# civicpost: `make run` starts the demo, `make test` runs every test.
BUILD ?= build
BENCH_BUILD ?= build/bench-release
DATA_DIR ?= var
LISTEN ?= 127.0.0.1:8080
SANDBOX ?= 127.0.0.1:8090
# CI builds treat warnings as errors.
WERROR := $(if $(CI),ON,OFF)
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

FUZZ_BUILD ?= build/fuzz
FUZZ_SECONDS ?= 600

.PHONY: all deps build run test bench fuzz format clean

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCIVICPOST_WERROR=$(WERROR) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/civicpost serve --demo --data-dir $(DATA_DIR) --listen $(LISTEN) --sandbox $(SANDBOX)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

bench:
	@scripts/install-deps --bench
	@cmake -S . -B $(BENCH_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release \
	  -DCIVICPOST_BUILD_TESTS=OFF -DCIVICPOST_BUILD_BENCH=ON >/dev/null
	@cmake --build $(BENCH_BUILD) -j $(JOBS)
	@bench/run.sh $(BENCH_BUILD)

# The upload checks and metadata reader under libFuzzer (clang, ASan, UBSan).
# New crashes land in $(FUZZ_BUILD)/; add the input to fuzz/corpus once fixed.
fuzz:
	@scripts/install-deps --fuzz
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCIVICPOST_BUILD_TESTS=OFF -DCIVICPOST_BUILD_FUZZ=ON >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target upload_fuzzer
	@mkdir -p $(FUZZ_BUILD)/corpus
	cd $(FUZZ_BUILD) && ./fuzz/upload_fuzzer corpus $(CURDIR)/fuzz/corpus \
	  -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=1024 -timeout=10

format:
	@git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD)
