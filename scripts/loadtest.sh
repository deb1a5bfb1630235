#!/usr/bin/env bash
# Load test: builds the project, starts a fresh node (unless --http-port and
# --ws-port name a running one, with --node-pid for its RSS/CPU) and drives it
# with build/actorgram-loadgen ($BUILD_DIR if set) over WebSocket on loopback.
#
#   scripts/loadtest.sh                         1,000 users, 20,000 msgs/s offered
#   scripts/loadtest.sh --rate 10000            half the rate (latency target)
#   scripts/loadtest.sh --rate 0                as fast as possible
#   scripts/loadtest.sh --idle --users 10000    idle sessions and RSS per session
#   scripts/loadtest.sh --pin --rate 5000       node on CPU 1, generator on CPU 0
#   scripts/loadtest.sh --cluster 2 --rate 5000 two nodes (scripts/cluster.sh), sockets
#                                               spread over them; --cross-node: every
#                                               message to a user of the other node
#
# The node it starts uses the production defaults except: cheaper password
# hashing (sign-up of thousands of accounts is not what is measured) and the
# per-user message rate limit raised so the offered load is not refused.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh >/dev/null
scripts/build.sh >/dev/null

args=()
own_node=1
cluster=0
node_cpu=() gen_cpu=()
while (($#)); do
  case "$1" in
    --pin) node_cpu=(taskset -c "${NODE_CPU:-1}") gen_cpu=(taskset -c "${GEN_CPU:-0}") ;;
    --ws-port) own_node=0; args+=("$1") ;;
    --cluster) cluster=$2; shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
build=${BUILD_DIR:-build}

# The load test's node settings (see above), for one node or a cluster.
export ACTORGRAM_AUTH_PASSWORD_OPSLIMIT=1 ACTORGRAM_AUTH_PASSWORD_MEMLIMIT_KIB=8192 \
  ACTORGRAM_LIMITS_MESSAGES_PER_SECOND=100000 ACTORGRAM_LIMITS_MESSAGES_BURST=100000 \
  ACTORGRAM_LIMITS_AUTH_PER_IP_PER_SECOND=100000 ACTORGRAM_LIMITS_AUTH_PER_IP_BURST=100000 \
  ACTORGRAM_WS_MAX_CONNECTIONS=19000 ACTORGRAM_WS_MAX_CONNECTIONS_PER_IP=19000

if ((cluster > 0)); then
  dir=$(mktemp -d /tmp/actorgram-cluster-load-XXXXXX)
  base=$((20000 + RANDOM % 8000))
  export CLUSTER_DIR=$dir HTTP_BASE=$base WS_BASE=$((base + 1)) CLUSTER_BASE=$((base + 5)) \
    ACTORGRAM_BIN=${ACTORGRAM_BIN:-$build/actorgram} NODE_WRAP="${node_cpu[*]}"
  trap 'scripts/cluster.sh stop >/dev/null; rm -rf "$dir"' EXIT
  scripts/cluster.sh start "$cluster" >&2
  hp="" wp="" pids=""
  for ((k = 1; k <= cluster; k++)); do
    hp+="${hp:+,}$((base + 10 * (k - 1)))"
    wp+="${wp:+,}$((base + 1 + 10 * (k - 1)))"
    pids+="${pids:+,}$(cat "$dir/node$k.pid")"
  done
  echo "loadtest: cluster of $cluster nodes (pids $pids), data in $dir" >&2
  "${gen_cpu[@]}" "$build/actorgram-loadgen" --cluster "$cluster" --http-ports "$hp" \
    --ws-ports "$wp" --node-pids "$pids" "${args[@]}"
  exit
fi

if ((own_node)); then
  data=$(mktemp -d /tmp/actorgram-load-XXXXXX)
  log="$data/node.log"
  free_port() {
    local p
    while :; do
      p=$((20000 + RANDOM % 12000)) # below the ephemeral range (32768+)
      ss -Htan "sport = :$p" | grep -q . || { echo "$p"; return; }
    done
  }
  http_port=${HTTP_PORT:-$(free_port)}
  ws_port=${WS_PORT:-$(free_port)}
  "${node_cpu[@]}" "$build/actorgram" --data-dir "$data/db" --http-port "$http_port" --ws-port "$ws_port" \
      >"$log" 2>&1 &
  node_pid=$!
  trap 'kill $node_pid 2>/dev/null; wait $node_pid 2>/dev/null; rm -rf "$data"' EXIT
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$http_port/readyz" >/dev/null 2>&1 && break
    kill -0 $node_pid 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
  done
  args+=(--http-port "$http_port" --ws-port "$ws_port" --node-pid "$node_pid")
  echo "loadtest: node pid $node_pid, data in $data"
fi

"${gen_cpu[@]}" "$build/actorgram-loadgen" "${args[@]}"
