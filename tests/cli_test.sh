#!/usr/bin/env bash
# CLI contract of `dmboot` (docs/cli.md): help lists the planned tree, --version works, a planned
# subcommand that is not built says so and exits 4, a usage error is one line and exits 2.
set -u
dmboot="$1"
fail=0
check() {  # check NAME EXPECTED_STATUS ACTUAL_STATUS
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1: expected exit $2, got $3"
    fail=1
  else
    echo "ok: $1"
  fi
}

help=$("$dmboot" --help); check "--help exits 0" 0 $?
for sub in wbxml bootstrap mac sign verify push gba hss bsf dms device demo audit; do
  if ! grep -qE "^  $sub( |$)" <<<"$help"; then
    echo "FAIL: --help does not list '$sub'"
    fail=1
  fi
done

version=$("$dmboot" --version); check "--version exits 0" 0 $?
grep -qE '^dmboot [0-9]+\.[0-9]+\.[0-9]+$' <<<"$version" || { echo "FAIL: version line '$version'"; fail=1; }

err=$("$dmboot" --no-such-flag 2>&1 >/dev/null); check "unknown flag exits 2" 2 $?
[ "$(wc -l <<<"$err")" -eq 1 ] || { echo "FAIL: usage error is not one line: $err"; fail=1; }

"$dmboot" >/dev/null 2>&1; check "no subcommand exits 2" 2 $?

# Every subcommand that --help marks as not built must say so and exit 4.
for sub in $(grep -E '^  [a-z]+ .*\[not built yet\]' <<<"$help" | awk '{print $1}'); do
  err=$("$dmboot" "$sub" --anything 2>&1 >/dev/null); check "$sub not built exits 4" 4 $?
  grep -q "not built yet" <<<"$err" || { echo "FAIL: $sub: message '$err'"; fail=1; }
done

exit $fail
