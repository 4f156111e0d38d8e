#!/usr/bin/env bash
# tidy.sh BUILD_DIR [JOBS] runs clang-tidy 14 (.clang-tidy, STYLE.md) over every C++ source of
# BUILD_DIR/compile_commands.json: dmboot/, cli/, nf/, testing/, every *_test.cc, the fuzz targets
# and the benchmarks (tests/ holds only scripts and CMake). JOBS files at a time (default 2).
# A header's finding is printed by every file that includes it, under the build tree's staging
# link (build/dev/module_include/<m>/...); this prints each finding once, by its source path, then
# the count. Exit status: 1 if clang-tidy itself failed (a file that does not parse), else 0;
# findings are reported, not fatal (CONTRIBUTING.md: `make tidy` has nothing new to say).
set -euo pipefail
build=${1:?usage: tidy.sh BUILD_DIR [JOBS]}
jobs=${2:-2}
src=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# -Wno-unknown-warning-option: the dev build is g++'s, and clang does not know -Wno-restrict.
run-clang-tidy-14 -p "$build" -j "$jobs" -quiet -extra-arg=-Wno-unknown-warning-option \
  "^$src/(dmboot|cli|nf|testing|fuzz|bench)/" >"$log" 2>&1 || status=$?
sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^/.*: (warning|error): ' |
  sed -E "s#^$src/build/[^/]+/module_include/[a-z_]+/##; s#^$src/##" | sort -u | sort -s -t: -k1,1 -k2,2n -k3,3n >"$log.findings" || true
cat "$log.findings"
echo "tidy: $(wc -l <"$log.findings") findings"
rm -f "$log.findings"
if [ "$status" -ne 0 ]; then
  echo "tidy: clang-tidy failed; its output:" >&2
  sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E 'error' >&2 || true
  exit 1
fi
