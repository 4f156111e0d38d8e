#!/usr/bin/env python3
"""Second, independent implementation of dmboot's GPI profile v1 (docs/gpi-profile.md), used to
produce and cross-check dmboot/gba/testdata/gpi_profile_v1.txt.

Standard library (hmac, hashlib) for the TS 33.220 KDF and the GPI MAC; AES-128 from
python3-cryptography for Milenage (the TS 35.206 outline of shared/samples/milenage_ref.py).
Run: python3 gpi_vectors.py > gpi_profile_v1.txt   (ctest `gba.gpi_vectors_python` diffs them).
"""
import hashlib
import hmac
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def aes(k, b):
    e = Cipher(algorithms.AES(k), modes.ECB()).encryptor()
    return e.update(b) + e.finalize()


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def rot(b, r):
    return b[r // 8:] + b[:r // 8]


C = [bytes(15) + bytes([c]) for c in (0, 1, 2, 4, 8)]
R = [64, 0, 32, 64, 96]


def milenage(k, opc, rand, sqn, amf):
    temp = aes(k, xor(rand, opc))
    in1 = sqn + amf + sqn + amf
    out1 = xor(aes(k, xor(rot(xor(in1, opc), R[0]), xor(temp, C[0]))), opc)
    outs = [xor(aes(k, xor(rot(xor(temp, opc), R[i]), C[i])), opc) for i in range(1, 5)]
    return dict(mac_a=out1[:8], res=outs[0][8:], ak=outs[0][:6], ck=outs[1], ik=outs[2])


def kdf(key, fc, *params):  # TS 33.220 Annex B.2
    s = bytes([fc]) + b"".join(p + struct.pack(">H", len(p)) for p in params)
    return hmac.new(key, s, hashlib.sha256).digest()


def tlv(tag, value):
    return bytes([tag]) + struct.pack(">H", len(value)) + value


def build(case):
    h = bytes.fromhex
    k, opc, rand, sqn, amf = h(case["K"]), h(case["OPc"]), h(case["RAND"]), h(case["SQN"]), h(case["AMF"])
    m = milenage(k, opc, rand, sqn, amf)
    autn = xor(sqn, m["ak"]) + amf + m["mac_a"]
    ks = m["ck"] + m["ik"]
    naf_id = case["NafFqdn"].encode() + h(case["UaId"])
    impi = case["IMPI"].encode()
    ks_naf = kdf(ks, 0x01, b"gba-me", rand, impi, naf_id)
    out = dict(KsNaf=ks_naf.hex())
    gba_type = int(case["GbaType"])
    if gba_type == 1:  # GBA_U: AUTN* = SQN^AK || AMF || MAC ^ Trunc(SHA-1(IK))
        autn = autn[:8] + xor(autn[8:], hashlib.sha1(m["ik"]).digest()[:8])
        out["KsIntNaf"] = kdf(ks, 0x01, b"gba-u", rand, impi, naf_id).hex()
    body = bytes([1])
    body += tlv(0x81, h(case["PTid"]))
    body += tlv(0x82, rand)
    body += tlv(0x83, autn)
    body += tlv(0x84, naf_id)
    if "AppLbl" in case:
        body += tlv(0x85, case["AppLbl"].encode())
    body += tlv(0x86, bytes([gba_type]))
    body += tlv(0x87, struct.pack(">Q", int(case["KeyExpiry"])))
    if "UeId" in case:
        body += tlv(0x88, bytes([int(case["UeIdType"])]) + case["UeId"].encode())
    k_gpi = kdf(ks_naf, 0x01, b"dmboot-gpi-mac")
    mac = hmac.new(k_gpi, body, hashlib.sha256).digest()[:16]
    gpi = body + tlv(0xFF, mac)
    sid = case["SessionId"].encode()
    envelope = bytes([1, len(sid)]) + sid + struct.pack(">H", len(gpi)) + gpi
    out.update(Gpi=gpi.hex(), Envelope=envelope.hex())
    return out


CASES = [
    dict(K="465b5ce8b199b49faa5f0a2ee238a6bc", OPc="cd63cb71954a9f4e48a5994e37a02baf",
         RAND="23553cbe9637a89d218ae64dae47bf35", SQN="000000000020", AMF="0000",
         IMPI="001010000000001@ims.mnc001.mcc001.3gppnetwork.org", NafFqdn="dms.example.com",
         UaId="ff00000001", PTid="50544944000000000000000000000001", GbaType="0",
         KeyExpiry="1798761600", SessionId="1"),
    dict(K="0396eb317b6d1c36f19c1c84cd6ffd16", OPc="53c15671c60a4b731c55b4a441c0bde2",
         RAND="c00d603103dcee52c4478119494202e8", SQN="000000000041", AMF="0000",
         IMPI="001010000000002@ims.mnc001.mcc001.3gppnetwork.org", NafFqdn="dm.operator.example",
         UaId="ff00000001", PTid="0a0b0c0d", GbaType="1", KeyExpiry="1798761600",
         AppLbl="USIM", UeIdType="1", UeId="sip:+15551230002@ims.example", SessionId="A7F3"),
]

ORDER = ["K", "OPc", "RAND", "SQN", "AMF", "IMPI", "NafFqdn", "UaId", "PTid", "GbaType", "KeyExpiry",
         "AppLbl", "UeIdType", "UeId", "SessionId", "KsNaf", "KsIntNaf", "Gpi", "Envelope"]
TEXT = {"IMPI", "NafFqdn", "AppLbl", "UeId", "SessionId", "GbaType", "KeyExpiry", "UeIdType"}

if __name__ == "__main__":
    print("# Source: computed by us with dmboot/gba/testdata/gpi_vectors.py, an independent Python implementation")
    print("# of the dmboot GPI profile v1 (docs/gpi-profile.md): Milenage on python3-cryptography AES, the")
    print("# TS 33.220 KDF and the GPI MAC on Python hmac/hashlib. ctest re-runs the script and diffs this file.")
    print("# Project vectors, not from any 3GPP specification (the standard GPI layout was not available).")
    for i, case in enumerate(CASES):
        full = dict(case, **build(case))
        print()
        print(f"# Case {i + 1}: {'GBA_U' if case['GbaType'] == '1' else 'GBA_ME'}")
        for name in ORDER:
            if name in full:
                value = f'"{full[name]}"' if name in TEXT else full[name]
                print(f"{name} = {value}")
