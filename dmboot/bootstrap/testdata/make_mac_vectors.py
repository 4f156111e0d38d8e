#!/usr/bin/env python3
"""Generates bootstrap_mac_computed.txt: one vector per security type, keys built by the rules of
docs/bootstrap-security.md, MACs by Python's standard hmac/hashlib (an implementation independent
of dmboot's OpenSSL path). `make test` re-runs this script and compares its output with the
committed file (tests/bootstrap.cmake), so the committed vectors are always re-derived.

Usage: make_mac_vectors.py [OUT]   (stdout when OUT is omitted)
"""
import hashlib
import hmac
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# OMA CP document from the NowSMS 'NETWPIN Calculation' thread (see cp_netwpin_nowsms.txt).
CP_DOC = bytes.fromhex(
    "030b6a0674657374310045c6560187070683000101c655018707068300018711060374657374315f4e41504944"
    "0001871006ab0187080603746573743200018709068901871401c65a01870c069a01870d0603677072737573"
    "65726e616d650001870e06036770727370617373776f72640001010101")
# DM 1.2 bootstrap made by libwbxml 0.11.8 (xml2wbxml -v 1.2), copied from the shared samples.
with open(os.path.join(HERE, "dm12_bootstrap.v12.wbxml"), "rb") as f:
    DM_DOC = f.read()

IMSI = "123456789012345"
IMSI_EVEN = "21407650123456"
ESN = "A1B2C3D4"
MEID = "A0000012345678"
PIN = "1234"
# Ks_NAF: an arbitrary 32-byte value (in the system it comes from GBA Push).
KS_NAF = bytes(range(0x20, 0x40))


def semi_octets(digits):
    nibbles = [9 if len(digits) % 2 else 1] + [int(d) for d in digits]
    if len(nibbles) % 2:
        nibbles.append(0xF)
    return bytes(nibbles[i] | (nibbles[i + 1] << 4) for i in range(0, len(nibbles), 2))


def mac(key, doc):
    return hmac.new(key, doc, hashlib.sha1).hexdigest().upper()


def userpinmac_digits(k, doc):
    m = hmac.new(k, doc, hashlib.sha1).digest()
    return "".join(chr(ord("0") + b % 10) for b in m[: len(k)])


cases = [
    # (comment, media, sec, document, attributes, key)
    ("NETWORKID from an IMSI (semi-octets)", "DM", "NETWORKID", DM_DOC,
     [("IMSI", f'"{IMSI}"')], semi_octets(IMSI)),
    ("NETWORKID from an IMSI with an even digit count (filler F)", "DM", "NETWORKID", DM_DOC,
     [("IMSI", f'"{IMSI_EVEN}"')], semi_octets(IMSI_EVEN)),
    ("NETWORKID from an IMSI as ASCII digits (explicit option only)", "DM", "NETWORKID", DM_DOC,
     [("IMSI", f'"{IMSI}"'), ("Format", "ascii")], IMSI.encode()),
    ("NETWORKID from an ESN: 4 bytes big-endian", "DM", "NETWORKID", DM_DOC,
     [("ESN", f'"{ESN}"')], bytes.fromhex(ESN)),
    ("NETWORKID from an ESN as ASCII hex text", "DM", "NETWORKID", DM_DOC,
     [("ESN", f'"{ESN}"'), ("Format", "ascii")], ESN.encode()),
    ("NETWORKID from a MEID: 7 bytes", "DM", "NETWORKID", DM_DOC,
     [("MEID", f'"{MEID}"')], bytes.fromhex(MEID)),
    ("USERPIN: the PIN's ASCII bytes", "DM", "USERPIN", DM_DOC,
     [("PIN", f'"{PIN}"')], PIN.encode()),
    ("USERPIN_NETWORKID: PIN ':' IMSI semi-octets (DM rule)", "DM", "USERPIN_NETWORKID", DM_DOC,
     [("IMSI", f'"{IMSI}"'), ("PIN", f'"{PIN}"')], PIN.encode() + b":" + semi_octets(IMSI)),
    ("USERPIN_NETWORKID with an ESN", "DM", "USERPIN_NETWORKID", DM_DOC,
     [("ESN", f'"{ESN}"'), ("PIN", f'"{PIN}"')], PIN.encode() + b":" + bytes.fromhex(ESN)),
    ("NETWORKID_GBA: Ks_NAF raw", "DM", "NETWORKID_GBA", DM_DOC,
     [("KsNaf", KS_NAF.hex())], KS_NAF),
    ("USERPIN_NETWORKID_GBA: PIN ':' Ks_NAF", "DM", "USERPIN_NETWORKID_GBA", DM_DOC,
     [("KsNaf", KS_NAF.hex()), ("PIN", f'"{PIN}"')], PIN.encode() + b":" + KS_NAF),
    ("CP NETWPIN: IMSI semi-octets (the NowSMS vector)", "CP", "NETWPIN", CP_DOC,
     [("IMSI", f'"{IMSI}"')], semi_octets(IMSI)),
    ("CP USERPIN", "CP", "USERPIN", CP_DOC, [("PIN", f'"{PIN}"')], PIN.encode()),
    ("CP USERNETWPIN: IMSI semi-octets then PIN, no colon", "CP", "USERNETWPIN", CP_DOC,
     [("IMSI", f'"{IMSI}"'), ("PIN", f'"{PIN}"')], semi_octets(IMSI) + PIN.encode()),
]

out = [
    "# Source: computed by us with Python hmac/hashlib (tests/../make_mac_vectors.py, re-run and",
    "# compared by `make test`). Key rules: docs/bootstrap-security.md. Documents: the NowSMS CP",
    "# document (cp_netwpin_nowsms.txt) and libwbxml's DM 1.2 bootstrap (dm12_bootstrap.v12.wbxml).",
    "# Document = cp | dm12 names the document; Key is the derived HMAC key; MAC the 40-digit MAC.",
    "",
]
for comment, media, sec, doc, attrs, key in cases:
    out.append(f"# {comment}")
    out.append(f"Media = {media}")
    out.append(f"SEC = {sec}")
    out.append(f"Document = {'cp' if doc is CP_DOC else 'dm12'}")
    for name, value in attrs:
        out.append(f"{name} = {value}")
    out.append(f"Key = {key.hex()}")
    out.append(f"MAC = {mac(key, doc)}")
    out.append("")

# USERPINMAC: the user string is K || m with m_i = (M_i mod 10) + '0' (OMA PROVBOOT 1.1).
k = "12345"
m = userpinmac_digits(k.encode(), CP_DOC)
out += [
    "# CP USERPINMAC: PIN = K; MAC = m (decimal digits); the user is given K || m",
    "Media = CP", "SEC = USERPINMAC", "Document = cp", f'PIN = "{k}"',
    f"Key = {k.encode().hex()}", f"MAC = {m}", "",
]

text = "\n".join(out)
if len(sys.argv) > 1:
    with open(sys.argv[1], "w") as f:
        f.write(text)
else:
    sys.stdout.write(text)
