#!/usr/bin/env bash
# Static checks: clang-tidy with the checks of .clang-tidy over src/*.c,
# using BUILD_DIR/compile_commands.json (default build/dev), two files at
# a time. Exits non-zero on any finding (.clang-tidy makes every warning
# an error). Run by the CTest lint_clang_tidy; alone: scripts/lint.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/dev}
tidy=${CLANG_TIDY:-clang-tidy}
if [ ! -f "$build/compile_commands.json" ]; then
  echo "lint.sh: no $build/compile_commands.json: configure first (cmake --preset dev)" >&2
  exit 2
fi
# -n1: one file per run, so the two workers stay evenly loaded.
find src -name '*.c' -print0 | sort -z |
  xargs -0 -n1 -P2 "$tidy" -p "$build" --quiet --extra-arg=-Wno-unknown-warning-option
