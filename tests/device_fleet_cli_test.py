#!/usr/bin/env python3
"""CLI test of `dmboot device serve`: a fleet of 1000 devices (1000 UDP sockets: the process must
raise RLIMIT_NOFILE), routes_file with 1000 distinct ports, the status API, hostile datagrams to
every socket (nothing changes, nothing crashes), one USERPIN bootstrap built with `dmboot
bootstrap build` + `dmboot push encode` and sent over UDP (the account lands in the device's DM
tree on disk and package 1 reaches this script's stand-in DMS), a replay refused, SIGTERM
shutdown with exit 0, and a log that never holds the PIN or K. Usage: device_fleet_cli_test.py
<dmboot>"""
import http.server
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

DMBOOT = sys.argv[1]
PIN = "73190245"
K = "465b5ce8b199b49faa5f0a2ee238a6bc"  # TS 35.208 set 1
OPC = "cd63cb71954a9f4e48a5994e37a02baf"
DEVICES = 1000


def imei(i):
    """A 15-digit IMEI with a valid Luhn check digit (TS 23.003 Annex B)."""
    body = "%014d" % (49015420000000 + i)
    total = 0
    for k, c in enumerate(reversed(body)):
        d = int(c) * (2 if k % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


class Dms(http.server.BaseHTTPRequestHandler):
    """Records what the fleet posts; /dm answers bytes that are not a package 2."""
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        Dms.received.append((self.path, self.headers.get("Content-Type", ""), body))
        reply = b"not a package 2" if self.path == "/dm" else b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


def get(port, path):
    with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as r:
        return json.loads(r.read())


def main(tmp):
    dms = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Dms)
    threading.Thread(target=dms.serve_forever, daemon=True).start()
    dms_port = dms.server_address[1]

    devices = []
    for i in range(DEVICES):
        devices.append({"imei": imei(i), "imsi": "001010123456789",
                        "msisdn": "35840%07d" % i, "k": K, "opc": OPC, "pin": PIN,
                        "bearer": "udp", "policy": {"allow_networkid": False, "max_pin_failures": 3}})
    config = {"listen": "127.0.0.1:0", "dms": "127.0.0.1:%d" % dms_port,
              "data_dir": os.path.join(tmp, "fleet"), "udp_host": "127.0.0.1",
              "routes_file": os.path.join(tmp, "routes.json"),
              "trusted_naf_ids": ["646d732e6578616d706c652e74657374ff00000001"], "devices": devices}
    config_path = os.path.join(tmp, "fleet.json")
    with open(config_path, "w") as f:
        json.dump(config, f)

    # Usage errors: one line on stderr, non-zero exit.
    r = subprocess.run([DMBOOT, "device", "serve", "--config", os.path.join(tmp, "missing.json")],
                       capture_output=True, text=True)
    if r.returncode == 0 or len(r.stderr.strip().splitlines()) != 1:
        fail("missing config: rc %d, stderr %r" % (r.returncode, r.stderr))
    bad = dict(config, devices=[dict(devices[0], k="00")])
    with open(os.path.join(tmp, "bad.json"), "w") as f:
        json.dump(bad, f)
    r = subprocess.run([DMBOOT, "device", "serve", "--config", os.path.join(tmp, "bad.json")],
                       capture_output=True, text=True)
    if r.returncode == 0 or "devices[0].k" not in r.stderr or K in r.stderr:
        fail("bad k: rc %d, stderr %r" % (r.returncode, r.stderr))
    r = subprocess.run([DMBOOT, "device", "--help"], capture_output=True, text=True)
    if r.returncode != 0 or "Run a simulated device fleet" not in r.stdout:
        fail("device --help: %r" % r.stdout)

    log_path = os.path.join(tmp, "fleet.log")
    port_file = os.path.join(tmp, "port")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([DMBOOT, "device", "serve", "--config", config_path,
                                 "--port-file", port_file],
                                stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        line = proc.stdout.readline()
        if not line.startswith("device listening on 127.0.0.1:"):
            fail("announce line: %r" % line)
        port = int(line.strip().rsplit(":", 1)[1])
        if int(open(port_file).read()) != port:
            fail("port file disagrees with the announce line")

        routes = json.load(open(config["routes_file"]))
        if len(routes) != DEVICES or len({r["udp"] for r in routes}) != DEVICES:
            fail("routes_file: %d entries" % len(routes))
        if routes[5] != {"msisdn": devices[5]["msisdn"], "udp": routes[5]["udp"], "bearer": "udp"}:
            fail("routes_file entry: %r" % routes[5])
        ports = [int(r["udp"].rsplit(":", 1)[1]) for r in routes]

        status = get(port, "/v1/devices")
        if len(status["devices"]) != DEVICES or status["by_state"] != {"idle": DEVICES}:
            fail("status: %r" % status["by_state"])

        # Hostile datagrams to every socket.
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        rng = random.Random(3)
        for p in ports:
            for _ in range(3):
                sock.sendto(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 120))),
                            ("127.0.0.1", p))
        time.sleep(1.0)
        if proc.poll() is not None:
            fail("the fleet died on hostile datagrams")
        status = get(port, "/v1/devices")
        if status["by_state"] != {"idle": DEVICES}:
            fail("noise changed states: %r" % status["by_state"])

        # A USERPIN bootstrap for device 7, built and signed by the dmboot CLI.
        account = {"node_name": "fleetdm", "server_id": "dms.example.test", "name": "Fleet DM",
                   "addresses": [{"addr": "http://127.0.0.1:%d/dm" % dms_port, "addr_type": "URI"}],
                   "auth_pref": "DIGEST",
                   "credentials": [{"level": "CLCRED", "type": "DIGEST", "name": "dev7",
                                    "secret": "s3cret-7", "nonce": "bm9uY2U="}]}
        with open(os.path.join(tmp, "account.json"), "w") as f:
            json.dump(account, f)
        doc = os.path.join(tmp, "doc.wbxml")
        subprocess.run([DMBOOT, "bootstrap", "build", os.path.join(tmp, "account.json"),
                        "--profile", "dm12-dmacc", "--device-id", "IMEI:" + devices[7]["imei"],
                        "-o", doc], check=True)
        pdu_hex = subprocess.run([DMBOOT, "push", "encode", doc, "--sec", "USERPIN", "--pin", PIN,
                                  "--bearer", "udp"], check=True, capture_output=True,
                                 text=True).stdout.strip()
        pdu = bytes.fromhex(pdu_hex)
        sock.sendto(pdu, ("127.0.0.1", ports[7]))
        imei7 = devices[7]["imei"]
        deadline = time.time() + 15
        dev = {}
        while time.time() < deadline:
            dev = get(port, "/v1/devices/" + imei7)
            if dev["state"] in ("failed", "enrolled"):
                break
            time.sleep(0.05)
        # The stand-in DMS answers /dm with junk: the account is applied, the session fails.
        if dev.get("state") != "failed" or dev["failure"]["kind"] != "dm_session_failed":
            fail("device 7: %r" % dev)
        if dev.get("account_server_id") != "dms.example.test":
            fail("device 7 account: %r" % dev)
        dm = [x for x in Dms.received if x[0] == "/dm"]
        if len(dm) != 1 or not dm[0][1].startswith("application/vnd.syncml.dm+wbxml"):
            fail("package 1 not received: %r" % [(p, c) for p, c, _ in Dms.received])
        tree = json.load(open(os.path.join(config["data_dir"], imei7, "dmtree.json")))
        leaves = {n["path"]: n.get("value") for n in tree["nodes"]}
        if leaves.get("./DMAcc/fleetdm/ServerID") != "dms.example.test" or \
                leaves.get("./DMAcc/fleetdm/AppID") != "w7" or len(tree["replay_guard"]) != 1:
            fail("DM tree on disk: %r" % tree)

        # The same push again is a replay.
        sock.sendto(pdu, ("127.0.0.1", ports[7]))
        deadline = time.time() + 10
        while time.time() < deadline:
            dev = get(port, "/v1/devices/" + imei7)
            if dev["failure"]["kind"] == "replay":
                break
            time.sleep(0.05)
        if dev["failure"]["kind"] != "replay":
            fail("replay not refused: %r" % dev)
        try:
            get(port, "/v1/devices/000000000000000")
            fail("unknown IMEI answered")
        except urllib.error.HTTPError as e:
            if e.code != 404:
                fail("unknown IMEI: %d" % e.code)

        proc.send_signal(signal.SIGTERM)
        if proc.wait(timeout=15) != 0:
            fail("exit code %d after SIGTERM" % proc.returncode)
    finally:
        if proc.poll() is None:
            proc.kill()
    log = open(log_path).read()
    for secret in (PIN, K, OPC, "s3cret-7"):
        if secret in log:
            fail("the log holds a secret")
    print("ok: fleet of %d devices" % DEVICES)


tmp = tempfile.mkdtemp(prefix="dmboot_fleet_cli_")
try:
    main(tmp)
finally:
    shutil.rmtree(tmp, ignore_errors=True)  # device trees hold credentials: never left behind
