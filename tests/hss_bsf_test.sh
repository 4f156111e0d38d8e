#!/bin/sh
# HSS and BSF as real processes (issue #7, docs/network-functions.md "HSS", "BSF"):
# `dmboot hss serve` and `dmboot bsf serve` on ephemeral ports (--port-file), provisioning over
# HTTP, push-info-retrieval for an authorized NAF (200), an unauthorized NAF (403) and an unknown
# UE (404), then `kill -9` of the HSS in the middle of a stream of vector requests and a restart
# on the same database: every SQN ever released (SQN = (SQN xor AK) xor AK, AK = f5(RAND) from
# `dmboot gba milenage` with the known K/OPc) must be strictly above the ones before it. Finally
# the logs are scanned for K, OPc, CK, IK, XRES and every Ks_NAF of the run.
# Usage: hss_bsf_test.sh DMBOOT PYTHON3
set -eu
DMBOOT=$1
PYTHON=${2:-python3}
exec "$PYTHON" - "$DMBOOT" <<'PYEOF'
import json, os, shutil, signal, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request

DMBOOT = sys.argv[1]
# TS 35.208 test set 1 (3GPP TS 35.208 §4.3): K and OPc.
K = "465b5ce8b199b49faa5f0a2ee238a6bc"
OPC = "cd63cb71954a9f4e48a5994e37a02baf"
IMSI, MSISDN = "001010000000001", "33600000001"
IMPI = IMSI + "@ims.mnc001.mcc001.3gppnetwork.org"
UA = "ff00000001"

tmp = tempfile.mkdtemp(prefix="dmboot_hss_bsf_")
procs = {}
failures = []

def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)

def start(name, args):
    port_file = os.path.join(tmp, name + ".port")
    if os.path.exists(port_file):
        os.remove(port_file)
    log = open(os.path.join(tmp, name + ".log"), "ab")
    p = subprocess.Popen([DMBOOT, name, "serve", "--port-file", port_file] + args,
                         stdout=subprocess.PIPE, stderr=log)
    deadline = time.time() + 20
    while not os.path.exists(port_file):
        if p.poll() is not None or time.time() > deadline:
            sys.exit(f"{name} did not start (exit {p.poll()}): " + open(os.path.join(tmp, name + ".log")).read())
        time.sleep(0.02)
    port = int(open(port_file).read())
    line = p.stdout.readline().decode()
    check(line.strip() == f"{name} listening on 127.0.0.1:{port}", f"{name} announce line: {line!r}")
    procs[name] = p
    return port

def http(port, method, path, body=None, ctype="application/json"):
    data = None
    if body is not None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Content-Type": ctype})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")

def sqn_of(av):
    out = subprocess.run([DMBOOT, "gba", "milenage", "--k", K, "--opc", OPC, "--rand", av["rand"],
                          "--sqn", "000000000000", "--amf", "8000", "--json"],
                         check=True, capture_output=True).stdout
    ak = bytes.fromhex(json.loads(out)["ak"])
    conc = bytes.fromhex(av["autn"])[:6]
    return int.from_bytes(bytes(a ^ b for a, b in zip(conc, ak)), "big")

def cli(*args, stdin=None):
    r = subprocess.run([DMBOOT] + list(args), capture_output=True, text=True, input=stdin)
    return r.returncode, r.stdout, r.stderr

# Offline provisioning: dmboot hss add / list / import on a database file.
OP = "cdc202d5123e20f62b6d676ac72cb318"  # TS 35.208 set 1 OP
cli_db = os.path.join(tmp, "cli.sqlite")
rc, out, err = cli("hss", "add", "--db", cli_db, "--imsi", IMSI, "--k", K, "--op", OP, "--msisdn", MSISDN)
check(rc == 0 and json.loads(out) == {"imsi": IMSI, "impi": IMPI}, f"hss add: {rc} {out} {err}")
rc, out, err = cli("hss", "add", "--db", cli_db, "--imsi", IMSI, "--k", K, "--opc", OPC)
check(rc == 5 and "imsi already provisioned" in err, f"hss add duplicate: {rc} {err}")
rc, out, err = cli("hss", "add", "--db", cli_db, "--imsi", "001010000000002", "--k", K[:30], "--opc", OPC)
check(rc == 2 and "--k" in err and K[:30] not in err, f"hss add bad k: {rc} {err}")
rc, out, err = cli("hss", "add", "--db", cli_db, "--imsi", "001010000000002", "--k", "XYZ", "--opc", OPC)
check(rc == 2 and "--k: not hex (" in err, f"hss add --k XYZ says not hex: {rc} {err}")
rc, out, err = cli("hss", "add", "--db", cli_db, "--imsi", "001010000000002", "--k", K[:31], "--opc", OPC)
check(rc == 2 and "--k: odd number of hex digits (31" in err and K[:31] not in err,
      f"hss add odd --k: {rc} {err}")
rc, out, err = cli("hss", "add", "--db", cli_db, "--imsi", "001010000000002", "--k", K)
check(rc == 2 and "op" in err, f"hss add without op/opc: {rc} {err}")
csv = "imsi,msisdn,k,opc,amf,sqn\n001010000000004,33600000004," + K + "," + OPC + ",8000,000000000000\n1,,,,,\n"
rc, out, err = cli("hss", "import", "--db", cli_db, "-", stdin=csv)
check(rc == 3 and json.loads(out)["imported"] == 1 and "line 3" in err, f"hss import: {rc} {out} {err}")
rc, out, err = cli("hss", "list", "--db", cli_db)
listed = json.loads(out) if rc == 0 else {}
check(rc == 0 and [x["imsi"] for x in listed["subscribers"]] == [IMSI, "001010000000004"], f"hss list: {rc} {out}")
check(K not in out and OPC not in out and OP not in out, "hss list prints a key")
rc, out, err = cli("hss", "serve", "--help")
check(rc == 0 and "--port-file" in out, "hss serve --help")
rc, out, err = cli("bsf", "serve", "--help")
check(rc == 0 and "--config" in out, "bsf serve --help")
rc, out, err = cli("bsf", "serve", "--listen", "127.0.0.1:0", "--db", os.path.join(tmp, "x.sqlite"))
check(rc == 2 and "hss" in err, f"bsf without hss: {rc} {err}")

try:
    hss_db = os.path.join(tmp, "hss.sqlite")
    hss_port = start("hss", ["--db", hss_db, "--listen", "127.0.0.1:0"])
    st, body = http(hss_port, "POST", "/v1/subscribers", {"imsi": IMSI, "msisdn": MSISDN, "k": K, "opc": OPC})
    check(st == 201 and body == {"imsi": IMSI, "impi": IMPI}, f"provision: {st} {body}")
    st, body = http(hss_port, "POST", "/v1/subscribers", {"imsi": IMSI, "k": K, "opc": OPC})
    check(st == 403 and body["error"] == "refused", f"duplicate: {st} {body}")
    st, body = http(hss_port, "POST", "/v1/subscribers", {"imsi": "001010000000002", "k": "00", "opc": OPC})
    check(st == 400 and body["message"].startswith("k: "), f"bad k: {st} {body}")
    st, body = http(hss_port, "POST", "/v1/subscribers/import",
                    "imsi,msisdn,k,opc,amf,sqn\n001010000000003,," + K + "," + OPC + ",,\nbad\n", "text/csv")
    check(st == 200 and body["imported"] == 1 and body["rejected"][0]["line"] == 3, f"import: {st} {body}")
    st, body = http(hss_port, "GET", "/v1/subscribers")
    check(st == 200 and len(body["subscribers"]) == 2, f"list: {st} {body}")
    check(K not in json.dumps(body) and OPC not in json.dumps(body), "list shows a key")
    # No route, or the wrong method: the documented JSON error body (docs/network-functions.md).
    st, body = http(hss_port, "GET", "/v1/nope")
    check(st == 404 and body == {"error": "not found", "message": "no route for GET /v1/nope"},
          f"hss unknown route: {st} {body}")
    st, body = http(hss_port, "GET", "/zh/v1/av")
    check(st == 405 and body == {"error": "invalid argument",
                                 "message": "method GET is not allowed on /zh/v1/av (allowed: POST)"},
          f"hss wrong method: {st} {body}")

    config = {"listen": "127.0.0.1:0", "db": os.path.join(tmp, "bsf.sqlite"), "hss": f"127.0.0.1:{hss_port}",
              "naf_authorizations": [
                  {"naf_fqdn": "dms.example.test", "ua_id": UA, "may_push": True,
                   "max_key_lifetime_s": 3600, "gba_u_allowed": False},
                  {"naf_fqdn": "nopush.example.test", "ua_id": UA, "may_push": False,
                   "max_key_lifetime_s": 3600, "gba_u_allowed": False}]}
    with open(os.path.join(tmp, "bsf.json"), "w") as f:
        json.dump(config, f)
    bsf_port = start("bsf", ["--config", os.path.join(tmp, "bsf.json")])
    st, body = http(bsf_port, "POST", "/nbsp-gba/v1/nope", {})
    check(st == 404 and body == {"error": "not found", "message": "no route for POST /nbsp-gba/v1/nope"},
          f"bsf unknown route: {st} {body}")

    def push(fqdn, ue=MSISDN, ue_type="msisdn", lifetime=86400, gba="GBA_ME"):
        naf_id = fqdn.encode().hex() + UA
        return http(bsf_port, "POST", "/nbsp-gba/v1/push-info-retrieval",
                    {"nafId": naf_id, "ueId": ue, "ueIdType": ue_type, "gbaType": gba, "keyLifetime": lifetime})

    ks_nafs = []
    st, body = push("dms.example.test")
    check(st == 200, f"authorized push: {st} {body}")
    if st == 200:
        check(body["impi"] == IMPI and len(body["meKeyMaterial"]) == 64, f"push body {body}")
        check(body["keyExpiryTime"] <= int(time.time()) + 3600, "lifetime not capped")
        ks_nafs.append(body["meKeyMaterial"])
        dec = subprocess.run([DMBOOT, "gba", "gpi", "decode", "--hex", body["gbaPushInfo"]],
                             capture_output=True, text=True)
        check(dec.returncode == 0 and "dms.example.test" in dec.stdout, f"GPI decode: {dec.stdout} {dec.stderr}")
    st, body = push("nopush.example.test")
    check(st == 403 and body["message"] == "NAF not authorized", f"unauthorized NAF: {st} {body}")
    st, body = push("other.example.test")
    check(st == 403, f"NAF not in the table: {st} {body}")
    st, body = push("dms.example.test", ue="001010000000999", ue_type="imsi")
    check(st == 404 and body["message"] == "identity unknown", f"unknown UE: {st} {body}")
    st, body = push("dms.example.test", gba="GBA_U")
    check(st == 403, f"GBA_U not allowed: {st} {body}")
    st, body = push("dms.example.test", lifetime=0)
    check(st == 400 and body["message"].startswith("keyLifetime: "), f"lifetime 0: {st} {body}")

    # SQN durability: vectors before, during and after kill -9 of the HSS.
    avs = []
    for _ in range(5):
        st, av = http(hss_port, "POST", "/zh/v1/av", {"imsi": IMSI})
        check(st == 200, f"av: {st}")
        avs.append(av)
    stop = threading.Event()
    def hammer():
        while not stop.is_set():
            try:
                st, av = http(hss_port, "POST", "/zh/v1/av", {"msisdn": MSISDN})
                if st == 200:
                    avs.append(av)
            except Exception:
                return
    for round_ in range(3):
        t = threading.Thread(target=hammer)
        t.start()
        time.sleep(0.3)
        procs["hss"].send_signal(signal.SIGKILL)
        procs["hss"].wait()
        check(procs["hss"].returncode == -signal.SIGKILL, "hss not killed")
        t.join()
        if round_ == 0:
            # The HSS is down: the BSF answers 503 and its log names the call, the cause and the peer.
            st, body = push("dms.example.test", ue=IMSI, ue_type="imsi")
            check(st == 503 and body["message"] == "HSS unavailable", f"push with the HSS down: {st} {body}")
            want = (f"POST http://127.0.0.1:{hss_port}/zh/v1/av failed: cannot connect (connection refused "
                    f"or host unreachable; is the HSS running at 127.0.0.1:{hss_port}?)")
            check(want in open(os.path.join(tmp, "bsf.log")).read(), f"bsf log does not say '{want}'")
        # Restart on the same database and port (the BSF knows that address).
        start("hss", ["--db", hss_db, "--listen", f"127.0.0.1:{hss_port}"])
    for _ in range(5):
        st, av = http(hss_port, "POST", "/zh/v1/av", {"impi": IMPI})
        check(st == 200, f"av after restart: {st}")
        avs.append(av)
    # The BSF reaches the restarted HSS.
    # (the BSF's kept-alive connection died with the old process: HttpZhClient retries once)
    st, body = push("dms.example.test", ue=IMSI, ue_type="imsi")
    check(st == 200, f"push after HSS restart: {st} {body}")
    if st == 200:
        ks_nafs.append(body["meKeyMaterial"])

    sqns = [sqn_of(av) for av in avs]
    check(len(avs) > 15, f"only {len(avs)} vectors")
    for i in range(1, len(sqns)):
        check((sqns[i] >> 5) > (sqns[i - 1] >> 5), f"SQN not increasing at {i}: {sqns[i-1]:#x} -> {sqns[i]:#x}")
    check(len({av["rand"] for av in avs}) == len(avs), "RAND repeated")
    print(f"{len(avs)} vectors over 3 kill -9 restarts, SEQ {sqns[0] >> 5}..{sqns[-1] >> 5}, strictly increasing")

    for name in ("bsf", "hss"):
        procs[name].send_signal(signal.SIGTERM)
        check(procs[name].wait(timeout=10) == 0, f"{name} exit on SIGTERM")

    # No secret in any log.
    secrets = [K, OPC] + ks_nafs + [av[f] for av in avs for f in ("ck", "ik", "xres")]
    for name in ("hss", "bsf"):
        text = open(os.path.join(tmp, name + ".log")).read().lower()
        check(text.strip() != "", f"{name} log empty")
        for s in secrets:
            check(s.lower() not in text, f"{name} log holds a secret")
finally:
    for p in procs.values():
        if p.poll() is None:
            p.kill()
            p.wait()
    if failures:
        # The logs go to the test output, then the folder goes: nothing is left behind, pass or fail.
        for name in ("hss", "bsf"):
            path = os.path.join(tmp, name + ".log")
            if os.path.exists(path):
                print(f"--- {name}.log (last 40 lines)", file=sys.stderr)
                print("".join(open(path, errors="replace").readlines()[-40:]), file=sys.stderr)
    shutil.rmtree(tmp, ignore_errors=True)

if failures:
    print(f"{len(failures)} failure(s)", file=sys.stderr)
    sys.exit(1)
print("hss_bsf_test: OK")
PYEOF
