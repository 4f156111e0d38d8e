#!/usr/bin/env bash
# `dmboot push` contract: the golden PDU, decoding the shared samples (Python-made pcaps) and a
# Kannel-style push, verify's exit codes (0 verified, 1 verification failed, 3 missing segment,
# 5 refused by policy), and usage errors.
# Usage: push_cli_test.sh DMBOOT SOURCE_DIR
set -u
dmboot="$1"
td="$2/dmboot/push/testdata"
body="$td/dm12_bootstrap.v12.wbxml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then
    echo "FAIL: $1"
    echo "  expected: $2"
    echo "  actual:   $3"
    fail=1
  else
    echo "ok: $1"
  fi
}

json() {  # json KEY... < one JSON object per line: prints "a|b|c" per line
  python3 -c 'import sys, json
keys = sys.argv[1:]
for line in sys.stdin:
    j = json.loads(line)
    print("|".join("" if j[k] is None else str(j[k]) for k in keys))' "$@"
}

mac="196BECB752DDC833B8DD7188F35D70E7D002CEAA"  # HMAC-SHA1("1234", body), mk_push_pcap.py

# Golden: the UDP PDU is byte-for-byte the shared sample push_wellknown.wsp.
check "encode udp golden" "$(xxd -p -c 100000 "$td/push_wellknown.wsp")" \
  "$("$dmboot" push encode --sec USERPIN --pin 1234 --bearer udp "$body")"
check "encode udp with --mac" "$(xxd -p -c 100000 "$td/push_wellknown.wsp")" \
  "$("$dmboot" push encode --sec USERPIN --mac "${mac,,}" --bearer udp "$body")"

# The shared pcaps and PDU decode.
keys=(media media_code sec sec_code mac app_id segments body_len)
expected="application/vnd.syncml.dm+wbxml|66|USERPIN|1|$mac|x-wap-application:syncml.dm"
check "decode push_udp_wellknown.pcap" "$expected|0|1485" \
  "$("$dmboot" push decode --pcap "$td/push_udp_wellknown.pcap" | json "${keys[@]}")"
check "decode push_udp_text.pcap" "application/vnd.syncml.dm+wbxml||USERPIN|1|$mac|x-wap-application:syncml.dm|0|1485" \
  "$("$dmboot" push decode --pcap "$td/push_udp_text.pcap" | json "${keys[@]}")"
check "decode push_sms_segments.pcap" "$expected|13|1485" \
  "$("$dmboot" push decode --pcap "$td/push_sms_segments.pcap" | json "${keys[@]}")"
check "decode --wsp binary" "$expected|0|1485" \
  "$("$dmboot" push decode --wsp "$td/push_wellknown.wsp" | json "${keys[@]}")"
check "decode --wsp hex on stdin" "$expected|0|1485" \
  "$(xxd -p "$td/push_wellknown.wsp" | "$dmboot" push decode --wsp - | json "${keys[@]}")"
check "decode body_hex is the body" "$(xxd -p -c 100000 "$body")" \
  "$("$dmboot" push decode --wsp "$td/push_wellknown.wsp" | json body_hex)"

# Kannel PPG header set (oracles.md §3): text media, User-Agent, Content-Transfer-Encoding,
# Content-Length, Encoding-Version; no SEC.
kannel="0106""5d""$(printf 'application/vnd.syncml.dm+wbxml' | xxd -p -c 100)00"
kannel+="a9$(printf 'Python-urllib/3.11' | xxd -p -c 100)00af87"
kannel+="$(printf 'Content-Transfer-Encoding' | xxd -p -c 100)00$(printf binary | xxd -p)00"
kannel+="8d0205cdc393$(xxd -p -c 100000 "$body")"
echo "$kannel" >"$tmp/kannel.hex"
check "decode Kannel header set" \
  "application/vnd.syncml.dm+wbxml|||x-wap-application:syncml.dm|1485" \
  "$("$dmboot" push decode --wsp "$tmp/kannel.hex" | json media sec mac app_id body_len)"
check "Kannel headers" "User-Agent=Python-urllib/3.11 Content-Transfer-Encoding=binary Content-Length=1485 Encoding-Version=1.3" \
  "$("$dmboot" push decode --wsp "$tmp/kannel.hex" |
     python3 -c 'import sys, json; print(" ".join(h["name"] + "=" + h["value"] for h in json.load(sys.stdin)["headers"]))')"

# SMS: encode, decode from --hex in reverse order and from TPDUs.
"$dmboot" push encode --sec USERPIN --pin 1234 --ref 7 "$body" >"$tmp/ud.hex"
mapfile -t ud <"$tmp/ud.hex"
args=()
for ((i = ${#ud[@]} - 1; i >= 0; i--)); do args+=(--hex "${ud[$i]}"); done
check "decode --hex reverse order" "USERPIN|$mac|13" \
  "$("$dmboot" push decode "${args[@]}" | json sec mac segments)"
tpdus=()
for u in "${ud[@]}"; do
  tpdus+=(--tpdu "$(printf '440b915155210300f0000462101000000000%02x%s' $((${#u} / 2)) "$u")")
done
check "decode --tpdu" "USERPIN|$mac|13|+15551230000" \
  "$("$dmboot" push decode "${tpdus[@]}" | json sec mac segments originator)"

# verify: 0 verified, 1 verification failed, 3 missing segment.
out=$("$dmboot" push verify --pin 1234 "${args[@]}" 2>&1)
check "verify good pin exit" 0 $?
check "verify prints verified" "verified (SEC=USERPIN)" "$out"
out=$("$dmboot" push verify --pin 4321 "${args[@]}" 2>&1)
check "verify wrong pin exit" 1 $?
grep -q "verification failed" <<<"$out" || { echo "FAIL: message '$out'"; fail=1; }
tampered=("${args[@]}")
last=${tampered[3]}
tampered[3]="${last:0:60}$(printf '%02x' $(((16#${last:60:2} ^ 1))))${last:62}"
"$dmboot" push verify --pin 1234 "${tampered[@]}" >/dev/null 2>&1
check "verify tampered segment exit" 1 $?
out=$("$dmboot" push verify --pin 1234 "${args[@]:0:24}" 2>&1)
check "verify missing segment exit" 3 $?
grep -q "missing SMS segment(s) 1" <<<"$out" || { echo "FAIL: message '$out'"; fail=1; }
"$dmboot" push verify --pin 1234 --wsp "$tmp/kannel.hex" >/dev/null 2>&1
check "verify unsigned (Kannel PPG) refused" 5 $?
# A repeated MAC travels (push encode --mac twice) and is a failed verification, even twice the
# right one; so is a MAC one digit short.
"$dmboot" push encode --sec USERPIN --mac "$mac" --mac "$mac" --bearer udp "$body" | xxd -r -p >"$tmp/twice.wsp"
check "decode repeated MAC" "|['$mac', '$mac']" \
  "$("$dmboot" push decode --wsp "$tmp/twice.wsp" | json mac macs)"
out=$("$dmboot" push verify --pin 1234 --wsp "$tmp/twice.wsp" 2>&1)
check "verify repeated MAC exit" 1 $?
grep -q "verification failed" <<<"$out" || { echo "FAIL: message '$out'"; fail=1; }
# push takes the credential flags every keying command shares (cli/credential_flags.h).
printf '1234\n' >"$tmp/pin"
"$dmboot" push encode --sec USERPIN --pin-file "$tmp/pin" --bearer udp "$body" | xxd -r -p >"$tmp/pinfile.wsp"
check "push encode --pin-file" "USERPIN|$mac" "$("$dmboot" push decode --wsp "$tmp/pinfile.wsp" | json sec mac)"
"$dmboot" push verify --pin 12345678901234567 --wsp "$tmp/pinfile.wsp" >/dev/null 2>&1
check "push verify: a 17-digit PIN is a usage error, as in mac" 2 $?
"$dmboot" push encode --sec USERPIN --mac "${mac:0:39}" --bearer udp "$body" | xxd -r -p >"$tmp/short.wsp"
"$dmboot" push verify --pin 1234 --wsp "$tmp/short.wsp" >/dev/null 2>&1
check "verify truncated MAC exit" 1 $?

# NETWORKID is refused unless allowed; GBA types verify with Ks_NAF.
"$dmboot" push encode --sec NETWORKID --imsi 001010123456789 --bearer udp "$body" | xxd -r -p >"$tmp/netid.wsp"
"$dmboot" push verify --imsi 001010123456789 --wsp "$tmp/netid.wsp" >/dev/null 2>&1
check "verify NETWORKID refused by default" 5 $?
"$dmboot" push verify --allow-networkid --imsi 001010123456789 --wsp "$tmp/netid.wsp" >/dev/null 2>&1
check "verify NETWORKID allowed" 0 $?
"$dmboot" push verify --allow-networkid --imsi 001010123456788 --wsp "$tmp/netid.wsp" >/dev/null 2>&1
check "verify NETWORKID other IMSI" 1 $?
ks=$(printf '5a%.0s' $(seq 32))
"$dmboot" push encode --sec USERPIN_NETWORKID_GBA --pin 1234 --ks-naf "$ks" --bearer udp "$body" | xxd -r -p >"$tmp/gba.wsp"
check "GBA SEC is untyped text" "USERPIN_NETWORKID_GBA||False" \
  "$("$dmboot" push decode --wsp "$tmp/gba.wsp" | json sec sec_code sec_typed)"
"$dmboot" push verify --pin 1234 --ks-naf "$ks" --wsp "$tmp/gba.wsp" >/dev/null 2>&1
check "verify USERPIN_NETWORKID_GBA" 0 $?

# Errors: 300 segments, bad hex, no input, malformed PDU.
head -c $((300 * 128)) /dev/zero >"$tmp/big.bin"
"$dmboot" push encode --media gpi "$tmp/big.bin" >/dev/null 2>&1
check "encode 300 segments exit" 3 $?
"$dmboot" push decode --hex 0zz >/dev/null 2>&1
check "decode bad hex exit" 2 $?
"$dmboot" push decode >/dev/null 2>&1
check "decode no input exit" 2 $?
"$dmboot" push decode --hex 050003420304 >/dev/null 2>&1
check "decode sequence above total exit" 3 $?
"$dmboot" push decode --hex 050003420000 >/dev/null 2>&1
check "decode 0 segments exit" 3 $?
echo 0106ff >"$tmp/bad.hex"
"$dmboot" push decode --wsp "$tmp/bad.hex" >/dev/null 2>&1
check "decode headers length past the end exit" 3 $?
"$dmboot" push encode --sec NOSUCH --mac 00 "$body" >/dev/null 2>&1
check "encode unknown SEC exit" 4 $?
"$dmboot" push encode --sec USERPIN "$body" >/dev/null 2>&1
check "encode USERPIN without --pin exit" 2 $?

exit $fail
