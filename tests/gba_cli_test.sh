#!/usr/bin/env bash
# `dmboot gba` CLI: TS 35.208 set-1 outputs (text and JSON), ks-naf, gpi decode of the published
# profile-v1 vector, and the exit codes of bad input (docs/cli.md: 2 usage, 3 malformed, 4
# unsupported).
set -u
dmboot="$1"
fail=0
expect_eq() {  # expect_eq NAME GOT WANT
  if [ "$2" != "$3" ]; then
    printf 'FAIL: %s\n  got:  %s\n  want: %s\n' "$1" "$2" "$3"
    fail=1
  else
    echo "ok: $1"
  fi
}
expect_exit() {  # expect_exit NAME WANT CMD...
  local name=$1 want=$2
  shift 2
  local err
  err=$("$@" 2>&1 >/dev/null)
  local got=$?
  if [ "$got" != "$want" ]; then
    echo "FAIL: $name: exit $got, want $want ($err)"
    fail=1
  elif [ "$(printf '%s\n' "$err" | wc -l)" -ne 1 ]; then
    echo "FAIL: $name: error is not one line: $err"
    fail=1
  else
    echo "ok: $name (exit $got: $err)"
  fi
}

set1=(--k 465b5ce8b199b49faa5f0a2ee238a6bc --rand 23553cbe9637a89d218ae64dae47bf35
      --sqn ff9bb4d0b607 --amf b9b9)
want_json='{"opc":"cd63cb71954a9f4e48a5994e37a02baf","mac_a":"4a9ffac354dfafb3","mac_s":"01cfaf9ec4e871e9","res":"a54211d5e3ba50bf","ck":"b40ba9a3c58b2a05bbf0d987b21bf8cb","ik":"f769bcd751044604127672711c6d3441","ak":"aa689c648370","ak_star":"451e8beca43b","autn":"55f328b43577b9b94a9ffac354dfafb3"}'
expect_eq "milenage set 1 --op --json" \
  "$("$dmboot" gba milenage "${set1[@]}" --op cdc202d5123e20f62b6d676ac72cb318 --json)" "$want_json"
expect_eq "milenage set 1 --opc --json" \
  "$("$dmboot" gba milenage "${set1[@]}" --opc cd63cb71954a9f4e48a5994e37a02baf --json)" "$want_json"
want_text='opc cd63cb71954a9f4e48a5994e37a02baf
mac_a 4a9ffac354dfafb3
mac_s 01cfaf9ec4e871e9
res a54211d5e3ba50bf
ck b40ba9a3c58b2a05bbf0d987b21bf8cb
ik f769bcd751044604127672711c6d3441
ak aa689c648370
ak_star 451e8beca43b
autn 55f328b43577b9b94a9ffac354dfafb3'
expect_eq "milenage set 1 text" \
  "$("$dmboot" gba milenage "${set1[@]}" --opc CD63CB71954A9F4E48A5994E37A02BAF)" "$want_text"
if command -v python3 >/dev/null; then
  keys=$("$dmboot" gba milenage "${set1[@]}" --opc cd63cb71954a9f4e48a5994e37a02baf --json |
         python3 -c 'import json,sys; print(",".join(json.load(sys.stdin)))')
  expect_eq "milenage JSON parses with the expected keys" "$keys" "opc,mac_a,mac_s,res,ck,ik,ak,ak_star,autn"
fi

kdf_base=(--ck b40ba9a3c58b2a05bbf0d987b21bf8cb --ik f769bcd751044604127672711c6d3441
     --rand 23553cbe9637a89d218ae64dae47bf35 --impi 001010000000001@ims.mnc001.mcc001.3gppnetwork.org
     --naf-fqdn dms.example.com)
kdf=("${kdf_base[@]}" --ua-id 0300000000)
expect_eq "ks-naf set 1" "$("$dmboot" gba ks-naf "${kdf[@]}")" \
  9b4001416135eff11566c6c737f87bb280d2dbeb522c6be3a0ea615b1c963852
expect_eq "ks-naf set 1 --gba-u" "$("$dmboot" gba ks-naf "${kdf[@]}" --gba-u)" \
  fe8eeee356aa2fbb38531d3a1bc08ac29138bdc468a36246b2ff2a52af70e509

# GPI profile v1, case 2 of dmboot/gba/testdata/gpi_profile_v1.txt (GBA_U, every optional field).
gpi=018100040a0b0c0d820010c00d603103dcee52c4478119494202e8830010c47783995f330000f5b21634600fb0a9840018646d2e6f70657261746f722e6578616d706c65ff000000018500045553494d86000101870008000000006b36ec8088001d017369703a2b313535353132333030303240696d732e6578616d706c65ff0010cf4974f57750d2ea85e59c036795eeb4
want_gpi='{"version":1,"p_tid":"0a0b0c0d","rand":"c00d603103dcee52c4478119494202e8","autn_star":"c47783995f330000f5b21634600fb0a9","naf_id":{"fqdn":"dm.operator.example","ua_security_protocol_id":"ff00000001"},"app_lbl":"USIM","gba_type":"GBA_U","key_expiry":1798761600,"ue_identity":{"type":"public","value":"sip:+15551230002@ims.example"},"mac":"cf4974f57750d2ea85e59c036795eeb4"}'
expect_eq "gpi decode --hex" "$("$dmboot" gba gpi decode --hex "$gpi")" "$want_gpi"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
printf '%s' "$gpi" | xxd -r -p > "$tmp"
expect_eq "gpi decode FILE" "$("$dmboot" gba gpi decode "$tmp")" "$want_gpi"
expect_eq "gpi decode stdin" "$("$dmboot" gba gpi decode - < "$tmp")" "$want_gpi"
env_hex="0104413746330092$gpi"
expect_eq "gpi decode --envelope" "$("$dmboot" gba gpi decode --envelope --hex "$env_hex")" \
  "{\"envelope_version\":1,\"session_id\":\"A7F3\",\"gpi\":$want_gpi}"

# gpi build reproduces case 2 of the published vectors (GBA_U, every optional field).
want_build="gpi $gpi
ks_naf ef08ae6dd736c1ff05d8c6003c208717e9b15ba44838e81ec53354f229fc07c1
ks_int_naf 2f03c99c9aca88786026c484be0d0df6cf5f637159deb68ca1862106120bafd2"
build=(gba gpi build --k 0396eb317b6d1c36f19c1c84cd6ffd16 --opc 53c15671c60a4b731c55b4a441c0bde2
       --rand c00d603103dcee52c4478119494202e8 --sqn 000000000041 --amf 0000
       --impi 001010000000002@ims.mnc001.mcc001.3gppnetwork.org --naf-fqdn dm.operator.example
       --p-tid 0a0b0c0d --expiry 1798761600 --gba-u --app-lbl USIM
       --ue-id-public sip:+15551230002@ims.example)
expect_eq "gpi build (GBA_U vector)" "$("$dmboot" "${build[@]}")" "$want_build"
"$dmboot" "${build[@]}" --session-id A7F3 -o "$tmp" >/dev/null
expect_eq "gpi build --session-id -o, then decode --envelope" \
  "$("$dmboot" gba gpi decode --envelope "$tmp")" "{\"envelope_version\":1,\"session_id\":\"A7F3\",\"gpi\":$want_gpi}"
expect_exit "gpi build with an empty P-TID exits 2" 2 "$dmboot" "${build[@]/0a0b0c0d/}"

expect_exit "bad hex exits 2" 2 "$dmboot" gba milenage "${set1[@]/b9b9/b9b}" --opc cd63cb71954a9f4e48a5994e37a02baf
expect_exit "short K exits 2" 2 "$dmboot" gba milenage --k 00 --opc cd63cb71954a9f4e48a5994e37a02baf \
  --rand 23553cbe9637a89d218ae64dae47bf35 --sqn ff9bb4d0b607 --amf b9b9
expect_exit "no OP/OPc exits 2" 2 "$dmboot" gba milenage "${set1[@]}"
expect_exit "OP and OPc exits 2" 2 "$dmboot" gba milenage "${set1[@]}" \
  --op cdc202d5123e20f62b6d676ac72cb318 --opc cd63cb71954a9f4e48a5994e37a02baf
expect_exit "bad ua-id exits 2" 2 "$dmboot" gba ks-naf "${kdf_base[@]}" --ua-id 0102
expect_exit "bad NAF FQDN exits 2" 2 "$dmboot" gba ks-naf "${kdf_base[@]/dms.example.com/dms..example.com}"
# Without --ua-id the default FF 00 00 00 01 is used (docs/decisions.md): same as giving it explicitly.
expect_eq "ks-naf default ua-id" "$("$dmboot" gba ks-naf "${kdf_base[@]}")" \
  "$("$dmboot" gba ks-naf "${kdf_base[@]}" --ua-id ff00000001)"
expect_exit "truncated GPI exits 3" 3 "$dmboot" gba gpi decode --hex "${gpi:0:40}"
expect_exit "GPI version 2 exits 4" 4 "$dmboot" gba gpi decode --hex "02${gpi:2}"
expect_exit "GPI with unknown critical field exits 4" 4 "$dmboot" gba gpi decode --hex "01890000"
expect_exit "missing GPI file exits 7" 7 "$dmboot" gba gpi decode /nonexistent/gpi.bin
# Every hex flag says what is wrong with it: not hex, or an odd number of digits (never the value).
expect_msg() {  # expect_msg NAME WANT_SUBSTRING CMD...
  local name=$1 want=$2
  shift 2
  local err
  err=$("$@" 2>&1 >/dev/null)
  local got=$?
  if [ "$got" != 2 ] || ! grep -qF -- "$want" <<<"$err"; then
    echo "FAIL: $name: exit $got, stderr '$err', want exit 2 and '$want'"
    fail=1
  else
    echo "ok: $name ($err)"
  fi
}
aka=(--opc cd63cb71954a9f4e48a5994e37a02baf --rand 23553cbe9637a89d218ae64dae47bf35 --sqn ff9bb4d0b607 --amf b9b9)
expect_msg "--k XYZ is not hex" "--k: not hex (a non-hex character at position 0 of 3)"   "$dmboot" gba milenage --k XYZ "${aka[@]}"
expect_msg "--k odd length" "--k: odd number of hex digits (31"   "$dmboot" gba milenage --k 465b5ce8b199b49faa5f0a2ee238a6b "${aka[@]}"
expect_msg "--rand not hex" "--rand: not hex" "$dmboot" gba milenage "${set1[@]/23553cbe9637a89d218ae64dae47bf35/nothex}" --opc cd63cb71954a9f4e48a5994e37a02baf
expect_msg "--ua-id not hex" "--ua-id: not hex" "$dmboot" gba ks-naf "${kdf_base[@]}" --ua-id zz00000001
expect_msg "--hex not hex" "--hex: not hex" "$dmboot" gba gpi decode --hex "01g2"
expect_msg "--ks-naf odd" "--ks-naf: odd number of hex digits" "$dmboot" mac --sec NETWORKID_GBA --ks-naf abc /dev/null
# Secrets never appear in error messages.
err=$("$dmboot" gba milenage --k 465b5ce8b199b49faa5f0a2ee238a6bX --opc cd63cb71954a9f4e48a5994e37a02baf \
      --rand 23553cbe9637a89d218ae64dae47bf35 --sqn ff9bb4d0b607 --amf b9b9 2>&1 >/dev/null)
if grep -qi 465b5ce8 <<<"$err"; then
  echo "FAIL: the error message shows the key: $err"
  fail=1
else
  echo "ok: the error names the flag, not the key ($err)"
fi
exit $fail
