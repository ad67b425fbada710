#!/usr/bin/env bash
# Sidecar load benchmark: the same tiny agent behind `agentspec sidecar`
#   (a) OPA_PROXY_MODE=off                       — the proxy alone, no decisions
#   (b) track, embedded VM                       — every response reports behaviour, every request decided
#   (c) track, OPA_URL = opa_server.py (real OPA) — the same decisions over loopback HTTP
# wrk, 2 threads, 32 and 256 connections. The three sidecars run side by side and are
# measured in alternation, ROUNDS rounds of DURATION each (default 5 x 5s): on a shared
# 2-core machine throughput drifts by tens of percent between runs, and alternating
# spreads that drift over every mode instead of charging it to one. Prints, per mode, the
# median req/s, p50 and p99 over the rounds, and the ratio (b)/(a) of the medians
# (target >= 90%) with the range of the per-round ratios. Row (c) is skipped, with the
# reason, when the OPA engine cannot be installed.
# Usage: benchmarks/sidecar/run.sh [duration] [rounds]   (from the package root)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-5s}"
ROUNDS="${2:-5}"
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

start_sidecar() { # key mode opa-url
    local proxy control
    proxy=$(free_port); control=$(free_port)
    env UPSTREAM_URL="http://127.0.0.1:$UP" MANIFEST_PATH=examples/gymcoach/agent.yaml BIND_ADDRESS=127.0.0.1 \
        PROXY_PORT="$proxy" CONTROL_PLANE_PORT="$control" OPA_PROXY_MODE="$2" LOG_LEVEL=error ${3:+OPA_URL=$3} \
        "$BIN/agentspec" sidecar >/dev/null 2>"$WORK/$1.err" & PIDS+=($!)
    wait_http "http://127.0.0.1:$control/agentspec/health/live"
    echo "$1 $proxy $control" >>"$WORK/sidecars"
}

start_sidecar off off ""
start_sidecar embedded track ""
if [ -n "$OPA_PORT" ]; then start_sidecar remote track "http://127.0.0.1:$OPA_PORT"; fi

declare -A LABEL=([off]="off (no decisions)" [embedded]="track, embedded VM" [remote]="track, remote OPA (opa_server.py)")
while read -r key proxy _; do wrk -t2 -c32 -d1s "http://127.0.0.1:$proxy/agent" >/dev/null 2>&1; done <"$WORK/sidecars"
for c in 32 256; do
    for round in $(seq "$ROUNDS"); do
        while read -r key proxy _; do
            out=$(wrk -t2 -c"$c" -d"$DURATION" --latency "http://127.0.0.1:$proxy/agent" 2>&1)
            rps=$(awk '/Requests\/sec/{print $2}' <<<"$out")
            p50=$(awk '$1=="50%"{print $2}' <<<"$out")
            p99=$(awk '$1=="99%"{print $2}' <<<"$out")
            echo "$key $c $round $rps $p50 $p99" >>"$WORK/results"
        done <"$WORK/sidecars"
    done
done

# Medians over the rounds; latencies converted to ms for sorting.
python3 - "$WORK/results" "$ROUNDS" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def ms(t):
    for unit, f in (("us", 1e-3), ("ms", 1.0), ("s", 1e3)):
        if t.endswith(unit): return float(t[:-len(unit)]) * f
    return float(t)
label = {"off": "off (no decisions)", "embedded": "track, embedded VM", "remote": "track, remote OPA (opa_server.py)"}
print("| sidecar                            | conn | median req/s | median p50 | median p99 |")
print("|------------------------------------|------|--------------|------------|------------|")
med = {}
for key in ("off", "embedded", "remote"):
    for c in ("32", "256"):
        r = [x for x in rows if x[0] == key and x[1] == c]
        if not r: continue
        med[key, c] = statistics.median(float(x[3]) for x in r)
        print("| %-34s | %4s | %12.0f | %8.2fms | %8.2fms |" % (label[key], c, med[key, c],
              statistics.median(ms(x[4]) for x in r), statistics.median(ms(x[5]) for x in r)))
if ("remote", "32") not in med:
    print("| track, remote OPA                  | skipped: the OPA engine could not be installed |")
print()
for c in ("32", "256"):
    by_round = {(x[0], x[2]): float(x[3]) for x in rows if x[1] == c}
    for key, name in (("embedded", "track (embedded)"), ("remote", "track (remote OPA)")):
        if (key, c) not in med: continue
        ratios = [100 * by_round[key, r] / by_round["off", r] for r in map(str, range(1, int(sys.argv[2]) + 1))
                  if (key, r) in by_round and by_round.get(("off", r))]
        print("%s / off at %s connections: %.1f%% of the medians (per round %.0f%%..%.0f%%, %d rounds)"
              % (name, c, 100 * med[key, c] / med["off", c], min(ratios), max(ratios), len(ratios)))
PY
echo "decisions counted by the sidecar:"
while read -r key _ control; do
    { curl -s "http://127.0.0.1:$control/agentspec/metrics" | grep -E '^agentspec_decisions_total' || echo "no decisions"; } \
        | sed "s/^/    ${LABEL[$key]}: /"
done <"$WORK/sidecars"
