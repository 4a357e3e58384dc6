#!/usr/bin/env bash
# Installs the Debian packages catwalk-logs and catwalk-logd need to build, test and benchmark
# (postgresql: the tests start a PostgreSQL 15 cluster of their own; nothing is run as a service).
# As root it installs what is missing; otherwise it prints the exact command to run.
set -euo pipefail

packages=(libcurl4-openssl-dev libsqlite3-dev libncurses-dev zlib1g-dev tmux curl groff-base jq socat openssl man-db binutils file python3 util-linux postgresql)
[ "${1:-}" = "--bench" ] && packages+=(hyperfine sqlite3 less procps lnav time)

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
# policy-rc.d: Debian's postgresql package would start a system cluster on 5432; the tests
# need only the binaries, so no service is started while installing.
policy=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod 755 "$policy" && created_policy=1; fi
# apt-get install -y postgresql (with the rest of $packages) when it is missing:
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
if [ -n "$created_policy" ]; then rm -f "$policy"; fi
