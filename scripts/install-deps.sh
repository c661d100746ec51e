#!/usr/bin/env bash
# Installs the Debian and npm packages helsami needs, only when missing.
# Fast (a few dpkg/ls checks) when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(build-essential pkg-config clang libclang-rt-14-dev
      libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev
      libssl-dev libcjose-dev libcurl4-openssl-dev libcmocka-dev
      postgresql postgresql-contrib chromium nginx-light wrk
      nodejs npm python3-aiosmtpd
      libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils)

missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from outside Debian on developer machines: accept a working node.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The postgresql package starts a default cluster; our tests run their own.
  $SUDO systemctl disable --now postgresql >/dev/null 2>&1 || true
fi

if [ ! -f node_modules/.helsami-installed ] || [ package.json -nt node_modules/.helsami-installed ]; then
  echo "install-deps: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error 2>/dev/null || npm install --no-audit --no-fund --loglevel=error
  touch node_modules/.helsami-installed
fi
