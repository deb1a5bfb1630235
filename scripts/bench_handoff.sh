#!/usr/bin/env bash
# Issue 12's hand-off figure (docs/benchmarks.md): a lone node holding
# USERS accounts, each with messages, a second node joining, and
# `actorgram cluster add 2` moving half the shards (about USERS/2 users'
# data) while a 1:1 message load runs through node 1. Prints the command's
# report (records, users, total time, longest freeze) and the load's
# figures during it.
#   BUILD_DIR=build-next scripts/bench_handoff.sh [USERS] [ROUND]
# Accounts are made in rounds of ROUND users (each round one socket per
# user and 5 s of messages at ROUND/5 msgs/s), under the node's socket cap.
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-20000}
round=${2:-5000}
build=${BUILD_DIR:-build}
bin=$build/actorgram
gen=$build/actorgram-loadgen
dir=$(mktemp -d /tmp/actorgram-handoff-XXXXXX)
head -c 48 /dev/urandom >"$dir/secret"
base=$((20000 + RANDOM % 8000))
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
# The load test's node settings (scripts/loadtest.sh).
export ACTORGRAM_AUTH_PASSWORD_OPSLIMIT=1 ACTORGRAM_AUTH_PASSWORD_MEMLIMIT_KIB=8192 \
  ACTORGRAM_LIMITS_MESSAGES_PER_SECOND=100000 ACTORGRAM_LIMITS_MESSAGES_BURST=100000 \
  ACTORGRAM_LIMITS_AUTH_PER_IP_PER_SECOND=100000 ACTORGRAM_LIMITS_AUTH_PER_IP_BURST=100000 \
  ACTORGRAM_WS_MAX_CONNECTIONS=19000 ACTORGRAM_WS_MAX_CONNECTIONS_PER_IP=19000 \
  ACTORGRAM_CLUSTER_SECRET_FILE="$dir/secret"
port() { echo $((base + 10 * ($1 - 1) + $2)); } # node, 0 http / 1 ws / 5 cluster
start() {
  "$bin" --node-id "$1" --data-dir "$dir/node$1" --http-port "$(port "$1" 0)" \
    --ws-port "$(port "$1" 1)" --cluster-port "$(port "$1" 5)" --seeds "127.0.0.1:$(port 1 5)" \
    >"$dir/node$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 200); do
    curl -fs "http://127.0.0.1:$(port "$1" 0)/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  cat "$dir/node$1.log" >&2
  exit 1
}
load() { # prefix users rate duration
  "$gen" --http-port "$(port 1 0)" --ws-port "$(port 1 1)" --prefix "$1" --users "$2" \
    --rate "$3" --duration "$4" --warmup 1
}
start 1
for ((made = 0, r = 0; made < users; made += round, r++)); do
  n=$((users - made < round ? users - made : round))
  echo "bench_handoff: round $r: $n accounts with messages on node 1" >&2
  load "handoff${r}_" "$n" $((n / 5)) 5 >"$dir/setup$r.txt"
done
start 2
sleep 3
load handload_ 200 200 14 >"$dir/load.txt" &
loader=$!
sleep 5
echo "bench_handoff: cluster add 2 with load running" >&2
"$bin" cluster add 2 --cluster-port "$(port 1 5)"
wait "$loader" || true
echo "bench_handoff: the load through it:"
cat "$dir/load.txt"
