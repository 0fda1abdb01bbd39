#!/usr/bin/env bash
# Installs what kith needs on Debian (apt-get; run as root or with sudo),
# and the npm packages of package.json. Safe to run again: it installs only
# what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(build-essential cmake pkg-config clang clang-tidy sqlite3 libsqlite3-dev
      clang-format libjansson-dev libcsv-dev libcmocka-dev libsodium-dev libzip-dev libigraph-dev
      liblinear-dev libgsl-dev libstemmer-dev libmicrohttpd-dev
      zlib1g-dev python3 python3-pandas python3-jsonschema python3-numpy python3-scipy
      python3-sklearn python3-igraph python3-networkx chromium wrk hyperfine)
missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
# Node.js may come from Debian (nodejs + npm) or from NodeSource (nodejs
# only, npm inside it): ask for the commands, not the packages.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ -f package.json ] && { [ ! -d node_modules ] || [ package.json -nt node_modules ]; }; then
  echo "setup: npm install" >&2
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; \
  else npm install --no-audit --no-fund --silent; fi
  touch node_modules
fi
