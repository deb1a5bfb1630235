#!/usr/bin/env bash
# Configures and builds actorgram into build/ (or $BUILD_DIR) with Ninja and ccache.
# BUILD_TARGETS limits what is built (default: everything).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
type=${BUILD_TYPE:-RelWithDebInfo}
extra=()
[[ "${SANITIZE:-0}" == 1 ]] && extra+=(-DACTORGRAM_SANITIZE=ON)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="$type" "${extra[@]+"${extra[@]}"}" >/dev/null
ninja -C "$build" ${BUILD_TARGETS:-}
