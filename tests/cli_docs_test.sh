#!/usr/bin/env bash
# The examples of docs/cli.md work as printed (issue #12 item 8): every ```sh block runs with
# `set -e` in an empty folder holding account.json, the account file of docs/bootstrap.md, with
# `dmboot` on the PATH. Servers get free ports instead of 8001-8004 (ctest runs in parallel),
# and `sleep 1` waits 4 s (a loaded machine). Whatever a block leaves running is stopped and the
# folder removed, pass or fail. Usage: cli_docs_test.sh DMBOOT SOURCE_DIR
set -u
dmboot=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
export PATH="$(cd "$(dirname "$dmboot")" && pwd):$PATH"

python3 - "$src/docs/bootstrap.md" "$src/docs/cli.md" "$tmp" <<'PY'
import re, socket, sys
account_doc, cli_doc, tmp = sys.argv[1:4]
text = open(account_doc, encoding="utf-8").read().split("## Account file", 1)[1]
open(f"{tmp}/account.json", "w").write(re.search(r"```json\n(.*?)```", text, re.S).group(1))
ports = []
socks = []
for _ in range(4):  # four distinct free ports, held until all are chosen
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
    ports.append(s.getsockname()[1])
blocks = re.findall(r"```sh\n(.*?)```", open(cli_doc, encoding="utf-8").read(), re.S)
for i, block in enumerate(blocks):
    for n, port in enumerate(ports, start=1):
        block = block.replace(f"127.0.0.1:800{n}", f"127.0.0.1:{port}")
    block = re.sub(r"^sleep 1$", "sleep 4", block, flags=re.M)
    with open(f"{tmp}/block{i}.sh", "w") as f:
        f.write("set -e\ntrap 'rc=$?; kill $(jobs -p) 2>/dev/null || true; wait; exit $rc' EXIT\n" + block)
print(len(blocks), "blocks")
PY
[ -e "$tmp/block0.sh" ] || { echo "FAIL: no sh block in docs/cli.md"; exit 1; }

for script in "$tmp"/block*.sh; do
  name=$(basename "$script" .sh)
  work="$tmp/$name.d"
  mkdir "$work"
  cp "$tmp/account.json" "$work/"
  if (cd "$work" && bash "$script") >"$tmp/$name.out" 2>"$tmp/$name.err"; then
    echo "ok: docs/cli.md $name"
  else
    echo "FAIL: docs/cli.md $name exits $?: $(tail -5 "$tmp/$name.err")"
    for log in "$work"/*.log; do [ -e "$log" ] && { echo "--- $log"; tail -5 "$log"; }; done
    fail=1
  fi
done

# What the examples say they print.
grep -qx 'verified' "$tmp/block0.out" || { echo "FAIL: block0: no 'verified'"; fail=1; }
grep -qx 'exit 1' "$tmp/block0.out" || { echo "FAIL: block0: a wrong PIN did not exit 1"; fail=1; }
grep -qx 'verified (SEC=USERPIN_NETWORKID)' "$tmp/block2.out" || { echo "FAIL: block2: push not verified"; fail=1; }
last=$(ls "$tmp"/block*.out | sort -V | tail -1)
grep -q '"state":"enrolled"' "$last" || { echo "FAIL: the servers example did not enroll: $(tail -2 "$last")"; fail=1; }
exit $fail
