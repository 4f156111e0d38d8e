#!/usr/bin/env bash
# End to end with real processes (HSS, BSF, two DMS, a device fleet) on free loopback ports:
# `dmboot demo` runs a 30-device campaign with every planted failure and scans every log for
# secrets; then this script checks the stores' final state directly in SQLite and on disk.
set -u
dmboot="$1"
w="$2"
rm -rf "$w"
fail=0
bad() { echo "FAIL: $1"; fail=1; }
ok() { echo "ok: $1"; }

# A short NAF SA lifetime lets the demo also check that a bootstrap keyed with an expired SA is
# refused; it checks the PIN lock-out after the campaign as well.
"$dmboot" demo --devices 30 --timeout 150 --key-lifetime 8 --no-progress --workdir "$w"
rc=$?
[ $rc -eq 0 ] && ok "demo passed" || bad "demo exited $rc"

q() { sqlite3 "$w/$1" "$2"; }
# Plan for 30 devices (nf/demo/demo.cc): 25 enrolled (24 + the SQN-resync case); planted: wrong
# PIN, tampered push, lost SMS segment (pushed, never enrolled), unknown IMSI (failed at the DMS),
# NAF not authorized (failed at the rogue DMS).
[ "$(q hss.sqlite 'SELECT count(*) FROM subscribers')" = 29 ] || bad "HSS should hold 29 subscribers"
[ "$(q dms.sqlite "SELECT count(*) FROM jobs WHERE state='enrolled'")" = 25 ] || bad "DMS: 25 enrolled jobs expected"
[ "$(q dms.sqlite "SELECT count(*) FROM jobs WHERE state='failed'")" = 1 ] || bad "DMS: 1 failed job (unknown IMSI) expected"
[ "$(q dms.sqlite "SELECT count(*) FROM jobs WHERE state='bootstrap_pushed'")" = 3 ] || bad "DMS: 3 pushed, never enrolled"
[ "$(q rogue.sqlite "SELECT count(*) FROM jobs WHERE state='failed'")" = 1 ] || bad "rogue DMS: its one job must fail"
[ "$(q rogue.sqlite 'SELECT count(*) FROM naf_sa')" = 0 ] || bad "rogue DMS must hold no NAF SA"
gba_enrolled=$(q dms.sqlite "SELECT count(*) FROM jobs WHERE state='enrolled' AND security_type LIKE '%_GBA'")
sa_for_enrolled=$(q dms.sqlite "SELECT count(DISTINCT j.imei) FROM jobs j JOIN naf_sa s ON s.imei = j.imei WHERE j.state='enrolled'")
[ "$gba_enrolled" -gt 0 ] && [ "$gba_enrolled" = "$sa_for_enrolled" ] || bad "every enrolled GBA job has a NAF SA ($gba_enrolled vs $sa_for_enrolled)"
[ "$(q dms.sqlite 'SELECT count(*) FROM naf_sa WHERE length(ks_naf) <> 32')" = 0 ] || bad "Ks_NAF must be 32 bytes"
bsf_pushes=$(q bsf.sqlite 'SELECT count(*) FROM push_records')
[ "$bsf_pushes" -ge "$gba_enrolled" ] || bad "BSF recorded $bsf_pushes GPIs for $gba_enrolled GBA enrollments"

# Device trees: exactly the enrolled devices hold the account; a refused bootstrap applied nothing.
with_account=$(grep -l '"dms.example.test"' "$w"/fleet/*/dmtree.json 2>/dev/null | wc -l)
[ "$with_account" = 25 ] || bad "25 device trees should hold the account, found $with_account"
ls "$w"/fleet/*/*.tmp* >/dev/null 2>&1 && bad "a temporary tree file was left behind"

[ $fail -eq 0 ] && ok "stores' final state" && rm -rf "$w"
exit $fail
