#!/usr/bin/env bash
# Installs, builds and runs a node on the embedded default (RocksDB in ./data),
# HTTP on 127.0.0.1:8080 and WebSocket on 127.0.0.1:8081/ws. Extra arguments
# go to the binary (see `build/actorgram --help`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/actorgram --config config/node.yaml "$@"
