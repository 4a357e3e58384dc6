#!/usr/bin/env bash
# Installs the Debian packages catwalk-logs needs to build, test and benchmark.
# As root it installs what is missing; otherwise it prints the exact command to run.
set -euo pipefail

packages=(libcurl4-openssl-dev libsqlite3-dev libncurses-dev tmux curl groff-base jq socat openssl man-db binutils file python3 util-linux)
[ "${1:-}" = "--bench" ] && packages+=(hyperfine sqlite3 less procps)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "catwalk-logs needs these Debian packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "installing ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
