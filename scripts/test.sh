#!/usr/bin/env bash
# Installs, builds and runs every test: formatting, clang-tidy on changed
# sources, unit/storage/actor tests
# (doctest through ctest), the same under ASan/UBSan (SANITIZE=0 skips it), a
# fuzz smoke run, then the end-to-end suites against the real binary on
# loopback (node --test).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh

echo "== format check"
scripts/format.sh --check

echo "== clang-tidy on the sources the last commit changed"
scripts/tidy.sh

echo "== unit, storage and actor tests"
# ctest splits names at ';' and the halves silently match no test.
if build/actorgram_tests -ltc | grep -q ';'; then
  echo "test case names must not contain ';'" >&2
  exit 1
fi
(cd build && ctest --output-on-failure -j2)

if [[ "${SANITIZE:-1}" == 1 ]]; then
  echo "== unit tests under ASan/UBSan"
  # -O0 (Debug): compiles far faster than -O2, and the sanitizers see more.
  BUILD_DIR=build-asan SANITIZE=1 BUILD_TYPE=Debug BUILD_TARGETS=actorgram_tests scripts/build.sh
  (cd build-asan && UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$PWD/../test/ubsan.supp" \
     ASAN_OPTIONS="detect_leaks=1" ctest --output-on-failure -j2)
fi

echo "== fuzz smoke run of the WebSocket frame decoder"
build/ws_frame_fuzz 200000
echo "== fuzz smoke run of the HTTP request framing"
build/http_framing_fuzz 200000
echo "== fuzz smoke run of the image path (broken JPEGs and PNGs)"
build/image_fuzz 2000 2>/dev/null # libjpeg/libpng print a warning per broken input

echo "== end-to-end tests"
cd test/e2e
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# A hung test fails after 10 minutes, a hung suite after 45, long before
# CI's own limit.
timeout 45m node --test --test-concurrency=1 --test-timeout=600000 --test-reporter=spec
