#!/usr/bin/env bash
# A cluster of N local nodes on loopback, for trying and load-testing:
#   scripts/cluster.sh start N   installs and builds if needed, then starts
#                                nodes 1..N (all of them seeds) and waits
#                                until they have formed one shard map
#   scripts/cluster.sh status    each node's view (actorgram cluster status)
#   scripts/cluster.sh stop      stops them (SIGTERM) and waits
# Node K: HTTP 127.0.0.1:$((8080 + 10*(K-1))), WebSocket $((8081 + 10*(K-1)))/ws,
# cluster port $((7000 + K)), data $CLUSTER_DIR/nodeK, log $CLUSTER_DIR/nodeK.log.
# CLUSTER_DIR (./cluster) holds them and the shared secret (made once);
# ACTORGRAM_BIN (build/actorgram) is the binary; HTTP_BASE (8080), WS_BASE
# (8081) and CLUSTER_BASE (7000) move the ports; NODE_WRAP (e.g.
# "taskset -c 1") runs each node under a command. Extra arguments after N go
# to every node; ACTORGRAM_* variables reach every node too.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${CLUSTER_DIR:-cluster}
bin=${ACTORGRAM_BIN:-build/actorgram}

http_port() { echo $((${HTTP_BASE:-8080} + 10 * ($1 - 1))); }
ws_port() { echo $((${WS_BASE:-8081} + 10 * ($1 - 1))); }
cluster_port() { echo $((${CLUSTER_BASE:-7000} + $1)); }
wrap=()
read -r -a wrap <<<"${NODE_WRAP:-}"

nodes() { ls "$dir"/node*.pid 2>/dev/null | sed 's/.*node\([0-9]*\)\.pid/\1/' | sort -n; }

start() {
  local n=${1:?usage: scripts/cluster.sh start N [node flags...]}
  shift
  [[ "$n" =~ ^[0-9]+$ ]] && ((n >= 1 && n <= 64)) || { echo "N must be 1-64" >&2; exit 2; }
  if [[ -z "${ACTORGRAM_BIN:-}" && ! -x "$bin" ]]; then
    scripts/setup.sh
    scripts/build.sh
  fi
  mkdir -p "$dir"
  if [[ ! -s "$dir/secret" ]]; then
    (umask 077 && head -c 48 /dev/urandom >"$dir/secret")
  fi
  local seeds="" k
  for ((k = 1; k <= n; k++)); do seeds+="${seeds:+,}127.0.0.1:$(cluster_port $k)"; done
  for ((k = 1; k <= n; k++)); do
    if [[ -f "$dir/node$k.pid" ]] && kill -0 "$(cat "$dir/node$k.pid")" 2>/dev/null; then
      echo "node $k is running already (pid $(cat "$dir/node$k.pid"))" >&2
      exit 1
    fi
    ACTORGRAM_CLUSTER_SECRET_FILE="$dir/secret" nohup "${wrap[@]+"${wrap[@]}"}" "$bin" \
      --config config/node.yaml \
      --node-id "$k" --data-dir "$dir/node$k" --http-port "$(http_port $k)" \
      --ws-port "$(ws_port $k)" --cluster-port "$(cluster_port $k)" --seeds "$seeds" "$@" \
      >"$dir/node$k.log" 2>&1 &
    echo $! >"$dir/node$k.pid"
  done
  for ((k = 1; k <= n; k++)); do
    for _ in $(seq 1 150); do
      curl -sf "http://127.0.0.1:$(http_port $k)/readyz" >/dev/null && break
      kill -0 "$(cat "$dir/node$k.pid")" 2>/dev/null || { cat "$dir/node$k.log" >&2; exit 1; }
      sleep 0.1
    done
  done
  for _ in $(seq 1 100); do
    local formed=1
    for ((k = 1; k <= n; k++)); do
      status_of "$k" | grep -q '"map_version":0' && formed=0
    done
    ((formed)) && break
    sleep 0.2
  done
  printf '%-5s %-8s %-22s %-28s %-16s %s\n' node pid http websocket cluster data
  for ((k = 1; k <= n; k++)); do
    printf '%-5s %-8s %-22s %-28s %-16s %s\n' "$k" "$(cat "$dir/node$k.pid")" \
      "127.0.0.1:$(http_port $k)" "ws://127.0.0.1:$(ws_port $k)/ws" \
      "127.0.0.1:$(cluster_port $k)" "$dir/node$k"
  done
  echo "secret: $dir/secret   logs: $dir/nodeK.log   stop: scripts/cluster.sh stop"
}

status_of() {
  ACTORGRAM_CLUSTER_SECRET_FILE="$dir/secret" "$bin" cluster status --json \
    --cluster-port "$(cluster_port "$1")" 2>&1 || true
}

status() {
  local k
  for k in $(nodes); do
    echo "== node $k (pid $(cat "$dir/node$k.pid"))"
    ACTORGRAM_CLUSTER_SECRET_FILE="$dir/secret" "$bin" cluster status \
      --cluster-port "$(cluster_port "$k")" || true
  done
}

stop() {
  local k pid
  for k in $(nodes); do
    pid=$(cat "$dir/node$k.pid")
    kill "$pid" 2>/dev/null || true
  done
  for k in $(nodes); do
    pid=$(cat "$dir/node$k.pid")
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$dir/node$k.pid"
    echo "node $k stopped"
  done
}

case "${1:-}" in
  start) shift; start "$@" ;;
  status) status ;;
  stop) stop ;;
  *) echo "usage: scripts/cluster.sh start N [node flags...] | status | stop" >&2; exit 2 ;;
esac
