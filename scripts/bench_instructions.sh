#!/usr/bin/env bash
# Instructions per delivered 1:1 message, counted rather than timed: the
# node runs under valgrind's callgrind (pinned to CPU 1, the generator on
# CPU 0), load runs open loop, and instructions are collected for 10 s once
# the load has settled. Repeat runs of one build agree within ~2% where CPU
# time on these shared machines moves ±10%: use it to compare two builds.
#
#   scripts/bench_instructions.sh                    build/actorgram, 200 users, 300 msgs/s
#   scripts/bench_instructions.sh other/actorgram    another binary (same loadgen)
#   RATE=500 USERS=400 SETTLE=30 scripts/bench_instructions.sh
#
# Prints delivered, instructions (Ir) and Ir per message; the callgrind
# profile is kept at $OUT (default /tmp/actorgram-callgrind.out) for
# callgrind_annotate. Needs valgrind (apt install valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
bin=${1:-$build/actorgram}
loadgen=${LOADGEN:-$build/actorgram-loadgen}
rate=${RATE:-300} users=${USERS:-200} settle=${SETTLE:-25}
out=${OUT:-/tmp/actorgram-callgrind.out}
command -v callgrind_control >/dev/null || { echo "valgrind is not installed" >&2; exit 2; }

data=$(mktemp -d /tmp/actorgram-ir-XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$data"' EXIT
http=$((20000 + RANDOM % 12000))
ws=$((http + 1))
ACTORGRAM_AUTH_PASSWORD_OPSLIMIT=1 ACTORGRAM_AUTH_PASSWORD_MEMLIMIT_KIB=8192 \
ACTORGRAM_LIMITS_MESSAGES_PER_SECOND=100000 ACTORGRAM_LIMITS_MESSAGES_BURST=100000 \
ACTORGRAM_LIMITS_AUTH_PER_IP_PER_SECOND=100000 ACTORGRAM_LIMITS_AUTH_PER_IP_BURST=100000 \
ACTORGRAM_WS_MAX_CONNECTIONS=19000 ACTORGRAM_WS_MAX_CONNECTIONS_PER_IP=19000 \
ACTORGRAM_ACTORS_CALL_TIMEOUT_MS=60000 \
  taskset -c "${NODE_CPU:-1}" valgrind --tool=callgrind --instr-atstart=no \
  --callgrind-out-file="$data/cg.out" "$bin" --data-dir "$data/db" --http-port "$http" \
  --ws-port "$ws" >"$data/node.log" 2>&1 &
pid=$!
for _ in $(seq 600); do
  curl -fs "http://127.0.0.1:$http/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
delivered() {
  curl -s "http://127.0.0.1:$http/metrics" | awk '/^actorgram_messages_delivered_total/{print int($2)}'
}
taskset -c "${GEN_CPU:-0}" "$loadgen" --http-port "$http" --ws-port "$ws" --users "$users" \
  --rate "$rate" --duration $((settle + 15)) --warmup 3 >"$data/loadgen.out" 2>&1 &
gen=$!
sleep "$settle"
m1=$(delivered)
callgrind_control -i on "$pid" >/dev/null 2>&1
sleep 10
callgrind_control -i off "$pid" >/dev/null 2>&1
m2=$(delivered)
callgrind_control -d "$pid" >/dev/null 2>&1
sleep 2
wait "$gen" || true
grep -h "RESULT" "$data/loadgen.out" || true
ir=$(grep -h "^summary:\|^totals:" "$data"/cg.out* | awk '{s += $2} END {print s}')
n=$((m2 - m1))
cp "$(ls -t "$data"/cg.out* | head -1)" "$out"
echo "delivered=$n Ir=$ir Ir_per_msg=$((ir / (n > 0 ? n : 1)))"
