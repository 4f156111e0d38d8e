#!/usr/bin/env python3
"""Oracle test for dmboot's WBXML codec against libwbxml's wbxml2xml (issue #3).

A. Every .wbxml in dmboot/wbxml/testdata decodes (dmboot wbxml decode) to the same element tree
   as wbxml2xml gives for it.
B. dmboot's encoder output for WBXML 1.1/1.2/1.3, with and without string table (and with a
   literal public id and OPAQUE Data), is decoded by wbxml2xml to the same tree as the source XML.

Trees are compared after the normalisation of docs/wbxml.md §5: namespaces dropped, whitespace-only
text beside child elements dropped (layout), CDATA is text (the XML parser does it), CRLF -> LF in
text (libwbxml's decoder writes LF in SyncML Data as CRLF).
Usage: wbxml_oracle_test.py DMBOOT WBXML2XML TESTDATA_DIR
"""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

DMBOOT, WBXML2XML, TESTDATA = sys.argv[1:4]
SOURCES = ["dm12_bootstrap.xml", "dm11_bootstrap.xml", "devinf11.xml", "devinf12.xml",
           "tnds_dmacc.xml", "cp_bootstrap.xml"]
failures = []
checks = 0


def local(tag):
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def tree(element):
    pieces = [element.text or ""] + [(child.tail or "") for child in element]
    children = [tree(child) for child in element]
    if children:
        pieces = [p for p in pieces if p.strip(" \t\r\n")]
    text = "".join(pieces).replace("\r\n", "\n")
    attrs = [(local(k), v) for k, v in element.attrib.items() if not k.startswith("xmlns")]
    return (local(element.tag), tuple(attrs), text, tuple(children))


def parse(path):
    return tree(ET.parse(path).getroot())


def first_difference(a, b, path=""):
    here = path + "/" + a[0]
    if a[0] != b[0]:
        return f"{path}: <{a[0]}> vs <{b[0]}>"
    if a[1] != b[1]:
        return f"{here}: attributes {a[1]} vs {b[1]}"
    if a[2] != b[2]:
        return f"{here}: text {a[2]!r} vs {b[2]!r}"
    if len(a[3]) != len(b[3]):
        return f"{here}: {len(a[3])} vs {len(b[3])} children"
    for x, y in zip(a[3], b[3]):
        d = first_difference(x, y, here)
        if d:
            return d
    return None


def run(args):
    result = subprocess.run(args, capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {result.returncode}: "
                           f"{result.stderr.decode(errors='replace').strip()}")
    return result


def language_of(path):
    """wbxml2xml needs -l when the public id is unknown (0x01): only our numeric DDF file."""
    with open(path, "rb") as f:
        head = f.read(2)
    return "DMDDF12" if len(head) == 2 and head[1] == 0x01 else None


def check(name, expected, actual):
    global checks
    checks += 1
    diff = first_difference(expected, actual)
    if diff:
        failures.append(f"{name}: {diff}")
        print(f"FAIL: {name}: {diff}")
    else:
        print(f"ok: {name}")


with tempfile.TemporaryDirectory() as tmp:
    lib_xml = os.path.join(tmp, "lib.xml")
    our_xml = os.path.join(tmp, "our.xml")
    wbxml = os.path.join(tmp, "out.wbxml")

    # A. Decode every .wbxml like wbxml2xml does.
    for name in sorted(os.listdir(TESTDATA)):
        if not name.endswith(".wbxml"):
            continue
        path = os.path.join(TESTDATA, name)
        lang = language_of(path)
        try:
            run([WBXML2XML, "-m", "0"] + (["-l", lang] if lang else []) + ["-o", lib_xml, path])
            run([DMBOOT, "wbxml", "decode"] + (["--language", lang] if lang else []) +
                [path, "-o", our_xml])
            check(f"decode {name}", parse(lib_xml), parse(our_xml))
        except Exception as e:  # noqa: BLE001 - any failure is a test failure
            failures.append(f"decode {name}: {e}")
            print(f"FAIL: decode {name}: {e}")

    # B. Our encoder's output, read back by wbxml2xml.
    variants = []
    for version in ["1.1", "1.2", "1.3"]:
        variants.append(["--wbxml-version", version])
        variants.append(["--wbxml-version", version, "--no-string-table"])
    variants.append(["--wbxml-version", "1.2", "--public-id", "literal"])
    variants.append(["--wbxml-version", "1.2", "--public-id", "literal", "--no-string-table",
                     "--opaque-data"])
    for source in SOURCES:
        src_path = os.path.join(TESTDATA, source)
        expected = parse(src_path)
        for flags in variants:
            label = f"encode {source} {' '.join(flags)}"
            try:
                run([DMBOOT, "wbxml", "encode"] + flags + [src_path, "-o", wbxml])
                lang = language_of(wbxml)
                run([WBXML2XML, "-m", "0"] + (["-l", lang] if lang else []) + ["-o", lib_xml, wbxml])
                check(label, expected, parse(lib_xml))
            except Exception as e:  # noqa: BLE001
                failures.append(f"{label}: {e}")
                print(f"FAIL: {label}: {e}")

print(f"{checks} comparisons, {len(failures)} failures")
if failures or checks == 0:
    sys.exit(1)
