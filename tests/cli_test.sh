#!/usr/bin/env bash
# CLI contract of `dmboot` (docs/cli.md): help lists the planned tree, --version works, a planned
# subcommand that is not built says so and exits 4, a usage error is one line, names what is wrong
# and the --help of the subcommand it is about, and exits 2; a config file with a JSON syntax error
# is named with its line and column.
set -u
dmboot="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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

# Usage errors: what is wrong, and the help of the subcommand concerned.
usage_is() {  # usage_is NAME EXPECTED_STDERR CMD...
  local name=$1 want=$2
  shift 2
  local err
  err=$("$@" 2>&1 >/dev/null)
  local got=$?
  if [ "$got" != 2 ] || [ "$err" != "$want" ]; then
    echo "FAIL: $name: exit $got, stderr '$err'; want exit 2 and '$want'"
    fail=1
  else
    echo "ok: $name"
  fi
}
usage_is "unknown subcommand of push" \
  "dmboot: usage: unknown subcommand 'foo' of 'dmboot push'; see dmboot push --help" "$dmboot" push foo
usage_is "unknown top-level subcommand" \
  "dmboot: usage: unknown subcommand 'foo' of 'dmboot'; see dmboot --help" "$dmboot" foo
usage_is "unknown subcommand two levels down" \
  "dmboot: usage: unknown subcommand 'nope' of 'dmboot gba gpi'; see dmboot gba gpi --help" "$dmboot" gba gpi nope
usage_is "missing subcommand" \
  "dmboot: usage: 'dmboot push' needs a subcommand (encode, decode, verify); see dmboot push --help" "$dmboot" push
usage_is "missing required flag" \
  "dmboot: usage: --k is required; see dmboot hss add --help" "$dmboot" hss add --imsi 001010000000001

# A config file with a syntax error: the file, line and column (trailing comma: '}' at 4:1).
printf '{\n  "listen": "127.0.0.1:0",\n  "db": "x.sqlite",\n}\n' >"$tmp/bad.json"
printf '[1, 2]\n' >"$tmp/array.json"
for nf in hss bsf dms device; do
  err=$(cd "$tmp" && "$dmboot" "$nf" serve --config "$tmp/bad.json" 2>&1 >/dev/null); check "$nf bad config exits 3" 3 $?
  grep -qF -- "--config: $tmp/bad.json:4:1: not valid JSON (syntax error while parsing object key - unexpected '}'; expected string literal)" <<<"$err" ||
    { echo "FAIL: $nf: bad config error '$err'"; fail=1; }
  err=$(cd "$tmp" && "$dmboot" "$nf" serve --config "$tmp/array.json" 2>&1 >/dev/null); check "$nf array config exits 3" 3 $?
  grep -qF -- "--config: $tmp/array.json holds a JSON array, not an object" <<<"$err" ||
    { echo "FAIL: $nf: array config error '$err'"; fail=1; }
done
[ -z "$(ls "$tmp" | grep -v json)" ] || { echo "FAIL: a server with a bad config created $(ls "$tmp")"; fail=1; }

exit $fail
