#!/usr/bin/env bash
# The benchmark harness: builds release, installs the real OPA engine when it can,
# starts opa_server.py on a free loopback port with the benchmark's policies, and prints
# one table of per-decision times (embedded VM, OPA in-process, remote OPA) and ratios.
# Still runs, and says which rows are missing, when the OPA engine cannot be installed.
#   benchmarks/run.sh [--quick] [--wall]
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="$(cd .. && pwd)/shared"
OPA_TOOLS="$SHARED/tools/opa"

echo "== building release (PolicyBench)" >&2
swift build -c release --product PolicyBench 2>&1 | tail -n 1 >&2
BENCH=".build/release/PolicyBench"
args=("$@")

if OPA_HOME="$(bash "$OPA_TOOLS/install.sh" 2>/dev/null)" && [ -f "$OPA_HOME/opa_bindings/libopabridge.so" ]; then
    args+=(--opa-home "$OPA_HOME")
    fixtures="$(mktemp -d)"
    server_pid=""
    cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$fixtures"; }
    trap cleanup EXIT
    "$BENCH" --write-fixtures "$fixtures"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    OPA_BINDINGS_DIR="$OPA_HOME" python3 "$OPA_TOOLS/opa_server.py" --addr "127.0.0.1:$port" "$fixtures" >/dev/null 2>&1 &
    server_pid=$!
    # Poll the server's health endpoint until it answers (no fixed sleep).
    ready=""
    for _ in $(seq 1 200); do
        if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/health', timeout=0.2)" 2>/dev/null; then
            ready=1; break
        fi
        kill -0 "$server_pid" 2>/dev/null || break
        python3 -c "import time; time.sleep(0.05)"
    done
    if [ -n "$ready" ]; then args+=(--opa-port "$port"); else echo "opa_server.py did not start; remote rows skipped" >&2; fi
else
    echo "the OPA engine could not be installed ($OPA_TOOLS/install.sh): OPA rows skipped" >&2
fi

"$BENCH" "${args[@]}"
