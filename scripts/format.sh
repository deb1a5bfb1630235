#!/usr/bin/env bash
# Formats the C++ sources with the committed .clang-format; --check fails on
# any difference instead of rewriting.
set -euo pipefail
cd "$(dirname "$0")/.."
files=$(git ls-files '*.cpp' '*.hpp' 2>/dev/null || find actors core storage http config scripts test -name '*.[ch]pp')
if [[ "${1:-}" == "--check" ]]; then
  clang-format --dry-run --Werror $files
  echo "format: clean"
else
  clang-format -i $files
fi
