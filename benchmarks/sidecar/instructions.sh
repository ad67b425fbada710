#!/usr/bin/env bash
# Instructions per proxied request, counted by callgrind (not timed: the count does not
# move with the machine's load, so it steers optimisation on a shared machine).
#   proxy    ProxyBench proxy: the HTTP layer alone (ReverseProxy on HTTPServer)
#   off      agentspec sidecar, OPA_PROXY_MODE=off: every request proxied and audited
#   track    agentspec sidecar, track, embedded VM: every request also decided
# The upstream is ProxyBench's tiny agent (natively, outside valgrind); its /agent route
# reports behaviour in X-AgentSpec-* headers, as benchmarks/sidecar/run.sh measures.
# Method: one keep-alive client sends WARMUP requests, callgrind's counters are dumped,
# then COUNT more, dumped again: the second dump's Ir / COUNT. Release build; valgrind
# reads a `strip -g` copy because it cannot read this toolchain's debug info.
# Usage: benchmarks/sidecar/instructions.sh [target…]   (default: proxy off track)
set -euo pipefail
cd "$(dirname "$0")/../.."
source benchmarks/lib.sh
TARGETS=("$@")
[ $# -eq 0 ] && TARGETS=(proxy off track)
WARMUP="${WARMUP:-200}"
COUNT="${COUNT:-1000}"
WORK="$(mktemp -d /tmp/agentspec-instructions.XXXXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ -n "${KEEP:-}" ]; then echo "dumps kept in $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
swift build -c release --product ProxyBench >/dev/null
swift build -c release --product agentspec >/dev/null
BIN="$(swift build -c release --show-bin-path)"
cp "$BIN/ProxyBench" "$BIN/agentspec" "$WORK/"
strip -g "$WORK/ProxyBench" "$WORK/agentspec"

# Sends $2 keep-alive GETs to port $1, path /agent; fails on any status but 200.
requests() {
    python3 - "$1" "$2" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=60)
for _ in range(int(sys.argv[2])):
    c.request("GET", "/agent")
    r = c.getresponse(); r.read()
    if r.status != 200: sys.exit("status %d" % r.status)
PY
}

UP=$(free_port)
"$BIN/ProxyBench" upstream "$UP" >/dev/null & PIDS+=($!)
wait_http "http://127.0.0.1:$UP/"

measure() { # target
    local port control out pid
    port=$(free_port); control=$(free_port); out="$WORK/$1"
    mkdir -p "$out"
    case "$1" in
        proxy)
            PROXYBENCH_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$out/cg.%p" \
                "$WORK/ProxyBench" proxy "$port" "http://127.0.0.1:$UP" >/dev/null 2>"$out/err" & pid=$! ;;
        off|track)
            env UPSTREAM_URL="http://127.0.0.1:$UP" MANIFEST_PATH=examples/gymcoach/agent.yaml BIND_ADDRESS=127.0.0.1 \
                PROXY_PORT="$port" CONTROL_PLANE_PORT="$control" OPA_PROXY_MODE="$1" LOG_LEVEL=error \
                valgrind --tool=callgrind --callgrind-out-file="$out/cg.%p" \
                "$WORK/agentspec" sidecar >/dev/null 2>"$out/err" & pid=$! ;;
        *) echo "unknown target $1" >&2; exit 64 ;;
    esac
    PIDS+=("$pid")
    wait_http "http://127.0.0.1:$port/agent" 2400
    requests "$port" "$WARMUP"
    callgrind_control -d "$pid" >/dev/null 2>&1
    requests "$port" "$COUNT"
    callgrind_control -d "$pid" >/dev/null 2>&1
    kill "$pid"; wait "$pid" 2>/dev/null || true
    # Dumps are numbered .1, .2 …: the last one holds the COUNT requests.
    local last; last=$(ls "$out"/cg.*.* | sort -t. -k3 -n | tail -1)
    local ir; ir=$(awk '/^summary:/{print $2}' "$last")
    python3 -c "print('%-6s %8.2fk instructions per request' % ('$1', $ir / $COUNT / 1000))"
}

for t in "${TARGETS[@]}"; do measure "$t"; done
