#!/usr/bin/env bash
# tshark (TShark 4.0.17: Wireshark's WSP, WBXML and GSM SMS dissectors, independent of dmboot) opens
# every push `dmboot push encode` writes: UDP datagrams and multi-segment SMS, typed and untyped
# SEC, text media, 8- and 16-bit references. MACs are recomputed with Python's hmac (a second
# implementation). Also checks dmboot's media and application-id tables against Wireshark's.
# Usage: push_tshark_test.sh DMBOOT SOURCE_DIR
set -u
dmboot="$1"
src="$2"
body="$src/dmboot/push/testdata/dm12_bootstrap.v12.wbxml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp"  # tshark reads and creates its profile there
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

ts() {  # ts FILE tshark-args...
  local f="$1"
  shift
  tshark -n -r "$f" "$@" 2>/dev/null
}

fields() {  # fields FILE FILTER FIELD...
  local f="$1" filter="$2"
  shift 2
  local args=()
  for x in "$@"; do args+=(-e "$x"); done
  ts "$f" -Y "$filter" -T fields -E separator='|' "${args[@]}"
}

pymac() {  # pymac KEY_HEX FILE: HMAC-SHA1, upper-case hex (Python hmac/hashlib)
  python3 -c 'import hmac,hashlib,sys; print(hmac.new(bytes.fromhex(sys.argv[1]), open(sys.argv[2],"rb").read(), hashlib.sha1).hexdigest().upper())' "$1" "$2"
}

malformed() { ts "$1" -Y _ws.malformed | wc -l; }

command -v tshark >/dev/null || { echo "FAIL: tshark not installed"; exit 1; }

# 1. UDP, typed SEC USERPIN (1), MAC over the exact body, app id syncml.dm.
mac_userpin=$(pymac "$(printf 1234 | xxd -p)" "$body")
"$dmboot" push encode --sec USERPIN --pin 1234 --bearer udp --pcap "$tmp/udp.pcap" "$body" >/dev/null
check "udp USERPIN fields" \
  "0x06|application/vnd.syncml.dm+wbxml|0x01|$mac_userpin|x-wap-application:syncml.dm|0x00001201" \
  "$(fields "$tmp/udp.pcap" wsp wsp.pdu_type wsp.header.content_type wsp.parameter.sec wsp.parameter.mac wsp.header.x_wap_application_id wbxml.public_id.known)"
check "udp USERPIN not malformed" 0 "$(malformed "$tmp/udp.pcap")"

# 2. SMS, 13 segments with an 8-bit reference: tshark reassembles them.
"$dmboot" push encode --sec USERPIN --pin 1234 --ref 66 --pcap "$tmp/sms.pcap" "$body" >"$tmp/sms.hex"
check "sms segments printed" 13 "$(wc -l <"$tmp/sms.hex")"
check "sms frames" 13 "$(ts "$tmp/sms.pcap" -Y gsm_sms | wc -l)"
check "sms reassembled fields" \
  "0x01|$mac_userpin|x-wap-application:syncml.dm|0x00001201" \
  "$(fields "$tmp/sms.pcap" wsp wsp.parameter.sec wsp.parameter.mac wsp.header.x_wap_application_id wbxml.public_id.known)"
check "sms reassembled length" 1537 "$(fields "$tmp/sms.pcap" wsp gsm_sms.reassembled.length)"
check "sms not malformed" 0 "$(malformed "$tmp/sms.pcap")"
check "sms ports" "2948|9200" "$(fields "$tmp/sms.pcap" 'frame.number == 1' gsm_sms.destination_port gsm_sms.originator_port)"

# 2b. The same as SMS-SUBMIT TPDUs (what a sender hands its SMSC).
"$dmboot" push encode --sec USERPIN --pin 1234 --ref 67 --sms-type submit --originator +15550001 \
  --pcap "$tmp/submit.pcap" "$body" >/dev/null
check "submit frames" 13 "$(ts "$tmp/submit.pcap" -Y 'gsm_sms.tp-mti == 1' | wc -l)"
check "submit reassembled fields" "0x01|$mac_userpin|x-wap-application:syncml.dm|0x00001201" \
  "$(fields "$tmp/submit.pcap" wsp wsp.parameter.sec wsp.parameter.mac wsp.header.x_wap_application_id wbxml.public_id.known)"
check "submit not malformed" 0 "$(malformed "$tmp/submit.pcap")"

# 3. SMS with a 16-bit reference, NETWORKID keyed with the IMSI semi-octets (computed here:
#    001010123456789 -> 09 10 10 10 32 54 76 98, oracles.md §4 libosmocore).
mac_netid=$(pymac 0910101032547698 "$body")
"$dmboot" push encode --sec NETWORKID --imsi 001010123456789 --ref16 --ref 4660 \
  --pcap "$tmp/sms16.pcap" "$body" >/dev/null
check "sms16 reassembled fields" "0x00|$mac_netid|0x00001201" \
  "$(fields "$tmp/sms16.pcap" wsp wsp.parameter.sec wsp.parameter.mac wbxml.public_id.known)"
check "sms16 reference" 4660 "$(fields "$tmp/sms16.pcap" 'frame.number == 1' gsm_sms.udh.mm.msg_id | sed 's/,.*//')"
check "sms16 not malformed" 0 "$(malformed "$tmp/sms16.pcap")"

# 4. GBA type: untyped SEC with the text name, MAC keyed with Ks_NAF.
ks=$(printf '5a%.0s' $(seq 32))
mac_gba=$(pymac "$ks" "$body")
"$dmboot" push encode --sec networkid_gba --ks-naf "$ks" --bearer udp --pcap "$tmp/gba.pcap" "$body" >/dev/null
check "udp NETWORKID_GBA fields" "NETWORKID_GBA|$mac_gba|x-wap-application:syncml.dm" \
  "$(fields "$tmp/gba.pcap" wsp wsp.untype.text wsp.parameter.mac wsp.header.x_wap_application_id)"
check "udp NETWORKID_GBA not malformed" 0 "$(malformed "$tmp/gba.pcap")"

# 5. OMA CP: connectivity media 0x36, SEC NETWPIN (0), no application id.
"$dmboot" push encode --media cp --sec NETWPIN --imsi 001010123456789 --pcap "$tmp/cp.pcap" "$body" >/dev/null
check "sms CP fields" "application/vnd.wap.connectivity-wbxml|0x00|$mac_netid|" \
  "$(fields "$tmp/cp.pcap" wsp wsp.header.content_type wsp.parameter.sec wsp.parameter.mac wsp.header.x_wap_application_id)"

# 6. GBA Push Info: text media, no SEC, one SMS.
head -c 60 "$body" >"$tmp/gpi.bin"
"$dmboot" push encode --media gpi --pcap "$tmp/gpi.pcap" "$tmp/gpi.bin" >"$tmp/gpi.hex"
check "gpi one SMS" 1 "$(wc -l <"$tmp/gpi.hex")"
check "gpi media" "application/vnd.3gpp.gba.gpi" "$(fields "$tmp/gpi.pcap" wsp wsp.header.content_type)"
check "gpi not malformed" 0 "$(malformed "$tmp/gpi.pcap")"

# 7. dmboot's tables against Wireshark's: every well-known media code 0x00..0x4D and application
#    id 0x00..0x0A, decoded by both.
python3 - "$tmp/tables.pcap" <<'PY'
import struct, sys
def ip_udp(p):
    udp = struct.pack('!HHHH', 9200, 2948, 8 + len(p), 0) + p
    return struct.pack('!BBHHHBBH4s4s', 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                       bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1])) + udp
recs = [ip_udp(bytes([1, 6, 3, 0x80 | c, 0xaf, 0x87]) + b'x') for c in range(0x4e)]
recs += [ip_udp(bytes([1, 6, 3, 0xc2, 0xaf, 0x80 | a]) + b'x') for a in range(0x0b)]
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 262144, 101))
    for i, r in enumerate(recs):
        f.write(struct.pack('<IIII', 1700000000 + i, 0, len(r), len(r)) + r)
PY
ts "$tmp/tables.pcap" -T fields -E separator='|' -e wsp.header.content_type -e wsp.header.x_wap_application_id >"$tmp/tables.tshark"
"$dmboot" push decode --pcap "$tmp/tables.pcap" |
  python3 -c 'import sys, json
for line in sys.stdin:
    j = json.loads(line)
    print("%s|%s" % (j["media"], j["app_id"]))' >"$tmp/tables.dmboot"
check "media and app-id tables agree with Wireshark (89 pushes)" "" "$(diff "$tmp/tables.tshark" "$tmp/tables.dmboot")"
check "tables pushes" 89 "$(wc -l <"$tmp/tables.dmboot")"

exit $fail
