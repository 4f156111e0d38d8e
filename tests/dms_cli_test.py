#!/usr/bin/env python3
"""CLI test of `dmboot dms serve`: starts the server on an ephemeral port with a routes file
pointing at a UDP socket of this script, requests USERPIN and NETWORKID bootstraps over HTTP,
receives the WSP pushes and checks their MAC with Python's hmac (an implementation independent
of dmboot's), checks the 400 / 403 / 404 errors, the fleet view, SIGTERM shutdown and that the
log never holds the PIN. Usage: dms_cli_test.py <dmboot>"""
import hashlib
import hmac
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

DMBOOT = sys.argv[1]
PIN = "731902"
IMSI = "001010123456789"


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def uintvar(data, pos):
    value = 0
    while True:
        b = data[pos]
        pos += 1
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            return value, pos


def split_push(pdu):
    """WAP-230 §8.2.4.1 connectionless Push: TID, type 0x06, uintvar headers length, headers, body."""
    if pdu[1] != 0x06:
        fail("not a WSP Push PDU: type %02x" % pdu[1])
    hlen, pos = uintvar(pdu, 2)
    return pdu[pos:pos + hlen], pdu[pos + hlen:]


def imsi_semi_octets(imsi):
    digits = [int(c) for c in imsi]
    first = (digits[0] << 4) | (9 if len(digits) % 2 else 1)
    rest = digits[1:]
    if len(rest) % 2:
        rest.append(0xF)
    return bytes([first] + [rest[i] | (rest[i + 1] << 4) for i in range(0, len(rest), 2)])


def http(port, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def main(tmp):
    device = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    device.bind(("127.0.0.1", 0))
    device.settimeout(5)
    routes = os.path.join(tmp, "routes.json")
    with open(routes, "w") as f:
        json.dump([{"msisdn": "+15550001", "udp": "127.0.0.1:%d" % device.getsockname()[1],
                    "bearer": "udp"}], f)
    config = os.path.join(tmp, "dms.json")
    with open(config, "w") as f:
        json.dump({"listen": "127.0.0.1:0", "routes_file": routes, "fqdn": "dms.example.test",
                   "fault_injection": {"tamper_bootstrap_imeis": ["356938035643809"]}}, f)
    port_file = os.path.join(tmp, "port")
    log_path = os.path.join(tmp, "dms.log")
    log = open(log_path, "w")
    proc = subprocess.Popen([DMBOOT, "dms", "serve", "--config", config, "--db",
                             os.path.join(tmp, "dms.sqlite"), "--port-file", port_file],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        line = proc.stdout.readline()
        if not line.startswith("dms listening on 127.0.0.1:"):
            fail("unexpected first line: %r" % line)
        port = int(open(port_file).read())
        if not line.strip().endswith(":%d" % port):
            fail("port file and announcement disagree")

        # USERPIN: key = the PIN's ASCII (OMA DM Security §5.7), MAC = HMAC-SHA1 hex.
        status, body = http(port, "POST", "/v1/bootstrap",
                            {"imei": "490154203237518", "imsi": IMSI, "msisdn": "+15550001",
                             "security_type": "USERPIN", "pin": PIN})
        if status != 202 or body != {"imei": "490154203237518", "state": "requested"}:
            fail("POST /v1/bootstrap: %d %r" % (status, body))
        headers, wbxml = split_push(device.recv(65536))
        mac = hmac.new(PIN.encode(), wbxml, hashlib.sha1).hexdigest().upper().encode()
        if mac not in headers:
            fail("USERPIN: the push does not carry HMAC-SHA1(PIN, body)")
        if bytes([0x91, 0x81]) not in headers:  # SEC (0x11|0x80) = short-integer 1 (USERPIN)
            fail("USERPIN: typed SEC 1 missing")

        # NETWORKID, tampered by fault injection: the MAC must NOT match the body.
        status, _ = http(port, "POST", "/v1/bootstrap",
                         {"imei": "356938035643809", "imsi": IMSI, "msisdn": "+15550001",
                          "security_type": "NETWORKID"})
        if status != 202:
            fail("second bootstrap: %d" % status)
        headers, wbxml = split_push(device.recv(65536))
        mac = hmac.new(imsi_semi_octets(IMSI), wbxml, hashlib.sha1).hexdigest().upper().encode()
        if mac in headers:
            fail("the tampered bootstrap still verifies")

        status, body = http(port, "POST", "/v1/bootstrap",
                            {"imei": "490154203237518", "imsi": IMSI, "msisdn": "+15550001",
                             "security_type": "USERPIN", "pin": PIN})
        if status != 403 or body.get("error") != "refused":
            fail("re-request: %d %r" % (status, body))
        status, body = http(port, "POST", "/v1/bootstrap",
                            {"imei": "49015420323751", "imsi": IMSI, "msisdn": "+1",
                             "security_type": "USERPIN", "pin": PIN})
        if status != 400 or not body["message"].startswith("imei: "):
            fail("bad imei: %d %r" % (status, body))
        status, body = http(port, "GET", "/v1/devices/353918058381472")
        if status != 404:
            fail("unknown device: %d" % status)
        status, body = http(port, "GET", "/v1/devices/490154203237518")
        if status != 200 or body["state"] != "bootstrap_pushed":
            fail("GET device: %d %r" % (status, body))
        # GBA without a BSF: the job fails with bsf_unavailable.
        status, _ = http(port, "POST", "/v1/bootstrap",
                         {"imei": "353918058381472", "imsi": IMSI, "msisdn": "+15550001",
                          "security_type": "NETWORKID_GBA"})
        for _ in range(50):
            status, body = http(port, "GET", "/v1/devices/353918058381472")
            if body["state"] == "failed":
                break
            time.sleep(0.05)
        if body.get("failure", {}).get("kind") != "bsf_unavailable":
            fail("GBA without BSF: %r" % body)
        status, fleet = http(port, "GET", "/v1/fleet")
        if fleet["devices"] != 3 or fleet["by_type"]["USERPIN"]["bootstrapped"] != 1:
            fail("fleet: %r" % fleet)
        # No route, or the wrong method: the documented JSON error body, not an empty one.
        status, body = http(port, "GET", "/v1/nope")
        if status != 404 or body != {"error": "not found", "message": "no route for GET /v1/nope"}:
            fail("unknown route: %d %r" % (status, body))
        status, body = http(port, "GET", "/v1/bootstrap")
        if status != 405 or body != {"error": "invalid argument",
                                     "message": "method GET is not allowed on /v1/bootstrap (allowed: POST)"}:
            fail("wrong method: %d %r" % (status, body))
    finally:
        proc.send_signal(signal.SIGTERM)
        code = proc.wait(timeout=10)
        log.close()
    if code != 0:
        fail("dms exited with %d on SIGTERM" % code)
    text = open(log_path).read()
    if PIN in text:
        fail("the PIN appears in the log")
    if "FAULT INJECTION" not in text:
        fail("fault injection not logged")
    # Started without a BSF: a warning says GBA types will fail; routes_file is set: no warning.
    if " WARN " not in text or "no BSF configured" not in text or "NETWORKID_GBA" not in text:
        fail("no warning about the missing BSF in the log: %r" % text)
    if "no routes configured" in text:
        fail("a routes warning although routes_file is set")
    bare_without_bsf_or_routes(tmp)
    print("ok")


def bare_without_bsf_or_routes(tmp):
    """`dms serve` with neither a BSF nor routes starts, but says at once what will fail."""
    port_file = os.path.join(tmp, "bare.port")
    log_path = os.path.join(tmp, "bare.log")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([DMBOOT, "dms", "serve", "--db", os.path.join(tmp, "bare.sqlite"),
                                 "--port-file", port_file], stdout=subprocess.PIPE, stderr=log, text=True)
        try:
            line = proc.stdout.readline()
            if not line.startswith("dms listening on 127.0.0.1:"):
                fail("bare dms: unexpected first line: %r" % line)
        finally:
            proc.send_signal(signal.SIGTERM)
            code = proc.wait(timeout=10)
    if code != 0:
        fail("bare dms exited with %d on SIGTERM" % code)
    text = open(log_path).read()
    if "no BSF configured" not in text or "no routes configured" not in text or "push_failed" not in text:
        fail("bare dms: the warnings are missing from the log: %r" % text)


tmp = tempfile.mkdtemp(prefix="dms_cli_")
try:
    main(tmp)
finally:
    shutil.rmtree(tmp, ignore_errors=True)  # the job store holds PINs: never left behind
