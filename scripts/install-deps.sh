#!/usr/bin/env bash
# install-deps.sh installs, from Debian 12's archive, every package dmboot needs to build, test,
# fuzz and benchmark. Idempotent and non-interactive: it runs `apt-get update` at most once and only
# when something is missing, installs without recommends, and preseeds tshark's setuid question.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config clang-14 lld-14 libclang-rt-14-dev
  # libraries
  libssl-dev libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libpugixml-dev python3-cryptography
  nlohmann-json3-dev libsqlite3-dev sqlite3 libcpp-httplib-dev
  # independent oracles used inside `make test` and the benchmarks
  python3 openssl libwbxml2-dev libwbxml2-utils tshark libosmocore-dev
  # the HTTP client of the docs/cli.md examples, which a test runs as printed
  curl
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=sudo
else
  sudo_cmd=
fi

echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
echo 'wireshark-common wireshark-common/install-setuid boolean false' | $sudo_cmd debconf-set-selections
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
