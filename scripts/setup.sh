#!/usr/bin/env bash
# Installs every Debian package Podium's build, run and tests need.
# Idempotent; runs apt-get only when something is missing. Works as root or with sudo.
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config git ca-certificates
  libsqlite3-dev sqlite3
  libxml2-dev libarchive-dev libzstd-dev zstd
  libjansson-dev libutf8proc-dev libopencc-dev opencc
  libmicrohttpd-dev
  libcmocka-dev libcmark-dev
  python3 curl
  clang libclang-rt-14-dev valgrind wrk
  libpq-dev postgresql
  chromium fonts-wqy-microhei
)
# Optional extras for `make bench` only (not needed by run or test).
if [ "${PODIUM_SETUP_BENCH:-0}" = 1 ]; then
  PKGS+=(nginx libxapian-dev xapian-tools hyperfine)
fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm drive the browser tests. Many images ship a newer Node.js
# (with its own npm) that conflicts with Debian's npm package, so only install
# Debian's when no node is present at all.
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
else
  echo "setup: all ${#PKGS[@]} Debian packages present"
fi
