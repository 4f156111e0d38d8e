# Two commands on a fresh Debian 12 machine (README.md): `make test` and `make demo`.
# Both install what is missing first, then configure with a CMake preset and build with Ninja.
PRESET ?= dev

.PHONY: all deps build test demo release bench asan clang fuzz mutants format tidy clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET)

test: build
	ctest --preset $(PRESET)

release: deps
	cmake --preset release >/dev/null
	cmake --build --preset release

# The main job: HSS, BSF, DMS and a 100-device fleet as processes on loopback (dmboot demo --help).
# The demo runs only the `dmboot` command, so only that target is built (no tests, no benchmarks).
DEMO_ARGS ?=
demo: deps
	cmake --preset release >/dev/null
	cmake --build --preset release --target dmboot
	build/release/cli/dmboot demo $(DEMO_ARGS)

# `benchmarks` (bench/CMakeLists.txt) is every Google Benchmark binary, and nothing else.
bench: deps
	cmake --preset release >/dev/null
	cmake --build --preset release --target benchmarks
	for b in build/release/bench/dmboot_bench_*; do $$b; done

asan:
	$(MAKE) test PRESET=asan

clang:
	$(MAKE) test PRESET=clang

# Builds the libFuzzer targets; FUZZING.md says how to run them.
fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz

# Mutation run (docs/mutants.md): each mutant of testing/mutants/catalogue.toml, applied alone to a
# scratch copy in build/mutants/src, must fail a test. Takes 30-40 minutes on 2 cores, so it is not
# part of `make test` or CI. MUTANTS_ARGS passes options through, e.g. MUTANTS_ARGS="--only sqn-equal-accepted".
MUTANTS_ARGS ?=
mutants: deps
	python3 scripts/mutants.py $(MUTANTS_ARGS)

format:
	find dmboot cli testing fuzz bench nf tests -name '*.h' -o -name '*.cc' | xargs clang-format -i

# clang-tidy over every C++ file the dev build compiles: dmboot/, cli/, nf/, testing/, the *_test.cc
# files, fuzz/ and bench/ (scripts/tidy.sh), TIDY_JOBS files at a time. Prints each finding once.
TIDY_JOBS ?= 2
tidy: build
	bash scripts/tidy.sh build/$(PRESET) $(TIDY_JOBS)

clean:
	rm -rf build
