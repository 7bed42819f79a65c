#!/usr/bin/env bash
# Instructions `todo serve` spends per request (callgrind): a figure that does not depend on
# the machine's load, for the per-request path (router, middleware, handler, response) that
# wrk's CPU µs measure too noisily on a shared machine. One server thread, SQLite, access log
# on; REQUESTS keep-alive requests per scenario from one curl, counted between
# `callgrind_control --zero` and `--dump`, so start-up and set-up are left out.
#   bench/http-callgrind.sh [TODO_BINARY] [REQUESTS]    (default: the release build, 2000)
# KEEP_DUMPS=DIR keeps each scenario's callgrind file there (callgrind.health, .get, .list).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
requests="${2:-2000}"
callgrind_todo "${1:-}"
port=18181
bench_workdir http-callgrind
start_callgrind_server "$port"

base="http://127.0.0.1:$port/api/v1"
token=$(curl -sf -H 'Content-Type: application/json' -d '{"email":"bench@example.com","password":"correct horse battery"}' \
    "$base/auth/register" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
for i in $(seq 50); do
    curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"title\":\"task $i\",\"due_at\":\"2026-12-$(printf %02d $(( i % 28 + 1 )))T09:00:00Z\"}" "$base/tasks"
done
id=$(curl -sf -H "Authorization: Bearer $token" "$base/tasks?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["tasks"][0]["id"])')

measure() { # name url
    local name="$1" url="$2" dump
    for _ in $(seq "$requests"); do echo "url = \"$url\""; echo "output = /dev/null"; done >"$work/$name.curl"
    curl -sf -H "Authorization: Bearer $token" -K "$work/$name.curl"   # warms the thread's caches
    callgrind_control --zero "$server_pid" >/dev/null 2>&1
    curl -sf -H "Authorization: Bearer $token" -K "$work/$name.curl"
    dump=$(callgrind_dump "$name")
    awk -v name="$name" -v n="$requests" '/^summary:/ { printf "| %s | %d |\n", name, $2 / n }' "$dump"
}

echo "| scenario ($requests requests) | instructions per request |"
echo "|---|---|"
measure health "http://127.0.0.1:$port/healthz"
measure get "$base/tasks/$id"
measure list "$base/tasks?limit=50"
