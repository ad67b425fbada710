#!/usr/bin/env bash
# Instructions per proxied request, counted by callgrind (not timed: the count does not
# move with the machine's load, so it steers optimisation on a shared machine).
#   proxy    ProxyBench proxy: the HTTP layer alone (ReverseProxy on HTTPServer)
#   off      agentspec sidecar, OPA_PROXY_MODE=off: every request proxied and audited
#   track    agentspec sidecar, track, embedded VM: every request also decided
#   logged   track, every decision also logged (DECISION_LOG_URL, gzip level 1) to a local
#            collector sink; before each dump the log's queue is given time to encode,
#            compress and upload what the requests made (its work counts: all threads)
#   stored   the same with DECISION_LOG_GZIP_LEVEL=0
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

# A logging sidecar's queue encodes every 50 ms and uploads within its flush interval
# (DECISION_LOG_FLUSH_INTERVAL_MS, default 5 s): wait until the sink has every event.
settle() { # target
    case "$1" in logged|stored) ;; *) return 0 ;; esac
    local want=$((SENT += $( [ "$SETTLED" = "$1" ] && echo "$COUNT" || echo "$WARMUP" ) ))
    SETTLED="$1"
    for _ in $(seq 1 300); do
        local got; got=$(curl -s "http://127.0.0.1:$SINK/" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])')
        [ "$got" -ge "$want" ] && return 0
        sleep 0.1
    done
    echo "the collector sink has $got of $want events" >&2; exit 1
}

SINK=$(free_port)
python3 benchmarks/sidecar/collector_sink.py "$SINK" >/dev/null & PIDS+=($!)
wait_http "http://127.0.0.1:$SINK/"
SENT=0
SETTLED=""

measure() { # target
    local port control out pid
    port=$(free_port); control=$(free_port); out="$WORK/$1"
    mkdir -p "$out"
    case "$1" in
        proxy)
            PROXYBENCH_THREADS=1 valgrind --tool=callgrind --callgrind-out-file="$out/cg.%p" \
                "$WORK/ProxyBench" proxy "$port" "http://127.0.0.1:$UP" >/dev/null 2>"$out/err" & pid=$! ;;
        off|track|logged|stored)
            local mode="$1" logging=()
            case "$1" in
                logged) mode=track; logging=(DECISION_LOG_URL="http://127.0.0.1:$SINK/logs") ;;
                stored) mode=track; logging=(DECISION_LOG_URL="http://127.0.0.1:$SINK/logs" DECISION_LOG_GZIP_LEVEL=0) ;;
            esac
            env "${logging[@]}" UPSTREAM_URL="http://127.0.0.1:$UP" MANIFEST_PATH=examples/gymcoach/agent.yaml BIND_ADDRESS=127.0.0.1 \
                PROXY_PORT="$port" CONTROL_PLANE_PORT="$control" OPA_PROXY_MODE="$mode" LOG_LEVEL=error \
                valgrind --tool=callgrind --callgrind-out-file="$out/cg.%p" \
                "$WORK/agentspec" sidecar >/dev/null 2>"$out/err" & pid=$! ;;
        *) echo "unknown target $1" >&2; exit 64 ;;
    esac
    PIDS+=("$pid")
    wait_http "http://127.0.0.1:$port/agent" 2400
    requests "$port" "$WARMUP"
    settle "$1"
    callgrind_control -d "$pid" >/dev/null 2>&1
    requests "$port" "$COUNT"
    settle "$1"
    callgrind_control -d "$pid" >/dev/null 2>&1
    kill "$pid"; wait "$pid" 2>/dev/null || true
    # Dumps are numbered .1, .2 …: the last one holds the COUNT requests.
    local last; last=$(ls "$out"/cg.*.* | sort -t. -k3 -n | tail -1)
    local ir; ir=$(awk '/^summary:/{print $2}' "$last")
    python3 -c "print('%-6s %8.2fk instructions per request' % ('$1', $ir / $COUNT / 1000))"
}

for t in "${TARGETS[@]}"; do measure "$t"; done
