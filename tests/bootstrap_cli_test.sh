#!/usr/bin/env bash
# End-to-end CLI test of the bootstrap tools against independent oracles:
#  - every profile built by `dmboot bootstrap build` is decoded by libwbxml's wbxml2xml;
#  - `dmboot mac` equals Python hmac/hashlib keyed by the documented rule, for every SEC type;
#  - sign -> verify says `verified` (exit 0); a flipped byte, a wrong PIN, a wrong Ks_NAF, or a
#    missing, empty, repeated, truncated or off-by-one MAC says `verification failed` (exit 1); an XML media type is refused (exit 5); a missing credential is
#    a usage error (exit 2); extract gives back the account.
set -u
dmboot="$1"
src="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
expect_rc() {  # NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected exit $2, got $3"; fi
}

account="$src/dmboot/bootstrap/testdata/account.json"
for profile in dm12 dm12-dmacc dm11 cp; do
  "$dmboot" bootstrap build --profile "$profile" --device-id IMEI:490154203237518 "$account" -o "$tmp/$profile.wbxml"
  expect_rc "build $profile" 0 $?
  if wbxml2xml -o "$tmp/$profile.xml" "$tmp/$profile.wbxml" >/dev/null 2>&1; then
    ok "wbxml2xml decodes $profile"
  else
    bad "wbxml2xml rejects our $profile bootstrap"
  fi
  case "$profile" in
    cp) grep -q 'name="APPID" value="w7"' "$tmp/$profile.xml" || bad "cp: no APPID w7 in wbxml2xml output" ;;
    dm11) grep -q './SyncML/DMAcc/ExampleDM/ServerId' "$tmp/$profile.xml" || bad "dm11: no ServerId node" ;;
    dm12) grep -q 'org.openmobilealliance/1.0/w7' "$tmp/$profile.xml" || bad "dm12: no w7 DDFName in the TNDS" ;;
    dm12-dmacc) grep -q './DMAcc/ExampleDM/AppAuth/CLI/AAuthSecret' "$tmp/$profile.xml" || bad "dm12-dmacc: no AAuthSecret" ;;
  esac
  "$dmboot" bootstrap extract "$tmp/$profile.wbxml" > "$tmp/$profile.json"
  expect_rc "extract $profile" 0 $?
  grep -q '"server_id": "dm.example.test"' "$tmp/$profile.json" || bad "extract $profile: server_id"
done

# Python reference for the keys (docs/bootstrap-security.md) and the MAC.
pymac() {  # SEC FILE -> MAC
  python3 - "$1" "$2" <<'PY'
import hashlib, hmac, sys
sec, path = sys.argv[1], sys.argv[2]
doc = open(path, "rb").read()
imsi, pin, ks = "001010123456789", b"2468", bytes(range(32))
n = [9 if len(imsi) % 2 else 1] + [int(d) for d in imsi]
n += [0xF] if len(n) % 2 else []
semi = bytes(n[i] | n[i + 1] << 4 for i in range(0, len(n), 2))
key = {"NETWORKID": semi, "USERPIN": pin, "USERPIN_NETWORKID": pin + b":" + semi,
       "NETWORKID_GBA": ks, "USERPIN_NETWORKID_GBA": pin + b":" + ks, "NETWPIN": semi,
       "USERNETWPIN": semi + pin}[sec]
print(hmac.new(key, doc, hashlib.sha1).hexdigest().upper())
PY
}
creds=(--imsi 001010123456789 --pin 2468 --ks-naf 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f)
for sec in NETWORKID USERPIN USERPIN_NETWORKID NETWORKID_GBA USERPIN_NETWORKID_GBA NETWPIN USERNETWPIN; do
  doc="$tmp/dm12.wbxml"
  case "$sec" in NETWPIN|USERNETWPIN) doc="$tmp/cp.wbxml" ;; esac
  ours=$("$dmboot" mac --sec "$sec" "${creds[@]}" "$doc")
  theirs=$(pymac "$sec" "$doc")
  if [ "$ours" = "$theirs" ] && [ ${#ours} -eq 40 ]; then ok "mac $sec = Python hmac"; else bad "mac $sec: ours $ours, Python $theirs"; fi

  ct=$("$dmboot" sign --sec "$sec" "${creds[@]}" "$doc")
  out=$("$dmboot" verify --content-type "$ct" "${creds[@]}" "$doc" 2>/dev/null)
  expect_rc "verify $sec" 0 $?
  [ "$out" = "verified" ] || bad "verify $sec printed '$out'"

  cp "$doc" "$tmp/tampered.wbxml"
  printf '\x00' | dd of="$tmp/tampered.wbxml" bs=1 seek=40 conv=notrunc status=none
  out=$("$dmboot" verify --content-type "$ct" "${creds[@]}" "$tmp/tampered.wbxml" 2>/dev/null)
  expect_rc "tampered $sec" 1 $?
  [ "$out" = "verification failed" ] || bad "tampered $sec printed '$out'"

  # Every MAC that cannot be checked is "verification failed" (exit 1), never "verified".
  mac=${ct##*MAC=}
  head=${ct%; MAC=*}
  off=${mac:0:39}$([ "${mac:39:1}" = F ] && echo E || echo F)
  for variant in "$head" "$head; MAC=" "$head; MAC=$mac; MAC=$mac" "$head; MAC=$off; MAC=$mac" \
                 "$head; MAC=${mac:0:38}" "$head; MAC=${mac:0:20}" "$head; MAC=$off"; do
    out=$("$dmboot" verify --content-type "$variant" "${creds[@]}" "$doc" 2>/dev/null)
    expect_rc "$sec: '${variant#*SEC=}'" 1 $?
    [ "$out" = "verification failed" ] || bad "$sec: '${variant#*SEC=}' printed '$out'"
  done
done

ct=$("$dmboot" sign --sec USERPIN --pin 2468 "$tmp/dm12.wbxml")
"$dmboot" verify --content-type "$ct" --pin 2469 "$tmp/dm12.wbxml" >/dev/null 2>&1
expect_rc "wrong PIN" 1 $?
ct=$("$dmboot" sign --sec NETWORKID_GBA --ks-naf "$(printf '%064d' 0)" "$tmp/dm12.wbxml")
"$dmboot" verify --content-type "$ct" --ks-naf "$(printf '%063d1' 0)" "$tmp/dm12.wbxml" >/dev/null 2>&1
expect_rc "wrong Ks_NAF" 1 $?
"$dmboot" verify --content-type "application/vnd.syncml.dm+xml; SEC=USERPIN; MAC=00" --pin 2468 "$tmp/dm12.wbxml" >/dev/null 2>&1
expect_rc "XML media refused" 5 $?
"$dmboot" mac --sec USERPIN "$tmp/dm12.wbxml" >/dev/null 2>&1
expect_rc "missing PIN" 2 $?
"$dmboot" mac --sec NETWORKID --imsi 12345 "$tmp/dm12.wbxml" >/dev/null 2>&1
expect_rc "5-digit IMSI" 2 $?
err=$("$dmboot" mac --sec USERPIN --pin 12a4 "$tmp/dm12.wbxml" 2>&1 >/dev/null)
grep -q 12a4 <<<"$err" && bad "the PIN leaked into an error: $err"
"$dmboot" bootstrap build --profile dm12 "$account" >/dev/null 2>&1
expect_rc "dm12 without a device id" 2 $?
# dm12 is the default profile, as the help says.
"$dmboot" bootstrap build --device-id IMEI:490154203237518 "$account" -o "$tmp/default.wbxml"
expect_rc "build without --profile" 0 $?
cmp -s "$tmp/default.wbxml" "$tmp/dm12.wbxml" || bad "build without --profile is not the dm12 bootstrap"
"$dmboot" bootstrap build --help | grep -q 'the default' || bad "build --help names no default profile"

# The account example of docs/bootstrap.md builds as documented (the doc cannot rot).
python3 - "$src/docs/bootstrap.md" >"$tmp/doc_account.json" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text.split("## Account file", 1)[1]
print(re.search(r"```json\n(.*?)```", section, re.S).group(1), end="")
PY
"$dmboot" bootstrap build --device-id IMEI:490154203237518 "$tmp/doc_account.json" -o "$tmp/doc.wbxml"
expect_rc "docs/bootstrap.md account example builds" 0 $?
"$dmboot" bootstrap extract "$tmp/doc.wbxml" | grep -q '"nonce": "Y2xpLW5vbmNlLTAwMDE="' ||
  bad "docs/bootstrap.md example: extract gives no CLCRED nonce"

# USERPINMAC: the user string is PIN || m, and sign keeps m out of the header.
m=$("$dmboot" mac --sec USERPINMAC --pin 24680 "$tmp/cp.wbxml")
ct=$("$dmboot" sign --sec USERPINMAC --pin 24680 "$tmp/cp.wbxml")
[ "$ct" = "application/vnd.wap.connectivity-wbxml; SEC=USERPINMAC" ] || bad "USERPINMAC header '$ct'"
out=$("$dmboot" verify --content-type "$ct" --pin "24680$m" "$tmp/cp.wbxml" 2>/dev/null)
[ "$out" = "verified" ] || bad "USERPINMAC verify printed '$out'"

exit $fail
