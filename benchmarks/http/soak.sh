#!/usr/bin/env bash
# Bounded soak run of the proxy (default 120 s): starts the tiny upstream and the proxy
# (release ProxyBench), drives mixed traffic with soak.py, and fails on an unexpected
# status, a crash, descriptor leaks or RSS growth. Usage: benchmarks/http/soak.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN="${1:-120}"
swift build -c release --product ProxyBench >/dev/null
BIN="$(swift build -c release --show-bin-path)/ProxyBench"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
    for _ in $(seq 200); do
        python3 -c "import socket; socket.create_connection(('127.0.0.1',$1),0.2)" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "port $1 never opened" >&2; exit 1
}
UP=$(free_port); PX=$(free_port)
"$BIN" upstream "$UP" >/dev/null & PIDS+=($!)
wait_port "$UP"
PROXYBENCH_HEADER_TIMEOUT_MS=2000 "$BIN" proxy "$PX" "http://127.0.0.1:$UP" >/dev/null & PIDS+=($!)
PROXY_PID=$!
wait_port "$PX"
python3 benchmarks/http/soak.py "$PX" "$PROXY_PID" "$SECONDS_TO_RUN"
