#!/usr/bin/env python3
"""Writes dm_auth_computed.txt: OMA DM 1.2 client credentials computed with Python's hashlib and
base64 (independent of dmboot's OpenSSL path), per OMA DM Security 1.2.1 §5.3:
  basic:  B64(username:password)
  md5:    B64(MD5(B64(MD5(username:password)):nonce))
  hmac:   B64(MD5(B64(MD5(username:password)):nonce:B64(MD5(body))))
`make test` re-runs this script and compares."""
import base64, hashlib, sys

def b64(b): return base64.b64encode(b).decode()
def md5(b): return hashlib.md5(b).digest()

cases = [("device-0001", b"cli-secret-0001", b"cli-nonce-0001", b"<SyncML>package 1</SyncML>"),
         ("Bruce2", b"OhBehave", bytes([0, 1, 2, 255]), b"")]
out = ["# Source: computed by us with Python hashlib/base64 (make_auth_vectors.py, re-run by make test).",
       "# Rules: OMA DM Security 1.2.1 section 5.3 (syncml:auth-basic, syncml:auth-md5, syncml:auth-MAC).", ""]
for name, pw, nonce, body in cases:
    user = b64(md5(name.encode() + b":" + pw))
    body_text = body.hex() if body else '""'
    out += [f'Name = "{name}"', f'Secret = "{pw.decode()}"', f"Nonce = {nonce.hex()}",
            f"Body = {body_text}",
            f"Basic = \"{b64(name.encode() + b':' + pw)}\"",
            f"Digest = \"{b64(md5(user.encode() + b':' + nonce))}\"",
            f"Hmac = \"{b64(md5(user.encode() + b':' + nonce + b':' + b64(md5(body)).encode()))}\"", ""]
sys.stdout.write("\n".join(out))
