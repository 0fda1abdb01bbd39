#!/usr/bin/env bash
# Build kith (release) and run the demo: the synthetic bakery into
# ./kith-demo.db and its community report. Extra arguments go to 'kith demo'.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release >/dev/null
exec build/release/kith demo --db kith-demo.db "$@"
