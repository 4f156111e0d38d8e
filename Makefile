# Two commands on a fresh Debian 12 machine (README.md): `make test` and `make demo`.
# Both install what is missing first, then configure with a CMake preset and build with Ninja.
PRESET ?= dev

.PHONY: all deps build test demo release bench asan clang fuzz format tidy clean

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
DEMO_ARGS ?=
demo: release
	build/release/cli/dmboot demo $(DEMO_ARGS)

bench: release
	for b in build/release/bench/dmboot_bench_*; do $$b; done

asan:
	$(MAKE) test PRESET=asan

clang:
	$(MAKE) test PRESET=clang

# Builds the libFuzzer targets; FUZZING.md says how to run them.
fuzz: deps
	cmake --preset fuzz >/dev/null
	cmake --build --preset fuzz

format:
	find dmboot cli testing fuzz bench nf tests -name '*.h' -o -name '*.cc' | xargs clang-format -i

tidy: build
	find dmboot cli -name '*.cc' | xargs clang-tidy -p build/$(PRESET) --quiet

clean:
	rm -rf build
