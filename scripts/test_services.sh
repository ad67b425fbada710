#!/usr/bin/env bash
# test_services.sh start|stop — Redis and PostgreSQL on loopback ports for the health
# tests. `start` installs them when missing (apt-get), starts them if they are not
# already up (idempotent), and prints the variables the tests read:
#   AGENTSPEC_TEST_REDIS=127.0.0.1:16379       Redis without a password
#   AGENTSPEC_TEST_REDIS_AUTH=127.0.0.1:16380  Redis with requirepass (password: agentspec)
#   AGENTSPEC_TEST_POSTGRES=127.0.0.1:15432    PostgreSQL, trust auth, user postgres
# Use: eval "$(bash scripts/test_services.sh start)". PostgreSQL runs as the `postgres`
# user (it refuses root) from a cluster under $STATE.
set -euo pipefail
STATE=${AGENTSPEC_TEST_SERVICES_DIR:-/tmp/agentspec-test-services}
REDIS_PORT=16379 REDIS_AUTH_PORT=16380 PG_PORT=15432

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install() {
    local missing=()
    command -v redis-server >/dev/null || missing+=(redis-server)
    [ -n "$(pg_bin)" ] || missing+=(postgresql)
    if [ ${#missing[@]} -gt 0 ]; then
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
    fi
}

as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    install
    mkdir -p "$STATE"
    redis-cli -p $REDIS_PORT ping >/dev/null 2>&1 || redis-server --port $REDIS_PORT --bind 127.0.0.1 --daemonize yes \
        --save '' --appendonly no --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log" >&2
    redis-cli -p $REDIS_AUTH_PORT ping >/dev/null 2>&1 || redis-server --port $REDIS_AUTH_PORT --bind 127.0.0.1 --daemonize yes \
        --save '' --appendonly no --requirepass agentspec --pidfile "$STATE/redis-auth.pid" --logfile "$STATE/redis-auth.log" >&2
    local bin; bin=$(pg_bin)
    local data="$STATE/pg"
    if [ ! -f "$data/PG_VERSION" ]; then
        mkdir -p "$data"
        [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$STATE" || true
        as_postgres "$bin/initdb" -D "$data" -U postgres --auth=trust >"$STATE/initdb.log" 2>&1
    fi
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$STATE" || true
    if ! as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_postgres "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
            -o "-p $PG_PORT -k $data -c listen_addresses=127.0.0.1" start >&2
    fi
    # Readiness: poll until both answer (no fixed sleeps).
    for _ in $(seq 1 100); do
        if redis-cli -p $REDIS_PORT ping 2>/dev/null | grep -q PONG && "$bin/pg_isready" -h 127.0.0.1 -p $PG_PORT -q; then
            echo "export AGENTSPEC_TEST_REDIS=127.0.0.1:$REDIS_PORT"
            echo "export AGENTSPEC_TEST_REDIS_AUTH=127.0.0.1:$REDIS_AUTH_PORT"
            echo "export AGENTSPEC_TEST_POSTGRES=127.0.0.1:$PG_PORT"
            return 0
        fi
        "$bin/pg_isready" -h 127.0.0.1 -p $PG_PORT -t 1 -q || true
    done
    echo "test services did not become ready; see $STATE/*.log" >&2
    return 1
}

stop() {
    redis-cli -p $REDIS_PORT shutdown nosave >/dev/null 2>&1 || true
    redis-cli -p $REDIS_AUTH_PORT -a agentspec --no-auth-warning shutdown nosave >/dev/null 2>&1 || true
    local bin; bin=$(pg_bin)
    if [ -n "$bin" ] && [ -f "$STATE/pg/PG_VERSION" ]; then
        as_postgres "$bin/pg_ctl" -D "$STATE/pg" -m fast -w stop >/dev/null 2>&1 || true
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 64 ;;
esac
