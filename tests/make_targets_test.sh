#!/bin/sh
# The Makefile builds what each job runs (issue #12 item 8): `make demo` builds only the `dmboot`
# command in the release tree, `make bench` only the benchmarks; neither builds every test.
# `make -n` prints the recipes without running them. Usage: make_targets_test.sh SOURCE_DIR
set -u
src=$1
fail=0
builds() {  # builds GOAL: the `cmake --build` lines of `make GOAL`
  make -s -n -C "$src" "$1" | grep 'cmake --build'
}
expect() {  # expect GOAL LINE
  got=$(builds "$1")
  if [ "$got" = "$2" ]; then
    echo "ok: make $1 runs '$2'"
  else
    echo "FAIL: make $1 builds with '$got', expected '$2'"
    fail=1
  fi
}
expect demo "cmake --build --preset release --target dmboot"
expect bench "cmake --build --preset release --target benchmarks"
expect release "cmake --build --preset release"
exit $fail
