#!/usr/bin/env bash
# make demo: runs what dmboot can do for real today, and says what it did. It grows with the
# project until it runs the end-to-end campaign (issue #7).
set -euo pipefail
dmboot="$1"
echo "== dmboot demo =="
"$dmboot" --version
echo "built: core (Result, hex, ByteReader/Writer, uintvar), crypto (SHA, HMAC, AES-128, secrets)"
echo "not built yet: $("$dmboot" --help | grep -c 'not built yet') subcommands (see dmboot --help)"
