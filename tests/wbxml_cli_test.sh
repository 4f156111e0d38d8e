#!/usr/bin/env bash
# CLI test of `dmboot wbxml encode|decode` (issue #3): stdin/stdout with "-", files, the golden
# bytes, exit codes (0 ok, 2 usage, 3 malformed, 4 unsupported) and one-line errors naming the
# offset. Usage: wbxml_cli_test.sh DMBOOT TESTDATA_DIR
set -u
dmboot="$1"
data="$2"
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
one_line_with() {  # one_line_with NAME FILE WORD
  if [ "$(wc -l <"$2")" -ne 1 ] || ! grep -q "$3" "$2"; then
    echo "FAIL: $1: stderr is not one line containing '$3': $(cat "$2")"
    fail=1
  fi
}

# Encode: file -> file equals the golden; stdin -> stdout equals it too.
"$dmboot" wbxml encode "$data/dm12_bootstrap.xml" -o "$tmp/a.wbxml"; check "encode file" 0 $?
cmp -s "$tmp/a.wbxml" "$data/dm12_bootstrap.wbxml" || { echo "FAIL: encode differs from golden"; fail=1; }
"$dmboot" wbxml encode - <"$data/dm12_bootstrap.xml" >"$tmp/b.wbxml"; check "encode stdin" 0 $?
cmp -s "$tmp/b.wbxml" "$data/dm12_bootstrap.wbxml" || { echo "FAIL: stdin encode differs"; fail=1; }
"$dmboot" wbxml encode --wbxml-version 1.3 --public-id literal --opaque-data \
  "$data/dm12_bootstrap.xml" -o - >"$tmp/c.wbxml"; check "encode options" 0 $?
cmp -s "$tmp/c.wbxml" "$data/dm12_bootstrap.v13.literal.opaque.wbxml" || { echo "FAIL: options differ"; fail=1; }
"$dmboot" wbxml encode --wbxml-version 1.1 --no-string-table "$data/dm12_bootstrap.xml" -o "$tmp/d.wbxml"
check "encode 1.1 no table" 0 $?
cmp -s "$tmp/d.wbxml" "$data/dm12_bootstrap.v11.nostrtbl.wbxml" || { echo "FAIL: 1.1 differs"; fail=1; }

# Decode: libwbxml's sample, then our XML re-encodes to the same bytes.
"$dmboot" wbxml decode "$data/dm12_bootstrap.v12.wbxml" -o "$tmp/e.xml"; check "decode file" 0 $?
"$dmboot" wbxml decode - <"$data/dm12_bootstrap.wbxml" >"$tmp/f.xml"; check "decode stdin" 0 $?
"$dmboot" wbxml encode "$tmp/f.xml" -o "$tmp/g.wbxml"; check "re-encode" 0 $?
cmp -s "$tmp/g.wbxml" "$data/dm12_bootstrap.wbxml" || { echo "FAIL: decode/encode not stable"; fail=1; }
"$dmboot" wbxml decode --language DMDDF12 "$data/tnds_dmacc.numeric.wbxml" >/dev/null
check "decode --language" 0 $?

# Errors.
head -c 100 "$data/dm12_bootstrap.v12.wbxml" >"$tmp/trunc.wbxml"
"$dmboot" wbxml decode "$tmp/trunc.wbxml" >/dev/null 2>"$tmp/err"; check "truncated exits 3" 3 $?
one_line_with "truncated" "$tmp/err" "offset"
printf '\x02\xa4\x01\x6a\x00\x6d\x30\x01' >"$tmp/bad.wbxml"
"$dmboot" wbxml decode "$tmp/bad.wbxml" >/dev/null 2>"$tmp/err"; check "unknown token exits 3" 3 $?
one_line_with "unknown token" "$tmp/err" "offset 6"
"$dmboot" wbxml decode "$data/tnds_dmacc.numeric.wbxml" >/dev/null 2>"$tmp/err"
check "unknown public id exits 4" 4 $?
one_line_with "unknown public id" "$tmp/err" "offset 1"
printf '<SyncML xmlns="SYNCML:SYNCML1.2"><a></b>' >"$tmp/bad.xml"
"$dmboot" wbxml encode "$tmp/bad.xml" -o "$tmp/x.wbxml" 2>"$tmp/err"; check "bad XML exits 3" 3 $?
one_line_with "bad XML" "$tmp/err" "line 1"
[ ! -e "$tmp/x.wbxml" ] || { echo "FAIL: output written on error"; fail=1; }
"$dmboot" wbxml encode --wbxml-version 2.0 "$data/dm12_bootstrap.xml" >/dev/null 2>"$tmp/err"
check "bad version exits 2" 2 $?
one_line_with "bad version" "$tmp/err" "unknown WBXML version '2.0'"
# 1.0 is documented as not supported by encode: a usage error naming it, nothing written.
"$dmboot" wbxml encode --wbxml-version 1.0 "$data/dm12_bootstrap.xml" -o "$tmp/v10.wbxml" 2>"$tmp/err"
check "version 1.0 exits 2" 2 $?
one_line_with "version 1.0" "$tmp/err" "WBXML 1.0 is not supported for encoding"
[ ! -e "$tmp/v10.wbxml" ] || { echo "FAIL: 1.0 output written"; fail=1; }
"$dmboot" wbxml decode --language NOPE "$data/dm12_bootstrap.wbxml" >/dev/null 2>&1
check "bad language exits 2" 2 $?
"$dmboot" wbxml decode "$tmp/missing.wbxml" >/dev/null 2>&1; check "missing file exits 7" 7 $?
"$dmboot" wbxml --help | grep -q "encode" || { echo "FAIL: help lists no encode"; fail=1; }

exit $fail
