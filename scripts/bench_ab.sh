#!/usr/bin/env bash
# Compares two node binaries under the same load, alternately in one
# sitting (A, B, A, B, ...), so that a shared, noisy machine treats both
# alike. Each run starts a fresh node with the settings of loadtest.sh and
# drives it with build/actorgram-loadgen (or $LOADGEN); prints each run's RESULT line with
# the node's CPU milliseconds per delivered message.
#
#   scripts/bench_ab.sh OLD_BIN NEW_BIN ROUNDS [loadgen args...]
#   scripts/bench_ab.sh /tmp/old/actorgram build/actorgram 2 --users 1000 --rate 10000 --duration 20 --warmup 3
#   scripts/bench_ab.sh /tmp/old/actorgram build/actorgram 2 --group --users 1000 --online 200 --rate 20 --duration 20
#   PIN=1 scripts/bench_ab.sh ...   node on CPU 1, generator on CPU 0 (NODE_CPU, GEN_CPU)
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 3 ]] || { sed -n 2,12p "$0"; exit 2; }
node_cpu=() gen_cpu=()
if [[ -n "${PIN:-}" ]]; then
  node_cpu=(taskset -c "${NODE_CPU:-1}") gen_cpu=(taskset -c "${GEN_CPU:-0}")
fi
bins=("$(realpath "$1")" "$(realpath "$2")")
rounds=$3
shift 3
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    ss -Htan "sport = :$p" | grep -q . || { echo "$p"; return; }
  done
}
for ((r = 1; r <= rounds; r++)); do
  for label in A B; do
    bin=${bins[0]}
    [[ $label == B ]] && bin=${bins[1]}
    # Keys an older binary does not know would stop it: set them only
    # where the binary has them (every load client shares one address).
    extra=()
    if grep -aq 'ws.max_connections_per_ip' "$bin"; then extra+=(ACTORGRAM_WS_MAX_CONNECTIONS_PER_IP=19000); fi
    data=$(mktemp -d /tmp/actorgram-ab-XXXXXX)
    http_port=$(free_port)
    ws_port=$(free_port)
    ACTORGRAM_AUTH_PASSWORD_OPSLIMIT=1 ACTORGRAM_AUTH_PASSWORD_MEMLIMIT_KIB=8192 \
    ACTORGRAM_LIMITS_MESSAGES_PER_SECOND=100000 ACTORGRAM_LIMITS_MESSAGES_BURST=100000 \
    ACTORGRAM_LIMITS_AUTH_PER_IP_PER_SECOND=100000 ACTORGRAM_LIMITS_AUTH_PER_IP_BURST=100000 \
    ACTORGRAM_WS_MAX_CONNECTIONS=19000 \
    # From the data directory: each binary runs on its built-in defaults, not
    # on this checkout's config/node.yaml (whose keys an older one may not know).
    (cd "$data" && exec env ${extra[@]+"${extra[@]}"} ${node_cpu[@]+"${node_cpu[@]}"} "$bin" --data-dir "$data/db" \
      --http-port "$http_port" --ws-port "$ws_port") >"$data/node.log" 2>&1 &
    pid=$!
    for _ in $(seq 100); do
      curl -fs "http://127.0.0.1:$http_port/readyz" >/dev/null 2>&1 && break
      sleep 0.1
    done
    line=$(${gen_cpu[@]+"${gen_cpu[@]}"} "${LOADGEN:-build/actorgram-loadgen}" "$@" --http-port "$http_port" --ws-port "$ws_port" --node-pid "$pid" \
      | grep '^RESULT' || true)
    [[ -n "$line" ]] || { echo "bench_ab: no result; the node's log:" >&2; tail -5 "$data/node.log" >&2; }
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$data"
    per_msg=$(awk '{for(i=1;i<=NF;i++){split($i,kv,"=");v[kv[1]]=kv[2]}}
      END{if(v["delivered_per_s"]>0) printf "%.3f", v["node_cpu_pct"]*10/v["delivered_per_s"]; else print "-"}' <<<"$line")
    echo "round $r $label ($bin): $line cpu_ms_per_delivered=$per_msg"
  done
done
