#!/usr/bin/env bash
# HTTP load benchmark: a tiny upstream measured (a) directly, (b) behind nginx as a
# reverse proxy with upstream keep-alive, (c) behind this project's proxy (ProxyBench).
# Each run: wrk, 10 s, 2 threads, 32 and 256 connections. Prints req/s and p50/p99
# side by side, and the RSS of each proxy idle and under load. With ROUNDS > 1 the three
# targets are measured in alternation, round after round, and the table gives the median
# of each column with the range of the per-round proxy/nginx ratios: on a shared 2-core
# machine throughput drifts between runs, and alternating spreads the drift over both.
# Usage: benchmarks/http/run.sh [duration] [rounds]   (from the package root)
set -euo pipefail
cd "$(dirname "$0")/../.."
source benchmarks/lib.sh
DURATION="${1:-10s}"
ROUNDS="${2:-1}"
WORK="$(mktemp -d /tmp/agentspec-httpbench.XXXXXX)"
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    kill "$(cat "$WORK/nginx.pid" 2>/dev/null)" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

need() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
if ! need wrk || ! need nginx; then
    echo "installing wrk and nginx with apt-get…" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

swift build -c release --product ProxyBench >/dev/null
BIN="$(swift build -c release --show-bin-path)/ProxyBench"

wait_port() {
    for _ in $(seq 200); do
        python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',$1),0.2)" 2>/dev/null && return 0
        sleep 0.05
    done
    echo "port $1 never opened" >&2; exit 1
}
rss_kb() { # sum of VmRSS over the given pids
    local total=0
    for pid in "$@"; do
        local kb; kb=$(awk '/VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        total=$((total + ${kb:-0}))
    done
    echo "$total"
}

UP_PORT=$(free_port); NGX_PORT=$(free_port); PX_PORT=$(free_port)
"$BIN" upstream "$UP_PORT" >/dev/null & PIDS+=($!)
wait_port "$UP_PORT"

write_nginx_conf "$WORK" "$NGX_PORT" "$UP_PORT"
"$NGINX" -c "$WORK/nginx.conf" -g 'daemon off;' 2>"$WORK/nginx.err" & PIDS+=($!)
NGX_MASTER=$!
wait_port "$NGX_PORT"

"$BIN" proxy "$PX_PORT" "http://127.0.0.1:$UP_PORT" >/dev/null & PIDS+=($!)
PX_PID=$!
wait_port "$PX_PORT"

nginx_pids() { echo "$NGX_MASTER $(pgrep -P "$NGX_MASTER" | tr '\n' ' ')"; }
curl -s "http://127.0.0.1:$PX_PORT/" >/dev/null; curl -s "http://127.0.0.1:$NGX_PORT/" >/dev/null
PX_IDLE=$(rss_kb "$PX_PID"); NGX_IDLE=$(rss_kb $(nginx_pids))

declare -A RPS P50 P99 PEAK
run() { # name port conns round pids...
    local name=$1 port=$2 conns=$3 round=$4; shift 4
    local out="$WORK/$name-$conns-$round.txt" peak=0
    wrk -t2 -c"$conns" -d"$DURATION" --latency "http://127.0.0.1:$port/" >"$out" 2>&1 &
    local wrk_pid=$!
    while kill -0 "$wrk_pid" 2>/dev/null; do
        if [ $# -gt 0 ]; then local now; now=$(rss_kb "$@"); [ "$now" -gt "$peak" ] && peak=$now; fi
        sleep 0.5
    done
    wait "$wrk_pid" || true
    RPS[$name-$conns]+="$(awk '/Requests\/sec/{print $2}' "$out") "
    P50[$name-$conns]+="$(to_us "$(awk '$1=="50%"{print $2}' "$out")") "
    P99[$name-$conns]+="$(to_us "$(awk '$1=="99%"{print $2}' "$out")") "
    [ "$peak" -gt "${PEAK[$name-$conns]:-0}" ] && PEAK[$name-$conns]=$peak
    if grep -q "Non-2xx\|Socket errors" "$out"; then echo "  $name c=$conns: $(grep -E 'Non-2xx|Socket errors' "$out" | tr -s ' ')" >&2; fi
}
to_us() { # wrk latency (e.g. 812.00us, 1.54ms, 2.01s) in microseconds
    awk -v v="$1" 'BEGIN{n=v+0; if (v ~ /ms$/) n*=1000; else if (v ~ /[0-9]s$/) n*=1000000; print n}'
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
latency() { awk -v u="$1" 'BEGIN{if (u >= 1000) printf "%.2fms", u/1000; else printf "%.0fus", u}'; }

for round in $(seq "$ROUNDS"); do
    for conns in 32 256; do
        run direct "$UP_PORT" "$conns" "$round"
        run nginx "$NGX_PORT" "$conns" "$round" $(nginx_pids)
        run proxy "$PX_PORT" "$conns" "$round" "$PX_PID"
    done
done

[ "$ROUNDS" -gt 1 ] && printf '\nmedians over %s rounds of %s\n' "$ROUNDS" "$DURATION"
printf '\n%-6s %-8s %12s %10s %10s %14s\n' conns target 'req/s' p50 p99 'peak RSS (MB)'
for conns in 32 256; do
    for name in direct nginx proxy; do
        peak=${PEAK[$name-$conns]:-0}
        printf '%-6s %-8s %12.0f %10s %10s %14s\n' "$conns" "$name" "$(median <<<"${RPS[$name-$conns]}")" \
            "$(latency "$(median <<<"${P50[$name-$conns]}")")" "$(latency "$(median <<<"${P99[$name-$conns]}")")" \
            "$([ "$peak" -gt 0 ] && awk "BEGIN{printf \"%.1f\", $peak/1024}" || echo -)"
    done
done
for conns in 32 256; do
    read -ra proxy_rps <<<"${RPS[proxy-$conns]}"; read -ra nginx_rps <<<"${RPS[nginx-$conns]}"
    ratios=""
    for i in "${!proxy_rps[@]}"; do ratios+="$(awk -v a="${proxy_rps[$i]}" -v b="${nginx_rps[$i]}" 'BEGIN{printf "%.0f", 100*a/b}') "; done
    awk -v a="$(median <<<"${RPS[proxy-$conns]}")" -v b="$(median <<<"${RPS[nginx-$conns]}")" -v c="$conns" -v r="$ratios" -v n="$ROUNDS" \
        'BEGIN{split(r, x, " "); lo=x[1]; hi=x[1]; for (i in x) { if (x[i]+0 < lo+0) lo=x[i]; if (x[i]+0 > hi+0) hi=x[i] }
               printf "c=%s: proxy/nginx throughput = %.0f%%", c, 100*a/b; if (n > 1) printf " (per round %s%%..%s%%)", lo, hi; printf "\n"}'
done
printf 'RSS idle: proxy %.1f MB, nginx (master+workers) %.1f MB\n' "$(awk "BEGIN{print $PX_IDLE/1024}")" "$(awk "BEGIN{print $NGX_IDLE/1024}")"
