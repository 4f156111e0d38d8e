#!/usr/bin/env bash
# Regenerates the golden WBXML files of this folder (README.md lists every file and its source).
#   ours:    <case>.wbxml = `dmboot wbxml encode FLAGS <case>.xml` (flags in golden.txt)
#   libwbxml: <case>.libwbxml.wbxml = `xml2wbxml -v 1.2 -o OUT <case>.xml` (libwbxml 0.11.8),
#            <name>.wbxml2xml.xml = `wbxml2xml -m 0 [-l LANG] -o OUT <name>.wbxml` (decode oracle)
# Usage: make_golden.sh path/to/dmboot
set -euo pipefail
dmboot="$1"
cd "$(dirname "$0")"
enc() { "$dmboot" wbxml encode "${@:3}" "$1" -o "$2"; }
enc dm12_bootstrap.xml dm12_bootstrap.wbxml
enc dm12_bootstrap.xml dm12_bootstrap.v11.nostrtbl.wbxml --wbxml-version 1.1 --no-string-table
enc dm12_bootstrap.xml dm12_bootstrap.v13.literal.opaque.wbxml --wbxml-version 1.3 --public-id literal --opaque-data
enc dm11_bootstrap.xml dm11_bootstrap.wbxml
enc devinf11.xml devinf11.wbxml
enc devinf12.xml devinf12.wbxml
enc tnds_dmacc.xml tnds_dmacc.wbxml --public-id literal
enc tnds_dmacc.xml tnds_dmacc.numeric.wbxml
enc cp_bootstrap.xml cp_bootstrap.wbxml
enc cp_bootstrap.xml cp_bootstrap.v13.nostrtbl.wbxml --wbxml-version 1.3 --no-string-table
for c in dm11_bootstrap devinf11 devinf12 tnds_dmacc cp_bootstrap; do
  xml2wbxml -v 1.2 -o "$c.libwbxml.wbxml" "$c.xml" >/dev/null
done
for w in dm12_bootstrap.v13 dm12_bootstrap.v12.nostrtbl dm12_mini.stri nowsms_cp dm12_illustrative \
         dm11_bootstrap.libwbxml devinf11.libwbxml devinf12.libwbxml tnds_dmacc.libwbxml cp_bootstrap.libwbxml; do
  wbxml2xml -m 0 -o "$w.wbxml2xml.xml" "$w.wbxml" >/dev/null
done
