#!/usr/bin/env bash
# Formats kith's C sources with .clang-format (clang-format -i), or with
# --check only reports the files that differ and exits 1 (the CTest
# lint_clang_format). Usage: scripts/format.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
fmt=${CLANG_FORMAT:-clang-format}
files() { find src include tests fuzz \( -name '*.c' -o -name '*.h' \) -print0 | sort -z; }
if [ "${1:-}" = "--check" ]; then
  # --dry-run -Werror prints each difference as file:line: error.
  files | xargs -0 "$fmt" --dry-run -Werror || {
    echo "format.sh: files above differ from .clang-format: run scripts/format.sh" >&2
    exit 1
  }
else
  files | xargs -0 "$fmt" -i
fi
