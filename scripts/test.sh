#!/usr/bin/env bash
# Build kith with ASan/UBSan and -Werror (the dev preset) and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake --preset dev >/dev/null
cmake --build --preset dev
ctest --preset dev
