#!/usr/bin/env bash
# Sidecar load benchmark: the same tiny agent behind `agentspec sidecar`
#   (a) OPA_PROXY_MODE=off                       — the proxy alone, no decisions
#   (b) track, embedded VM                       — every response reports behaviour, every request decided
#   (c) track, OPA_URL = opa_server.py (real OPA) — the same decisions over loopback HTTP
# wrk, 2 threads, 32 and 256 connections, DURATION each (default 10s). Prints req/s and
# p50/p99 side by side and the ratio (b)/(a) (target ≥ 90%). Row (c) is skipped, with the
# reason, when the OPA engine cannot be installed.
# Usage: benchmarks/sidecar/run.sh [duration]   (from the package root)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-10s}"
SHARED="$(cd .. && pwd)/shared"
WORK="$(mktemp -d /tmp/agentspec-sidecarbench.XXXXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null 2>&1; then
    echo "installing wrk with apt-get…" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
swift build -c release --product ProxyBench >/dev/null
swift build -c release --product agentspec >/dev/null
BIN="$(swift build -c release --show-bin-path)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() {
    for _ in $(seq 400); do
        python3 -c "import urllib.request; urllib.request.urlopen('$1', timeout=0.2)" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "$1 never answered" >&2; exit 1
}

UP=$(free_port)
"$BIN/ProxyBench" upstream "$UP" >/dev/null & PIDS+=($!)
wait_http "http://127.0.0.1:$UP/"

# The manifest's generated bundle, for the remote OPA.
"$BIN/agentspec" generate-policy examples/gymcoach/agent.yaml --out "$WORK/bundle" >/dev/null
OPA_PORT=""
if bash "$SHARED/tools/opa/install.sh" >/dev/null 2>&1; then
    OPA_PORT=$(free_port)
    python3 "$SHARED/tools/opa/opa_server.py" --addr "127.0.0.1:$OPA_PORT" "$WORK/bundle" >/dev/null 2>&1 & PIDS+=($!)
    wait_http "http://127.0.0.1:$OPA_PORT/health"
fi

run_sidecar() { # key label mode opa-url
    local proxy control
    proxy=$(free_port); control=$(free_port)
    env UPSTREAM_URL="http://127.0.0.1:$UP" MANIFEST_PATH=examples/gymcoach/agent.yaml BIND_ADDRESS=127.0.0.1 \
        PROXY_PORT="$proxy" CONTROL_PLANE_PORT="$control" OPA_PROXY_MODE="$3" LOG_LEVEL=error ${4:+OPA_URL=$4} \
        "$BIN/agentspec" sidecar >/dev/null 2>"$WORK/$1.err" & local pid=$!
    PIDS+=("$pid")
    wait_http "http://127.0.0.1:$control/agentspec/health/live"
    for c in 32 256; do
        local out
        out=$(wrk -t2 -c"$c" -d"$DURATION" --latency "http://127.0.0.1:$proxy/agent" 2>&1)
        local rps p50 p99
        rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
        p50=$(awk '$1=="50%"{print $2}' <<<"$out")
        p99=$(awk '$1=="99%"{print $2}' <<<"$out")
        printf '| %-34s | %4s | %10s | %8s | %8s |\n' "$2" "$c" "$rps" "$p50" "$p99"
        echo "$1 $c $rps" >>"$WORK/results"
    done
    # Every /agent response reports behaviour: in track mode each request was decided.
    { curl -s "http://127.0.0.1:$control/agentspec/metrics" | grep -E '^agentspec_decisions_total' || echo "no decisions"; } \
        | sed "s/^/    $2: /" >>"$WORK/decisions"
    kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "| sidecar                            | conn |      req/s |      p50 |      p99 |"
echo "|------------------------------------|------|------------|----------|----------|"
run_sidecar off "off (no decisions)" off ""
run_sidecar embedded "track, embedded VM" track ""
if [ -n "$OPA_PORT" ]; then
    run_sidecar remote "track, remote OPA (opa_server.py)" track "http://127.0.0.1:$OPA_PORT"
else
    echo "| track, remote OPA                  | skipped: the OPA engine could not be installed |"
fi
echo
awk '{ r[$1" "$2] = $3 }
     END { for (c in a) ; n = split("32 256", cs, " ")
           for (i = 1; i <= n; i++) { c = cs[i]
             if (r["off " c] > 0) printf "track (embedded) / off at %s connections: %.1f%%\n", c, 100 * r["embedded " c] / r["off " c]
             if (r["remote " c] > 0) printf "track (remote OPA) / off at %s connections: %.1f%%\n", c, 100 * r["remote " c] / r["off " c] } }' "$WORK/results"
echo "decisions counted by the sidecar:"
cat "$WORK/decisions" 2>/dev/null || true
